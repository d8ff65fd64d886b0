// Clocks shared by the bench programs (bench.cpp, time_bench.cpp).
#pragma once

#include <windows.h>

#include <cstdint>

namespace bench_clock {

// Wall time from the performance counter, in ns.
inline double now_ns() {
    static const double ns_per_tick = [] {
        LARGE_INTEGER f;
        QueryPerformanceFrequency(&f);
        return 1e9 / double(f.QuadPart);
    }();
    LARGE_INTEGER t;
    QueryPerformanceCounter(&t);
    return double(t.QuadPart) * ns_per_tick;
}

// On a shared machine most of the noise in wall-clock time is time spent waiting for a CPU. Under Wine the
// PE code runs in a Linux process, so a bench can ask Linux for the calling thread's CPU time
// (clock_gettime(CLOCK_THREAD_CPUTIME_ID) by a raw system call), which excludes those waits; it includes
// the kernel time of the thread's own system calls (read/write), but not work wineserver does for it
// (CreateFile, CloseHandle, the first I/O on a handle), which is a few tens of microseconds per run at most.
// Only used when the process runs under Wine and the call works; elsewhere, and with --clock wall, the
// timed regions use QueryPerformanceCounter.
inline int64_t linux_thread_cpu_ns() {
#if defined(__x86_64__)
    struct { int64_t s, ns; } ts{};
    long ret;
    asm volatile("syscall" : "=a"(ret) : "0"(228L /* clock_gettime */), "D"(3L /* CLOCK_THREAD_CPUTIME_ID */), "S"(&ts)
                 : "rcx", "r11", "memory");
    return ret == 0 ? ts.s * 1000000000LL + ts.ns : -1;
#elif defined(__i386__)
    struct { int32_t s, ns; } ts{};
    long ret;
    asm volatile("int $0x80" : "=a"(ret) : "0"(265L /* clock_gettime */), "b"(3L), "c"(&ts) : "memory");
    return ret == 0 ? int64_t(ts.s) * 1000000000LL + ts.ns : -1;
#else
    return -1;
#endif
}

inline bool running_under_wine() {
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version");
}

}  // namespace bench_clock
