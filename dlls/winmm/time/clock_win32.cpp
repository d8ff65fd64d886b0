// timeGetTime and timeGetSystemTime. On Windows both read the interrupt time from KUSER_SHARED_DATA, as Windows'
// own winmm does: a few loads, no system call. See docs/time.md for the measurements behind the choice.
#include <windows.h>
#include <mmsystem.h>

#include <atomic>
#include <cstdint>

#include "clock_win32.h"

namespace winmm::time {
namespace {

// KUSER_SHARED_DATA is mapped read-only at 0x7FFE0000 in every x86 and x64 process, by Windows and by Wine.
// InterruptTime (offset 8, 100 ns units since boot) is a KSYSTEM_TIME {LowPart, High1Time, High2Time}; the writer
// stores High2Time, LowPart, High1Time in that order, so reading them in the opposite order and finding
// High1Time == High2Time gives a consistent value (a plain 64-bit load could pair a new LowPart with an old high
// half under Wine, whose server writes the three fields one by one).
inline uint64_t interrupt_time() {
    auto fields = reinterpret_cast<volatile const uint32_t*>(uintptr_t{0x7FFE0008});
    for (;;) {
        uint32_t high1 = fields[1];
        uint32_t low = fields[0];
        uint32_t high2 = fields[2];
        if (high1 == high2) return (uint64_t{high1} << 32) | low;
    }
}

uint64_t counter_frequency() {
    static std::atomic<uint64_t> frequency{0};
    uint64_t f = frequency.load(std::memory_order_relaxed);
    if (!f) {
        LARGE_INTEGER q;
        QueryPerformanceFrequency(&q);
        f = q.QuadPart > 0 ? uint64_t(q.QuadPart) : 1;
        frequency.store(f, std::memory_order_relaxed);
    }
    return f;
}

uint64_t counter_100ns() {
    LARGE_INTEGER c;
    QueryPerformanceCounter(&c);
    const uint64_t f = counter_frequency(), ticks = uint64_t(c.QuadPart);
    if (f == 10000000) return ticks;
    return ticks / f * 10000000 + ticks % f * 10000000 / f;
}

std::atomic<bool> precise{false};
// The latest interrupt time timeGetTime derived from the performance counter: after precise mode ends, the
// shared data (up to one refresh behind) must not make the clock step back below it.
std::atomic<uint64_t> floor_time{0};
// Interrupt time minus the counter; 0 under Wine, where both come from the same monotonic clock.
std::atomic<int64_t> counter_offset{0};

uint64_t precise_interrupt_time() {
    const uint64_t t = counter_100ns() + uint64_t(counter_offset.load(std::memory_order_relaxed));
    uint64_t seen = floor_time.load(std::memory_order_relaxed);
    while (t > seen && !floor_time.compare_exchange_weak(seen, t, std::memory_order_relaxed)) {
    }
    return t > seen ? t : seen;
}

}  // namespace

Ticks precise_now() { return Ticks(counter_100ns()); }

bool running_under_wine() {
    static const bool wine = [] {
        HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
        return ntdll && GetProcAddress(ntdll, "wine_get_version");
    }();
    return wine;
}

void set_precise_time(bool on) {
    if (on == precise.load()) return;
    if (on) {
        // Both clocks count from boot under Wine; should a Wine ever differ, map the counter onto the interrupt
        // time (the shared data lags by at most one refresh, far below the 1 s that tells the cases apart).
        const int64_t diff = int64_t(interrupt_time() - counter_100ns());
        counter_offset.store(diff > 10000000 || diff < -10000000 ? diff : 0);
        precise.store(true);
    } else {
        precise_interrupt_time();  // raises the floor to now
        precise.store(false);
    }
}

}  // namespace winmm::time

using namespace winmm::time;

extern "C" DWORD WINAPI timeGetTime() {
    uint64_t t;
    if (precise.load(std::memory_order_relaxed)) {
        t = precise_interrupt_time();
    } else {
        t = interrupt_time();
        const uint64_t f = floor_time.load(std::memory_order_relaxed);
        if (f > t) t = f;
    }
    return static_cast<DWORD>(t / ticks_per_ms);  // wraps every 2^32 ms, as documented
}

extern "C" MMRESULT WINAPI timeGetSystemTime(LPMMTIME time, UINT size) {
    // [decision] A missing or short MMTIME is TIMERR_STRUCT, the timer API's "structure size" error (the
    // documentation only says "an error code"); Wine's builtin crashes on NULL.
    if (!time || size < sizeof(MMTIME)) return TIMERR_STRUCT;
    time->wType = TIME_MS;
    time->u.ms = timeGetTime();
    return TIMERR_NOERROR;
}
