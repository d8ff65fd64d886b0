// The timer device's limits as Windows reports them through timeGetDevCaps.
#pragma once

#include <cstdint>

namespace winmm::time {

// Windows reports wPeriodMin = 1 and wPeriodMax = 1000000 (ms); timeBeginPeriod/timeEndPeriod accept exactly this
// range and timeSetEvent delays must lie in it.
constexpr uint32_t period_min_ms = 1;
constexpr uint32_t period_max_ms = 1000000;

inline bool period_in_range(uint32_t ms) { return ms >= period_min_ms && ms <= period_max_ms; }

}  // namespace winmm::time
