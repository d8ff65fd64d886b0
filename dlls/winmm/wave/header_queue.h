// The queue of a waveOut handle's WAVEHDRs: play order, WHDR_BEGINLOOP/WHDR_ENDLOOP repetition, and when each
// header is finished. Portable (no Win32 calls); one instance per handle, used under the handle's lock.
//
// Byte positions count the stream as the device plays it: each pass of a loop adds its bytes again. A header is
// finished when the device has played the last byte of its last pass; headers leave the queue in order.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace winmm::wave {

class HeaderQueue {
public:
    explicit HeaderQueue(unsigned block_align) : align_(block_align ? block_align : 1) {}

    void push(WAVEHDR* h);

    // The next bytes to play: a pointer into the application's buffer and at most `max_bytes` (whole frames).
    // {nullptr, 0} when nothing is waiting.
    struct Chunk {
        const BYTE* data = nullptr;
        size_t bytes = 0;
    };
    Chunk next(size_t max_bytes);

    // Marks `bytes` (at most the last next()'s size) as handed to the device; moves on to the next header and
    // through loops as needed.
    void consume(size_t bytes);

    // Stream bytes handed to the device so far.
    uint64_t written() const { return written_; }

    // Moves the headers whose last byte is at or before `played` (stream bytes) to `out`, in order.
    void take_finished(uint64_t played, std::vector<WAVEHDR*>& out);

    // Moves every header to `out`, in order; the queue is empty and the positions start again from 0.
    void take_all(std::vector<WAVEHDR*>& out);

    // Ends the current loop after its current pass (waveOutBreakLoop).
    void break_loop();

    bool empty() const { return entries_.empty(); }
    // True when data is waiting to be handed to the device.
    bool has_data() { return next(align_).bytes != 0; }

private:
    struct Entry {
        WAVEHDR* hdr;
        uint64_t end;  // stream position after its last pass; kUnknown until that pass is written
    };
    static constexpr uint64_t kUnknown = UINT64_MAX;

    void finish_current();
    size_t usable(const WAVEHDR* h) const { return h->dwBufferLength - h->dwBufferLength % align_; }

    unsigned align_;
    std::deque<Entry> entries_;
    size_t cursor_ = 0;      // index of the header being played
    size_t offset_ = 0;      // bytes of it already handed over
    bool in_loop_ = false;
    size_t loop_begin_ = 0;  // index of the WHDR_BEGINLOOP header of the active loop
    DWORD loops_left_ = 0;   // passes still to play, the current one included
    uint64_t written_ = 0;
};

}  // namespace winmm::wave
