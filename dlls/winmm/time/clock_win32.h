// The clocks of the time subsystem: timeGetTime's (the interrupt time, as on Windows) and the timer thread's.
#pragma once

#include "timer_queue.h"

namespace winmm::time {

// The timer thread's clock: the performance counter in 100 ns units.
Ticks precise_now();

// Under Wine the interrupt time in KUSER_SHARED_DATA is refreshed only about every 16 ms (by wineserver), where
// Windows refreshes it at the timer resolution in force. While `on`, timeGetTime therefore reads the performance
// counter (the same clock under Wine) instead; it stays monotonic across the switches. Called only under Wine.
void set_precise_time(bool on);

// The finest period the shared data can honour under Wine; a finer request turns set_precise_time on.
constexpr unsigned wine_shared_data_refresh_ms = 16;

bool running_under_wine();

}  // namespace winmm::time
