// One open waveOut handle: the WASAPI shared-mode stream, the engine thread that feeds it from the header queue,
// and the WOM_DONE deliveries. The exports (wave_out.cpp) validate their arguments and call in here.
#pragma once

#include <windows.h>

#include <audioclient.h>
#include <mmsystem.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "format.h"
#include "header_queue.h"

namespace winmm::wave {

// Where and how an open handle reports WOM_* messages (a DCB_* kind for winmm::driver::notify()).
struct CallbackTarget {
    DWORD_PTR target = 0;
    DWORD dcb = 0;  // DCB_NULL, DCB_WINDOW, DCB_TASK, DCB_FUNCTION or DCB_EVENT
    DWORD_PTR user = 0;
};

class OutStream : public std::enable_shared_from_this<OutStream> {
public:
    // Opens the endpoint `endpoint_id` for `fmt` and starts the engine thread. MMSYSERR_NOERROR, or
    // MMSYSERR_NODRIVER / MMSYSERR_ALLOCATED / WAVERR_BADFORMAT / MMSYSERR_NOMEM from the audio system.
    static MMRESULT create(const std::wstring& endpoint_id, unsigned device, const PcmFormat& fmt,
                           std::shared_ptr<OutStream>& out);
    ~OutStream();

    // Sets the handle and the callback (before the handle is published) and sends WOM_OPEN.
    void announce(HWAVEOUT handle, const CallbackTarget& cb);

    MMRESULT write(WAVEHDR* h);
    MMRESULT pause();
    MMRESULT restart();
    MMRESULT reset();
    MMRESULT break_loop();
    // Stream bytes played since open or the last reset.
    uint64_t played_bytes();
    // WAVERR_STILLPLAYING while headers are queued; otherwise stops the engine, sends WOM_CLOSE and returns
    // MMSYSERR_NOERROR. The object is dead afterwards (every call returns MMSYSERR_INVALHANDLE).
    MMRESULT close();

    DWORD volume() const { return volume_.load(); }
    void set_volume(DWORD v) { volume_.store(v); }

    unsigned device() const { return device_; }
    const PcmFormat& format() const { return fmt_; }
    HWAVEOUT handle() const { return handle_; }

private:
    OutStream(unsigned device, const PcmFormat& fmt) : fmt_(fmt), device_(device), queue_(fmt.block_align) {}
    HRESULT init_on_engine(const std::wstring& endpoint_id);
    void engine();
    // With mu_ held: feeds the device and moves the finished headers to the outbox.
    void pump_locked();
    void fail_locked(HRESULT hr, const char* what);
    void finish_locked(std::vector<WAVEHDR*>& list);
    // Delivers the outbox; called on the engine thread without the lock.
    void deliver();
    bool on_engine_thread() const { return GetCurrentThreadId() == engine_tid_; }
    void notify(UINT msg, DWORD_PTR p1);

    const PcmFormat fmt_;
    const unsigned device_;
    HWAVEOUT handle_ = nullptr;
    CallbackTarget cb_;
    std::atomic<DWORD> volume_{0xFFFFFFFF};

    std::mutex mu_;
    std::condition_variable delivered_cv_;
    HeaderQueue queue_;
    std::vector<WAVEHDR*> outbox_;
    uint64_t queued_done_ = 0;     // headers ever put in the outbox
    uint64_t delivered_done_ = 0;  // headers whose WOM_DONE has been sent
    bool paused_ = false;
    bool running_ = false;         // IAudioClient::Start called and not stopped
    bool broken_ = false;          // the audio system failed; the handle only waits to be closed
    bool stop_ = false;
    bool closed_ = false;

    IAudioClient* client_ = nullptr;
    IAudioRenderClient* render_ = nullptr;
    UINT32 buffer_frames_ = 0;
    HANDLE audio_event_ = nullptr;
    HANDLE wake_event_ = nullptr;
    std::vector<float> scratch_;

    std::thread thread_;
    DWORD engine_tid_ = 0;
};

}  // namespace winmm::wave
