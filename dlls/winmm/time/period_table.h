// Reference counts of the timer resolutions requested in this process, per period: the application's
// timeBeginPeriod/timeEndPeriod pairs, and the resolutions of live timeSetEvent timers, counted apart so that an
// application's unmatched timeEndPeriod can never cancel a timer's request. Not thread-safe (resolution_win32.cpp
// locks around it).
#pragma once

#include <cstdint>
#include <map>

namespace winmm::time {

enum class Requester { application = 0, timers = 1 };

class PeriodTable {
public:
    void begin(uint32_t period, Requester who);
    // False when `who` holds no request for this period (nothing changes then).
    bool end(uint32_t period, Requester who);
    // The finest (smallest) period requested by anyone, 0 when there is no request.
    uint32_t finest() const;

private:
    std::map<uint32_t, uint64_t> counts_[2];
};

}  // namespace winmm::time
