#include "stream_core.h"

#include <cmath>
#include <cstring>

namespace winmm::midi::stream_core {
namespace {

uint32_t read32(const uint8_t* p) {
    uint32_t v;
    std::memcpy(&v, p, 4);  // little-endian, like every target of this DLL
    return v;
}

// Same numbers as <mmsystem.h>'s TIME_* (this file includes no Windows header).
constexpr uint32_t kTimeMs = 0x0001;
constexpr uint32_t kTimeMidi = 0x0010;
constexpr uint32_t kTimeTicks = 0x0020;

bool is_smpte(uint32_t timediv) { return (timediv & 0x8000u) != 0; }

}  // namespace

bool parse(const uint8_t* buffer, uint32_t length, uint32_t offset, Event* out) {
    constexpr uint32_t kHead = 12;  // dwDeltaTime, dwStreamID, dwEvent
    if (offset > length || length - offset < kHead) return false;
    const uint8_t* p = buffer + offset;
    uint32_t event = read32(p + 8);
    Event e;
    e.delta = read32(p);
    e.callback = (event & kFlagCallback) != 0;
    e.type = static_cast<uint8_t>((event & ~kFlagCallback) >> 24);
    e.parm = event & 0x00FFFFFFu;
    e.size = kHead;
    if (event & kFlagLong) {
        uint64_t padded = (static_cast<uint64_t>(e.parm) + 3) & ~uint64_t{3};
        if (padded > length - offset - kHead) return false;
        e.data = p + kHead;
        e.size = static_cast<uint32_t>(kHead + padded);
    }
    *out = e;
    return true;
}

bool valid_recorded(uint32_t recorded, uint32_t buffer_length) {
    return recorded % 4 == 0 && recorded <= buffer_length;
}

bool valid_timediv(uint32_t timediv) {
    if (timediv > 0xFFFFu) return false;
    if (!is_smpte(timediv)) return (timediv & 0x7FFFu) != 0;
    int fps = -static_cast<int8_t>(static_cast<uint8_t>(timediv >> 8));
    return (fps == 24 || fps == 25 || fps == 29 || fps == 30) && (timediv & 0xFFu) != 0;
}

double us_per_tick(uint32_t timediv, uint32_t tempo) {
    if (!is_smpte(timediv)) {
        uint32_t ppqn = timediv & 0x7FFFu;
        // A tempo of 0 would stop time from moving; one microsecond per quarter note is "as fast as possible".
        return static_cast<double>(tempo ? tempo : 1) / (ppqn ? ppqn : kDefaultTimeDiv);
    }
    int fps = -static_cast<int8_t>(static_cast<uint8_t>(timediv >> 8));
    double frames = fps == 29 ? 30000.0 / 1001.0 : fps;
    uint32_t per_frame = timediv & 0xFFu;
    return 1e6 / (frames * (per_frame ? per_frame : 1));
}

double Clock::ticks_at(double now_us) const {
    if (!running_) return anchor_tick_;
    double t = anchor_tick_ + (now_us - anchor_us_) / per_tick_;
    return t < anchor_tick_ ? anchor_tick_ : t;
}

double Clock::elapsed_us_at(double now_us) const {
    if (!running_) return anchor_elapsed_;
    double d = now_us - anchor_us_;
    return anchor_elapsed_ + (d > 0 ? d : 0);
}

void Clock::resume(double now_us) {
    if (running_) return;
    anchor_us_ = now_us;
    running_ = true;
}

void Clock::pause(double now_us) {
    if (!running_) return;
    anchor_elapsed_ = elapsed_us_at(now_us);
    anchor_tick_ = ticks_at(now_us);
    running_ = false;
}

void Clock::freeze_at(double t) {
    if (!running_) return;
    if (t < anchor_tick_) t = anchor_tick_;  // never back before a pause's fractional position
    double at = due_us(t);
    anchor_elapsed_ = elapsed_us_at(at);
    anchor_tick_ = t;
    running_ = false;
}

void Clock::rebase(double t) {
    if (running_) {
        double at = due_us(t);
        anchor_elapsed_ = elapsed_us_at(at);
        anchor_us_ = at;
    } else {
        // Frozen: the position stays where it is (t is never ahead of it when frozen).
        t = anchor_tick_;
    }
    anchor_tick_ = t;
}

void Clock::set_tempo_at(double t, uint32_t tempo) {
    rebase(t);
    tempo_ = tempo;
    per_tick_ = us_per_tick(timediv_, tempo_);
}

void Clock::set_timediv_at(double t, uint32_t timediv) {
    rebase(t);
    timediv_ = timediv;
    per_tick_ = us_per_tick(timediv_, tempo_);
}

void Clock::reset() {
    running_ = false;
    anchor_us_ = anchor_tick_ = anchor_elapsed_ = 0;
}

void NoteTracker::observe(uint32_t msg) {
    unsigned status = msg & 0xFFu;
    unsigned ch = status & 0x0Fu;
    unsigned key = (msg >> 8) & 0x7Fu;
    unsigned velocity = (msg >> 16) & 0x7Fu;
    switch (status & 0xF0u) {
    case 0x90: on_[ch][key] = velocity != 0; break;  // note-on with velocity 0 is a note-off
    case 0x80: on_[ch][key] = false; break;
    default: break;
    }
}

Position position(uint32_t asked_type, double ticks, double elapsed_us, uint32_t timediv) {
    switch (asked_type) {
    case kTimeTicks: return {kTimeTicks, static_cast<uint32_t>(std::floor(ticks))};
    case kTimeMidi:
        if (!is_smpte(timediv)) {
            // Song position pointer: MIDI beats of six clocks, four to the quarter note.
            double per_beat = (timediv & 0x7FFFu) / 4.0;
            return {kTimeMidi, static_cast<uint32_t>(std::floor(ticks / per_beat))};
        }
        break;
    default: break;
    }
    return {kTimeMs, static_cast<uint32_t>(std::floor(elapsed_us / 1000.0))};
}

}  // namespace winmm::midi::stream_core
