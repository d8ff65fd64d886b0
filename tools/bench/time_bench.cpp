// winmm-bench-time: the time subsystem of two winmm.dll files loaded into one process, side by side: the cost
// of timeGetTime, and the behaviour of periodic and one-shot timers (count, period, intervals, latency, CPU).
//
// Like winmm-bench (bench.cpp), it copies each DLL to a private temporary directory under a distinct name
// (winmm_ours.dll, winmm_theirs.dll): the loader matches modules by base name, so a second "winmm.dll" would be
// the first one again. Timer runs take turns (never two timers of different DLLs at once), so that each has
// the machine to itself as much as a shared machine allows. It does not import winmm.
//
//   winmm-bench-time [--ours PATH] [--theirs PATH] [--seconds S] [--calls N] [--repeat R]
#include <windows.h>
#include <mmsystem.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench_clock.h"
#include "side_by_side.h"

namespace {

using bench_clock::linux_thread_cpu_ns;
using bench_clock::now_ns;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "winmm-bench-time: error: %s (error %lu)\n", what, GetLastError());
    std::exit(2);
}

// The ns/call figures use the thread's CPU time under Wine (x64), where waits for a CPU on a shared machine are
// left out; elsewhere the performance counter (bench_clock.h).
bool g_cpu_clock = false;
double clk() { return g_cpu_clock ? double(linux_thread_cpu_ns()) : now_ns(); }

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    size_t k = size_t(std::ceil(p * double(v.size())));
    return v[std::min(v.size() - 1, k ? k - 1 : 0)];
}

double median(std::vector<double> v) { return percentile(std::move(v), 0.5); }

struct TimeApi {
    const char* label;
    std::wstring source, loaded;
    HMODULE mod = nullptr;
    decltype(&::timeGetTime) GetTime = nullptr;
    decltype(&::timeBeginPeriod) BeginPeriod = nullptr;
    decltype(&::timeEndPeriod) EndPeriod = nullptr;
    decltype(&::timeSetEvent) SetEvent = nullptr;
    decltype(&::timeKillEvent) KillEvent = nullptr;
};

template <typename F>
void resolve(TimeApi& a, F& fn, const char* name) {
    if (!side_by_side::resolve(a.mod, fn, name)) die(name);
}

std::wstring g_workdir;

void load(TimeApi& a) {
    const char* why = "";
    a.mod = side_by_side::load_copy(g_workdir, a.source, "winmm_", a.label, a.loaded, why);
    if (!a.mod) die(why);
    resolve(a, a.GetTime, "timeGetTime");
    resolve(a, a.BeginPeriod, "timeBeginPeriod");
    resolve(a, a.EndPeriod, "timeEndPeriod");
    resolve(a, a.SetEvent, "timeSetEvent");
    resolve(a, a.KillEvent, "timeKillEvent");
}

void cleanup() {
    if (g_workdir.empty()) return;
    for (const wchar_t* name : {L"\\winmm_ours.dll", L"\\winmm_theirs.dll"}) DeleteFileW((g_workdir + name).c_str());
    RemoveDirectoryW(g_workdir.c_str());
}

// ---- timeGetTime cost

double get_time_ns(const TimeApi& a, int calls) {
    volatile DWORD sink = 0;
    const double t0 = clk();
    for (int i = 0; i < calls; ++i) sink = sink + a.GetTime();
    return (clk() - t0) / calls;
}

// ---- periodic timers

struct Ticks {
    std::vector<double> at;  // performance-counter ns of each callback
    std::atomic<long> n{0};
};

void CALLBACK on_tick(UINT, UINT, DWORD_PTR user, DWORD_PTR, DWORD_PTR) {
    Ticks* t = reinterpret_cast<Ticks*>(user);
    const long k = t->n.load(std::memory_order_relaxed);
    if (size_t(k) < t->at.size()) t->at[size_t(k)] = now_ns();
    t->n.store(k + 1, std::memory_order_relaxed);
}

double process_cpu_s() {
    FILETIME c, e, k, u;
    GetProcessTimes(GetCurrentProcess(), &c, &e, &k, &u);
    auto v = [](FILETIME f) { return double((uint64_t(f.dwHighDateTime) << 32) | f.dwLowDateTime) * 1e-7; };
    return v(k) + v(u);
}

struct PeriodicResult {
    long calls = 0;
    double expected = 0, mean_ms = NAN, p50 = NAN, p99 = NAN, max = NAN, cpu_per_s = NAN;
};

PeriodicResult periodic(const TimeApi& a, UINT period_ms, double seconds) {
    Ticks t;
    t.at.assign(size_t(seconds * 1000.0 / period_ms * 2 + 1000), 0.0);
    a.BeginPeriod(1);
    const double cpu0 = process_cpu_s();
    const double t0 = now_ns();
    const UINT id = a.SetEvent(period_ms, 0, on_tick, reinterpret_cast<DWORD_PTR>(&t), TIME_PERIODIC | TIME_KILL_SYNCHRONOUS);
    if (!id) die("timeSetEvent");
    Sleep(DWORD(seconds * 1000));
    a.KillEvent(id);
    const double t1 = now_ns();
    const double cpu1 = process_cpu_s();
    a.EndPeriod(1);
    PeriodicResult r;
    r.calls = std::min<long>(t.n.load(), long(t.at.size()));
    r.expected = (t1 - t0) / 1e6 / period_ms;
    r.cpu_per_s = (cpu1 - cpu0) / ((t1 - t0) / 1e9);
    if (r.calls >= 2) {
        std::vector<double> gaps;
        for (long k = 1; k < r.calls; ++k) gaps.push_back((t.at[size_t(k)] - t.at[size_t(k - 1)]) / 1e6);
        r.mean_ms = (t.at[size_t(r.calls - 1)] - t.at[0]) / 1e6 / double(r.calls - 1);
        r.p50 = percentile(gaps, 0.5);
        r.p99 = percentile(gaps, 0.99);
        r.max = *std::max_element(gaps.begin(), gaps.end());
    }
    return r;
}

