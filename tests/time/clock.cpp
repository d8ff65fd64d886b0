// timeGetTime, timeGetSystemTime, timeGetDevCaps, timeBeginPeriod/timeEndPeriod and mmsystemGetVersion.
#include <catch.hpp>

#include <windows.h>
#include <mmsystem.h>

#include <algorithm>
#include <atomic>
#include <climits>
#include <thread>
#include <vector>

#include "loaded_winmm.h"
#include "time_support.h"

using namespace time_test;

// In MinGW's import library, not in its headers.
extern "C" UINT WINAPI mmsystemGetVersion(void);

namespace {

// Largest minus smallest of (timeGetTime - performance counter) over `duration_ms`, from readings not
// interrupted for more than 0.5 ms: about 1 ms when timeGetTime has 1 ms precision.
double clock_spread_ms(double duration_ms, int* samples_out) {
    double lo = 1e300, hi = -1e300;
    int samples = 0;
    const double start = now_ms();
    while ((now_ms() < start + duration_ms || samples < 50) && now_ms() < start + 10000) {
        const double before = now_ms();
        const DWORD t = timeGetTime();
        const double after = now_ms();
        if (after - before > 0.5) continue;
        const double offset = double(t) - before;
        lo = std::min(lo, offset);
        hi = std::max(hi, offset);
        ++samples;
        Sleep(0);
    }
    *samples_out = samples;
    return hi - lo;
}

}  // namespace

TEST_CASE("time: the DLL under test is ours", "[time]") { REQUIRE(winmm_test::loaded_winmm().ours()); }

TEST_CASE("timeGetTime: milliseconds that follow Sleep", "[time]") {
    const DWORD t0 = timeGetTime();
    Sleep(100);
    const DWORD t1 = timeGetTime();
    // The shared data behind timeGetTime may lag by one refresh (about 16 ms under Wine) at either reading.
    CHECK(t1 - t0 >= 80);
    CHECK(t1 - t0 < 10000);
}

TEST_CASE("timeGetTime: never steps back, on any thread", "[time]") {
    std::atomic<long> backwards{0};
    auto reader = [&] {
        DWORD last = timeGetTime();
        for (int i = 0; i < 300000; ++i) {
            const DWORD now = timeGetTime();
            if (static_cast<LONG>(now - last) < 0) ++backwards;
            last = now;
        }
    };
    std::thread a(reader), b(reader);
    reader();
    a.join();
    b.join();
    CHECK(backwards.load() == 0);
}

TEST_CASE("timeGetTime: a 1 ms period makes it precise, and the switch back does not step back", "[time]") {
    REQUIRE(timeBeginPeriod(1) == TIMERR_NOERROR);
    int samples = 0;
    const double spread = clock_spread_ms(150, &samples);
    const DWORD before_end = timeGetTime();
    REQUIRE(timeEndPeriod(1) == TIMERR_NOERROR);
    const DWORD after_end = timeGetTime();
    CHECK(samples >= 50);
    CHECK(spread <= 3.0);
    CHECK(static_cast<LONG>(after_end - before_end) >= 0);
    DWORD last = after_end;
    for (int i = 0; i < 100000; ++i) {
        const DWORD now = timeGetTime();
        REQUIRE(static_cast<LONG>(now - last) >= 0);
        last = now;
    }
}

TEST_CASE("timeGetSystemTime: TIME_MS and the same clock as timeGetTime", "[time]") {
    MMTIME mt;
    mt.wType = TIME_SAMPLES;
    mt.u.ms = 0;
    const DWORD before = timeGetTime();
    REQUIRE(timeGetSystemTime(&mt, sizeof mt) == TIMERR_NOERROR);
    const DWORD after = timeGetTime();
    CHECK(mt.wType == TIME_MS);
    CHECK(static_cast<LONG>(mt.u.ms - before) >= 0);
    CHECK(static_cast<LONG>(after - mt.u.ms) >= 0);
    // A larger buffer is fine.
    struct { MMTIME t; char more[16]; } big{};
    CHECK(timeGetSystemTime(&big.t, sizeof big) == TIMERR_NOERROR);
    CHECK(big.t.wType == TIME_MS);
}

TEST_CASE("timeGetSystemTime: a missing or short MMTIME is TIMERR_STRUCT", "[time][decision]") {
    MMTIME mt{};
    CHECK(timeGetSystemTime(nullptr, sizeof mt) == TIMERR_STRUCT);
    CHECK(timeGetSystemTime(&mt, 0) == TIMERR_STRUCT);
    CHECK(timeGetSystemTime(&mt, sizeof mt - 1) == TIMERR_STRUCT);
    CHECK(timeGetSystemTime(nullptr, 0) == TIMERR_STRUCT);
}

TEST_CASE("timeGetDevCaps: 1 to 1000000 ms; bad pointer or size is TIMERR_NOCANDO", "[time]") {
    TIMECAPS caps{};
    REQUIRE(timeGetDevCaps(&caps, sizeof caps) == TIMERR_NOERROR);
    CHECK(caps.wPeriodMin == 1);
    CHECK(caps.wPeriodMax == 1000000);
    CHECK(timeGetDevCaps(nullptr, sizeof caps) == TIMERR_NOCANDO);
    CHECK(timeGetDevCaps(&caps, 0) == TIMERR_NOCANDO);
    CHECK(timeGetDevCaps(&caps, sizeof caps - 1) == TIMERR_NOCANDO);
    CHECK(timeGetDevCaps(nullptr, 0) == TIMERR_NOCANDO);
}

TEST_CASE("timeBeginPeriod/timeEndPeriod: range and reference counts per period", "[time]") {
    CHECK(timeBeginPeriod(0) == TIMERR_NOCANDO);
    CHECK(timeBeginPeriod(1000001) == TIMERR_NOCANDO);
    CHECK(timeBeginPeriod(UINT_MAX) == TIMERR_NOCANDO);
    CHECK(timeEndPeriod(0) == TIMERR_NOCANDO);
    CHECK(timeEndPeriod(1000001) == TIMERR_NOCANDO);

    // Never begun: TIMERR_NOCANDO.
    CHECK(timeEndPeriod(7) == TIMERR_NOCANDO);
    REQUIRE(timeBeginPeriod(7) == TIMERR_NOERROR);
    REQUIRE(timeBeginPeriod(7) == TIMERR_NOERROR);
    CHECK(timeEndPeriod(8) == TIMERR_NOCANDO);  // another period than begun
    CHECK(timeEndPeriod(7) == TIMERR_NOERROR);
    CHECK(timeEndPeriod(7) == TIMERR_NOERROR);
    CHECK(timeEndPeriod(7) == TIMERR_NOCANDO);  // ended as often as begun

    CHECK(timeBeginPeriod(1000000) == TIMERR_NOERROR);
    CHECK(timeEndPeriod(1000000) == TIMERR_NOERROR);
}

TEST_CASE("timeBeginPeriod/timeEndPeriod: a timer's resolution is not the application's to end", "[time]") {
    HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    const UINT id = timeSetEvent(5000, 3, reinterpret_cast<LPTIMECALLBACK>(ev), 0, TIME_CALLBACK_EVENT_SET);
    REQUIRE(id != 0);
    CHECK(timeEndPeriod(3) == TIMERR_NOCANDO);
    CHECK(timeKillEvent(id) == TIMERR_NOERROR);
    CloseHandle(ev);
}

TEST_CASE("mmsystemGetVersion: 3.10", "[time]") { CHECK(mmsystemGetVersion() == 0x030A); }
