// A midiStream: winmm plays the MIDIEVENT buffers itself on top of an ordinary output device (MODM_DATA,
// MODM_LONGDATA), as Windows does for drivers without stream support. One player thread per stream; the timing
// and parsing are stream_core's.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

#include "ports.h"
#include "stream_core.h"

namespace winmm::midi {

class Stream {
public:
    explicit Stream(Port* port);  // the port's device is open; the port owns the stream
    ~Stream();                    // ends the player thread
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;

    // The thread keeps `self` (this stream) alive until it ends, so a close from inside one of the stream's own
    // callbacks, which cannot wait for the thread it runs on, does not free the stream under it.
    bool start_thread(const std::shared_ptr<Stream>& self);
    MMRESULT out(MIDIHDR* hdr, UINT size);
    MMRESULT pause();
    MMRESULT restart();
    // Returns every queued buffer (MHDR_DONE, MOM_DONE in queue order), ends the notes the stream turned on,
    // and sets the position to 0. The stream is then paused.
    MMRESULT stop();
    MMRESULT position(MMTIME* t, UINT size);
    MMRESULT property(BYTE* data, DWORD flags);
    // Stops and ends the thread (close).
    void shut_down();

    // The relay's question: is this MOM_DONE about the player's own system-exclusive header?
    bool own_header(DWORD_PTR hdr) const { return hdr == reinterpret_cast<DWORD_PTR>(&long_hdr_); }
    void long_done() { SetEvent(long_done_); }

private:
    Port* port_;
    mutable std::mutex lock_;
    std::condition_variable idle_;
    HANDLE wake_ = nullptr;       // auto-reset: a command for the player
    HANDLE long_done_ = nullptr;  // auto-reset: the driver returned long_hdr_
    HANDLE thread_ = nullptr;
    DWORD thread_id_ = 0;

    // Under lock_.
    std::deque<MIDIHDR*> queue_;
    uint32_t offset_ = 0;     // next event in queue_.front()
    double last_tick_ = 0;    // tick of the last event carried out
    bool started_ = false;    // midiStreamRestart'ed and not paused/stopped
    bool starved_ = true;     // started, but nothing to play: the clock waits
    bool quit_ = false;
    bool executing_ = false;  // the player is carrying out an event outside the lock
    unsigned generation_ = 0; // bumped by stop(): an event in flight belongs to a flushed queue
    stream_core::Clock clock_;
    stream_core::NoteTracker notes_;

    MIDIHDR long_hdr_ = {};

    static DWORD WINAPI thread_main(void* param);
    void run();
    void send_long(const uint8_t* data, uint32_t length);
    void finish(MIDIHDR* hdr);
};

// The midiOut calls that take a stream handle.
MMRESULT close_stream(const std::shared_ptr<Port>& port);
MMRESULT stream_long_message(const std::shared_ptr<Port>& port, MIDIHDR* hdr, UINT size);

}  // namespace winmm::midi