// ---- one-shot latency

struct Shot {
    double fired = 0;
    HANDLE done;
};

void CALLBACK on_shot(UINT, UINT, DWORD_PTR user, DWORD_PTR, DWORD_PTR) {
    Shot* s = reinterpret_cast<Shot*>(user);
    s->fired = now_ns();
    ::SetEvent(s->done);
}

std::vector<double> one_shot_late_ms(const TimeApi& a, UINT delay_ms, int shots) {
    Shot s;
    s.done = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    std::vector<double> late;
    a.BeginPeriod(1);
    for (int i = 0; i < shots; ++i) {
        const double t0 = now_ns();
        if (!a.SetEvent(delay_ms, 0, on_shot, reinterpret_cast<DWORD_PTR>(&s), TIME_ONESHOT)) die("timeSetEvent");
        WaitForSingleObject(s.done, 10000);
        late.push_back((s.fired - t0) / 1e6 - delay_ms);
        Sleep(3);
    }
    a.EndPeriod(1);
    CloseHandle(s.done);
    return late;
}

}  // namespace

int main(int argc, char** argv) {
    TimeApi ours, theirs;
    ours.label = "ours";
    theirs.label = "theirs";
    double seconds = 10;
    int calls = 2000000, repeat = 7;
    wchar_t exe[MAX_PATH];
    GetModuleFileNameW(nullptr, exe, MAX_PATH);
    std::wstring dir(exe);
    dir = dir.substr(0, dir.find_last_of(L"\\/"));
    ours.source = dir + L"\\winmm.dll";
    theirs.source = side_by_side::builtin_winmm();
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
        if (k == "--ours" && v) ours.source = side_by_side::widen(argv[++i]);
        else if (k == "--theirs" && v) theirs.source = side_by_side::widen(argv[++i]);
        else if (k == "--seconds" && v) seconds = std::atof(argv[++i]);
        else if (k == "--calls" && v) calls = std::atoi(argv[++i]);
        else if (k == "--repeat" && v) repeat = std::atoi(argv[++i]);
        else {
            std::fprintf(stderr, "usage: winmm-bench-time [--ours PATH] [--theirs PATH] [--seconds S] [--calls N] [--repeat R]\n");
            return 2;
        }
    }
    wchar_t tmp[MAX_PATH];
    GetTempPathW(MAX_PATH, tmp);
    g_workdir = std::wstring(tmp) + L"winmm-bench-time-" + std::to_wstring(GetCurrentProcessId());
    CreateDirectoryW(g_workdir.c_str(), nullptr);
    load(ours);
    load(theirs);
    if (ours.mod == theirs.mod || ours.GetTime == theirs.GetTime) die("the same module was loaded twice");
    g_cpu_clock = bench_clock::running_under_wine() && linux_thread_cpu_ns() >= 0;

    std::printf("## timeGetTime (%s clock, median of %d x %d calls)\n\n", g_cpu_clock ? "thread CPU" : "wall", repeat, calls);
    std::printf("| case | ours ns/call | theirs ns/call | ours/theirs |\n|---|---|---|---|\n");
    for (int precise = 0; precise < 2; ++precise) {
        if (precise) {
            ours.BeginPeriod(1);
            theirs.BeginPeriod(1);
        }
        std::vector<double> o, t, ratio;
        for (int r = 0; r < repeat; ++r) {
            double a, b;  // the order alternates, so drifting load hits both sides alike
            if (r % 2 == 0) {
                a = get_time_ns(ours, calls);
                b = get_time_ns(theirs, calls);
            } else {
                b = get_time_ns(theirs, calls);
                a = get_time_ns(ours, calls);
            }
            o.push_back(a);
            t.push_back(b);
            ratio.push_back(a / b);
        }
        if (precise) {
            ours.EndPeriod(1);
            theirs.EndPeriod(1);
        }
        std::printf("| %s | %.1f | %.1f | %.3f |\n", precise ? "after timeBeginPeriod(1)" : "default", median(o), median(t),
                    median(ratio));
    }

    std::printf("\n## periodic timers (%g s each, timeBeginPeriod(1), one DLL at a time)\n\n", seconds);
    std::printf("| period | side | callbacks | expected | mean period ms | interval p50 ms | p99 ms | max ms | CPU s/s |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|\n");
    for (UINT period : {1u, 10u}) {
        for (const TimeApi* a : {&ours, &theirs}) {
            PeriodicResult r = periodic(*a, period, seconds);
            std::printf("| %u ms | %s | %ld | %.0f | %.4f | %.2f | %.2f | %.2f | %.4f |\n", period, a->label, r.calls,
                        r.expected, r.mean_ms, r.p50, r.p99, r.max, r.cpu_per_s);
        }
    }

    std::printf("\n## one-shot 5 ms: lateness after the due time (100 shots)\n\n| side | p50 ms | p99 ms | max ms |\n|---|---|---|---|\n");
    for (const TimeApi* a : {&ours, &theirs}) {
        std::vector<double> late = one_shot_late_ms(*a, 5, 100);
        std::printf("| %s | %.2f | %.2f | %.2f |\n", a->label, percentile(late, 0.5), percentile(late, 0.99),
                    *std::max_element(late.begin(), late.end()));
    }
    FreeLibrary(ours.mod);
    FreeLibrary(theirs.mod);
    cleanup();
    return 0;
}
