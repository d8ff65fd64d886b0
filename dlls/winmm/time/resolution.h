// The process's timer-resolution requests (timeBeginPeriod/timeEndPeriod and live timers) and their effect.
#pragma once

#include <cstdint>

namespace winmm::time {

// A live timeSetEvent timer asks for its resolution (0 = the finest) for as long as it exists, as the
// documentation's "resolution of the timer event" implies; released when the timer is killed or has fired.
uint32_t timer_resolution_request(uint32_t resolution_ms);
void timer_resolution_release(uint32_t period_ms);

}  // namespace winmm::time
