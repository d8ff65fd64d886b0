#include "timer_queue.h"

namespace winmm::time {

uint16_t TimerQueue::next_free_id() {
    // Ids count up and wrap within 16 bits (skipping 0 and live ids), so a killed timer's id comes back only
    // after 65535 others: see docs/time.md.
    for (uint32_t tries = 0; tries < 0xffff; ++tries) {
        last_id_ = static_cast<uint16_t>(last_id_ == 0xffff ? 1 : last_id_ + 1);
        if (!timers_.count(last_id_)) return last_id_;
    }
    return 0;
}

void TimerQueue::schedule(uint16_t id, Timer& t, Ticks due) {
    t.slot = schedule_.emplace(due, id);  // after any equal keys: timers due together fire in creation order
    t.scheduled = true;
}

uint16_t TimerQueue::add(const TimerSpec& spec, Ticks now) {
    uint16_t id = next_free_id();
    if (!id) return 0;
    Timer& t = timers_[id];
    t.spec = spec;
    t.start = now;
    schedule(id, t, now + Ticks(spec.delay_ms) * ticks_per_ms);
    return id;
}

bool TimerQueue::remove(uint16_t id, TimerSpec* spec) {
    auto it = timers_.find(id);
    if (it == timers_.end()) return false;
    if (it->second.scheduled) schedule_.erase(it->second.slot);
    if (spec) *spec = it->second.spec;
    timers_.erase(it);
    return true;
}

std::optional<Firing> TimerQueue::pop_due(Ticks now) {
    if (schedule_.empty() || schedule_.begin()->first > now) return std::nullopt;
    uint16_t id = schedule_.begin()->second;
    schedule_.erase(schedule_.begin());
    Timer& t = timers_.at(id);
    t.scheduled = false;
    ++t.ticks;
    if (t.spec.periodic) {
        const Ticks period = Ticks(t.spec.delay_ms) * ticks_per_ms;
        Ticks due = t.start + Ticks(t.ticks + 1) * period;
        if (now - due > catch_up_limit) {
            // Too far behind (the process was suspended, the machine starved): resume at the next tick of the
            // original grid rather than firing the whole backlog at once.
            t.ticks = uint64_t((now - t.start) / period);
            due = t.start + Ticks(t.ticks + 1) * period;
        }
        schedule(id, t, due);
    }
    return Firing{id, t.spec};
}

std::optional<Ticks> TimerQueue::next_due() const {
    if (schedule_.empty()) return std::nullopt;
    return schedule_.begin()->first;
}

}  // namespace winmm::time
