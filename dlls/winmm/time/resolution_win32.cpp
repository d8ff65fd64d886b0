// timeGetDevCaps, timeBeginPeriod, timeEndPeriod. On Windows the finest period requested in this process is
// applied with NtSetTimerResolution (looked up in ntdll at run time), the call timeBeginPeriod makes there; under
// Wine nothing outside this DLL changes: a fine period only makes timeGetTime read a finer clock.
#include <windows.h>
#include <mmsystem.h>

#include "clock_win32.h"
#include "period_table.h"
#include "resolution.h"
#include "time_limits.h"

namespace winmm::time {
namespace {

using NtSetTimerResolutionFn = LONG(NTAPI*)(ULONG desired_100ns, BOOLEAN set, ULONG* actual_100ns);

SRWLOCK lock = SRWLOCK_INIT;
PeriodTable* table;      // created on first use, never freed (no work at DLL unload)
uint32_t applied = 0;    // the finest period in force, 0 for none

void apply_locked() {
    const uint32_t finest = table->finest();
    if (finest == applied) return;
    applied = finest;
    if (running_under_wine()) {
        set_precise_time(finest != 0 && finest < wine_shared_data_refresh_ms);
        return;
    }
    static const auto set_resolution = reinterpret_cast<NtSetTimerResolutionFn>(
        reinterpret_cast<void*>(GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "NtSetTimerResolution")));
    if (!set_resolution) return;
    ULONG actual = 0;
    // The kernel keeps one request per process: a new value replaces the previous one, FALSE withdraws it.
    // (Periods beyond 100 s are all far coarser than any timer resolution; the cap keeps the 100 ns value in
    // range.)
    const ULONG desired = finest >= 100000 ? 1000000000UL : ULONG(finest) * 10000;
    set_resolution(finest ? desired : 0, finest ? TRUE : FALSE, &actual);
}

bool change(uint32_t period, Requester who, bool begin) {
    AcquireSRWLockExclusive(&lock);
    if (!table) table = new PeriodTable;
    bool ok = true;
    if (begin)
        table->begin(period, who);
    else
        ok = table->end(period, who);
    if (ok) apply_locked();
    ReleaseSRWLockExclusive(&lock);
    return ok;
}

}  // namespace

uint32_t timer_resolution_request(uint32_t resolution_ms) {
    const uint32_t period = resolution_ms < period_min_ms   ? period_min_ms
                            : resolution_ms > period_max_ms ? period_max_ms
                                                            : resolution_ms;
    change(period, Requester::timers, true);
    return period;
}

void timer_resolution_release(uint32_t period_ms) { change(period_ms, Requester::timers, false); }

}  // namespace winmm::time

using namespace winmm::time;

extern "C" MMRESULT WINAPI timeGetDevCaps(LPTIMECAPS caps, UINT size) {
    if (!caps || size < sizeof(TIMECAPS)) return TIMERR_NOCANDO;
    caps->wPeriodMin = period_min_ms;
    caps->wPeriodMax = period_max_ms;
    return TIMERR_NOERROR;
}

extern "C" MMRESULT WINAPI timeBeginPeriod(UINT period) {
    if (!period_in_range(period)) return TIMERR_NOCANDO;
    change(period, Requester::application, true);
    return TIMERR_NOERROR;
}

extern "C" MMRESULT WINAPI timeEndPeriod(UINT period) {
    // A period this process has not begun (or has already ended as often as begun) is TIMERR_NOCANDO.
    if (!period_in_range(period)) return TIMERR_NOCANDO;
    return change(period, Requester::application, false) ? TIMERR_NOERROR : TIMERR_NOCANDO;
}
