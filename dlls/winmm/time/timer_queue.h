// The schedule of the multimedia timers (timeSetEvent), without threads or OS calls: ids, due times, the order
// in which timers fire. Not thread-safe: the timer service (timer_service_win32.cpp) calls it under its lock.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <unordered_map>

namespace winmm::time {

// One monotonic clock in 100 ns units (the unit of Windows' interrupt time).
using Ticks = int64_t;
constexpr Ticks ticks_per_ms = 10000;

// A periodic timer that has fallen this far behind its schedule skips the missed ticks instead of delivering
// them back to back (see docs/time.md: catching up).
constexpr Ticks catch_up_limit = 1000 * ticks_per_ms;

struct TimerSpec {
    uint32_t delay_ms = 0;      // the first tick is due delay_ms after creation; periodic: also the period
    uint32_t resolution_ms = 0; // as passed to timeSetEvent, already clamped to the supported range
    bool periodic = false;
    bool kill_synchronous = false;
    unsigned kind = 0;          // TIME_CALLBACK_FUNCTION / _EVENT_SET / _EVENT_PULSE
    void* target = nullptr;     // the callback, or the event handle
    uintptr_t user = 0;
};

// What the timer thread delivers for one tick.
struct Firing {
    uint16_t id;
    TimerSpec spec;
};

class TimerQueue {
public:
    // Registers a timer created at `now`; returns its id, or 0 when every id is taken.
    uint16_t add(const TimerSpec& spec, Ticks now);

    // Forgets the timer (it fires no more); false for an id that is not registered. `spec` receives its spec.
    bool remove(uint16_t id, TimerSpec* spec = nullptr);

    // The earliest timer due at or before `now`, or nothing. A periodic timer is rescheduled to its next tick
    // (start + n x period: no drift from late wake-ups); a one-shot leaves the schedule but stays registered,
    // so that its callback may still kill it, until the caller removes it.
    std::optional<Firing> pop_due(Ticks now);

    // The due time of the earliest scheduled tick.
    std::optional<Ticks> next_due() const;

    bool contains(uint16_t id) const { return timers_.count(id) != 0; }
    size_t size() const { return timers_.size(); }

private:
    struct Timer {
        TimerSpec spec;
        Ticks start = 0;      // creation time
        uint64_t ticks = 0;   // ticks delivered (periodic: the next one is number ticks + 1)
        bool scheduled = false;
        std::multimap<Ticks, uint16_t>::iterator slot;
    };

    uint16_t next_free_id();
    void schedule(uint16_t id, Timer& t, Ticks due);

    std::unordered_map<uint16_t, Timer> timers_;
    // Due time -> id.
    std::multimap<Ticks, uint16_t> schedule_;
    uint16_t last_id_ = 0;
};

}  // namespace winmm::time
