// Loop rules (waveOutWrite's documentation and WAVEHDR's): dwLoops on the WHDR_BEGINLOOP header counts the passes;
// a loop is closed by the first WHDR_ENDLOOP header at or after it (the same header may carry both flags);
// loops do not nest, so a BEGINLOOP inside an active loop is ignored, and an ENDLOOP outside a loop is ignored.
#include "header_queue.h"

namespace winmm::wave {

void HeaderQueue::push(WAVEHDR* h) { entries_.push_back({h, kUnknown}); }

HeaderQueue::Chunk HeaderQueue::next(size_t max_bytes) {
    max_bytes -= max_bytes % align_;
    while (cursor_ < entries_.size()) {
        WAVEHDR* h = entries_[cursor_].hdr;
        if (offset_ == 0 && !in_loop_ && (h->dwFlags & WHDR_BEGINLOOP)) {
            in_loop_ = true;
            loop_begin_ = cursor_;
            loops_left_ = h->dwLoops ? h->dwLoops : 1;  // zero passes would drop data: play it once
        }
        size_t left = usable(h) - offset_;
        if (left == 0) {
            finish_current();
            continue;
        }
        Chunk c;
        c.data = reinterpret_cast<const BYTE*>(h->lpData) + offset_;
        c.bytes = left < max_bytes ? left : max_bytes;
        return c;
    }
    return {};
}

void HeaderQueue::consume(size_t bytes) {
    if (cursor_ >= entries_.size()) return;
    offset_ += bytes;
    written_ += bytes;
    if (offset_ >= usable(entries_[cursor_].hdr)) finish_current();
}

void HeaderQueue::finish_current() {
    Entry& e = entries_[cursor_];
    bool last_pass = !in_loop_ || loops_left_ <= 1;
    if (last_pass) e.end = written_;
    offset_ = 0;
    if (in_loop_ && (e.hdr->dwFlags & WHDR_ENDLOOP)) {
        if (loops_left_ > 1) {
            --loops_left_;
            cursor_ = loop_begin_;
            // The BEGINLOOP header opens the same loop again on the next next(); keep the count.
            in_loop_ = true;
            return;
        }
        // Headers of the loop that finished their last pass before a break have their end set now.
        for (size_t i = loop_begin_; i <= cursor_; ++i)
            if (entries_[i].end == kUnknown) entries_[i].end = written_;
        in_loop_ = false;
    }
    ++cursor_;
}

void HeaderQueue::take_finished(uint64_t played, std::vector<WAVEHDR*>& out) {
    while (!entries_.empty() && cursor_ > 0 && entries_.front().end != kUnknown && entries_.front().end <= played) {
        out.push_back(entries_.front().hdr);
        entries_.pop_front();
        --cursor_;
        if (in_loop_ && loop_begin_ > 0) --loop_begin_;
    }
}

void HeaderQueue::take_all(std::vector<WAVEHDR*>& out) {
    for (const Entry& e : entries_) out.push_back(e.hdr);
    entries_.clear();
    cursor_ = offset_ = 0;
    in_loop_ = false;
    loops_left_ = 0;
    written_ = 0;
}

void HeaderQueue::break_loop() {
    if (in_loop_ && loops_left_ > 1) loops_left_ = 1;
}

}  // namespace winmm::wave
