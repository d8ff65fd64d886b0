// One open waveIn device: a capture thread that owns the WASAPI stream (IAudioClient + IAudioCaptureClient, shared
// mode, event driven) and fills the application's queued WAVEHDRs in order.
//
// Threading: every COM object lives on the capture thread, so the application's apartment (or lack of one) never
// matters. Start/Stop/Reset/Close are commands the capture thread carries out while the caller waits; called from
// the capture thread itself (inside a WIM_DATA callback) they run in place. Notifications are always sent with no
// lock held, so a callback may call waveInAddBuffer, waveInUnprepareHeader or even waveInReset.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "format.h"

namespace winmm::wave {

// Where the application's notifications go (the DCB_* type is in flags, as DriverCallback takes it).
struct InCallback {
    DWORD_PTR target = 0;
    DWORD flags = 0;  // DCB_NULL, DCB_WINDOW, DCB_TASK, DCB_FUNCTION or DCB_EVENT
    DWORD_PTR instance = 0;
};

class InStream : public std::enable_shared_from_this<InStream> {
public:
    // Opens the capture endpoint `endpoint_id` in format `wfx` (already validated into `pcm`) and starts the
    // capture thread, stopped. MMSYSERR_NOERROR and *out set, or WAVERR_BADFORMAT / MMSYSERR_NODRIVER /
    // MMSYSERR_NOMEM / MMSYSERR_ALLOCATED. No notification is sent here (WIM_OPEN is the caller's, once the handle
    // exists).
    static MMRESULT open(const std::wstring& endpoint_id, UINT device_id, const WAVEFORMATEX* wfx,
                         const PcmFormat& pcm, const InCallback& cb, std::shared_ptr<InStream>* out);

    ~InStream();
    InStream(const InStream&) = delete;
    InStream& operator=(const InStream&) = delete;

    void set_handle(HWAVEIN h) { handle_ = h; }
    HWAVEIN handle() const { return handle_; }
    UINT device_id() const { return device_id_; }

    // Sends WIM_OPEN or WIM_CLOSE (and any message without a header) to the application.
    void notify(UINT msg, DWORD_PTR param1) const;

    // The header must be prepared and not queued (the export checks both). MMSYSERR_INVALHANDLE once closed.
    MMRESULT add_buffer(WAVEHDR* hdr);
    MMRESULT start();
    MMRESULT stop();
    MMRESULT reset();
    // WAVERR_STILLPLAYING while buffers are queued; otherwise stops the thread and releases the stream. After
    // MMSYSERR_NOERROR only notify() may be called.
    MMRESULT close();
    // Bytes recorded into buffers since open or the last reset.
    unsigned long long position_bytes() const;
    const PcmFormat& format() const { return pcm_; }

private:
    enum class Command { none, start, stop, reset, quit };

    InStream() = default;
    static DWORD WINAPI thread_main(void* self);
    void run();
    bool setup_stream();  // on the capture thread
    void teardown_stream();
    MMRESULT command(Command c);
    MMRESULT execute(Command c);  // on the capture thread
    // Moves whatever the WASAPI buffer holds into the queued headers; finished headers go to `done`.
    void pull(std::vector<WAVEHDR*>& done);
    void deliver(std::vector<WAVEHDR*>& done);
    void mark_lost(HRESULT hr);
    // Whether the endpoint still takes a new stream. Wine's PulseAudio driver reports nothing on the old stream
    // when the server dies (it just stops delivering), so a stream that went quiet is checked this way.
    void probe();

    // Fixed at open.
    std::wstring endpoint_id_;
    UINT device_id_ = 0;
    PcmFormat pcm_;
    InCallback cb_;
    HWAVEIN handle_ = nullptr;

    // The capture thread and its command mailbox.
    HANDLE thread_ = nullptr;
    DWORD thread_id_ = 0;
    HANDLE wake_ = nullptr;      // set by commands
    HANDLE audio_ = nullptr;     // WASAPI's buffer-ready event
    HANDLE reply_ = nullptr;     // set when a command has been carried out
    std::mutex command_lock_;    // one command at a time
    Command pending_ = Command::none;
    MMRESULT reply_rc_ = MMSYSERR_NOERROR;
    MMRESULT setup_rc_ = MMSYSERR_NOERROR;
    bool quit_ = false;          // capture thread: leave the loop

    // Capture-thread state (COM objects live and die there).
    struct Com;
    std::unique_ptr<Com> com_;
    bool started_ = false;
    bool lost_ = false;          // the endpoint or the server went away
    DWORD last_data_ = 0;        // GetTickCount() of the last packet (or of the last start)
    DWORD last_probe_ = 0;
    DWORD quiet_at_stop_ = 0;    // how long the stream had delivered nothing when it was last stopped
    std::vector<BYTE> scratch_;  // one packet converted to the application's format

    // Shared with the application's threads, under lock_.
    mutable std::mutex lock_;
    std::deque<WAVEHDR*> queue_;
    unsigned long long position_ = 0;
    bool closed_ = false;  // set with the last queue check of close(): later calls find the handle invalid
};

}  // namespace winmm::wave
