// Helpers shared by the time tests: a clock independent of the DLL under test, and bounded waits.
#pragma once

#include <windows.h>

#include <atomic>

namespace time_test {

// Milliseconds from the performance counter (not from the winmm under test).
inline double now_ms() {
    static const double ms_per_tick = [] {
        LARGE_INTEGER f;
        QueryPerformanceFrequency(&f);
        return 1000.0 / double(f.QuadPart);
    }();
    LARGE_INTEGER c;
    QueryPerformanceCounter(&c);
    return double(c.QuadPart) * ms_per_tick;
}

// Waits until `value` reaches `target` or `limit_ms` pass; true if it got there. The machine may be loaded:
// the limits are generous and only bound a failing test's run time.
inline bool wait_for(const std::atomic<long>& value, long target, double limit_ms = 10000) {
    const double end = now_ms() + limit_ms;
    while (value.load() < target) {
        if (now_ms() > end) return false;
        Sleep(1);
    }
    return true;
}

}  // namespace time_test
