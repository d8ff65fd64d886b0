// winmm-bench-mixer: the mixer* API of two winmm.dll files loaded into one process, side by side: the cost of the
// calls a volume control panel makes (device count, caps, line info, control get/set) and the latency from a set
// to the MM_MIXM_CONTROL_CHANGE a window of another handle receives. Run it inside tools/sound-server (there are no
// mixers without audio devices).
//
// Like winmm-bench-time, it copies each DLL to a private temporary directory under a distinct name
// (winmm_ours.dll, winmm_theirs.dll): the loader matches modules by base name. It does not import winmm.
//
//   winmm-bench-mixer [--ours PATH] [--theirs PATH] [--calls N] [--repeat R]
#include <windows.h>
#include <mmsystem.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench_clock.h"
#include "side_by_side.h"

namespace {

using bench_clock::now_ns;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "winmm-bench-mixer: error: %s (error %lu)\n", what, GetLastError());
    std::exit(2);
}

double median(std::vector<double> v) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

struct MixerApi {
    const char* label;
    std::wstring source, loaded;
    HMODULE mod = nullptr;
    decltype(&::mixerGetNumDevs) GetNumDevs = nullptr;
    decltype(&::mixerGetDevCapsW) GetDevCaps = nullptr;
    decltype(&::mixerOpen) Open = nullptr;
    decltype(&::mixerClose) Close = nullptr;
    decltype(&::mixerGetLineInfoW) GetLineInfo = nullptr;
    decltype(&::mixerGetControlDetailsW) GetDetails = nullptr;
    decltype(&::mixerSetControlDetails) SetDetails = nullptr;
};

template <typename F>
void resolve(MixerApi& a, F& fn, const char* name) {
    if (!side_by_side::resolve(a.mod, fn, name)) die(name);
}

std::wstring g_workdir;

void load(MixerApi& a) {
    const char* why = "";
    a.mod = side_by_side::load_copy(g_workdir, a.source, "winmm_", a.label, a.loaded, why);
    if (!a.mod) die(why);
    resolve(a, a.GetNumDevs, "mixerGetNumDevs");
    resolve(a, a.GetDevCaps, "mixerGetDevCapsW");
    resolve(a, a.Open, "mixerOpen");
    resolve(a, a.Close, "mixerClose");
    resolve(a, a.GetLineInfo, "mixerGetLineInfoW");
    resolve(a, a.GetDetails, "mixerGetControlDetailsW");
    resolve(a, a.SetDetails, "mixerSetControlDetails");
}

MMRESULT volume(const MixerApi& a, HMIXER h, DWORD* value, bool set) {
    MIXERCONTROLDETAILS d = {};
    d.cbStruct = sizeof(d);
    d.dwControlID = 0;  // the destination's volume in both DLLs
    d.cChannels = 1;
    d.cbDetails = sizeof(DWORD);
    d.paDetails = value;
    auto obj = reinterpret_cast<HMIXEROBJ>(h);
    return set ? a.SetDetails(obj, &d, MIXER_OBJECTF_HMIXER) : a.GetDetails(obj, &d, MIXER_OBJECTF_HMIXER);
}

// ns per call of one operation, median over `repeat` runs of `calls` calls.
template <typename Op>
double cost(int calls, int repeat, Op op) {
    std::vector<double> runs;
    for (int r = 0; r < repeat; ++r) {
        double t0 = now_ns();
        for (int i = 0; i < calls; ++i)
            if (!op(i)) return NAN;
        runs.push_back((now_ns() - t0) / calls);
    }
    return median(runs);
}

// ms from a set through one handle to the message at the window of another; NAN when none came within 1 s.
double notify_ms(const MixerApi& a, HWND window, HMIXER setter, DWORD value) {
    MSG m;
    while (PeekMessageW(&m, window, 0, 0, PM_REMOVE)) {
    }
    double t0 = now_ns();
    if (volume(a, setter, &value, true) != MMSYSERR_NOERROR) return NAN;
    while (now_ns() - t0 < 1e9) {
        if (PeekMessageW(&m, window, MM_MIXM_CONTROL_CHANGE, MM_MIXM_CONTROL_CHANGE, PM_REMOVE)) return (now_ns() - t0) / 1e6;
        Sleep(0);
    }
    return NAN;
}

void print(const char* name, double ours, double theirs, const char* unit) {
    std::printf("| %s | %.3f | %.3f | %s | %s |\n", name, ours, theirs,
                std::isnan(ours) || std::isnan(theirs) ? "-" : std::to_string(ours / theirs).substr(0, 5).c_str(), unit);
}

}  // namespace

int main(int argc, char** argv) {
    MixerApi ours, theirs;
    ours.label = "ours";
    theirs.label = "theirs";
    int calls = 2000, repeat = 7;
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
        else if (k == "--calls" && v) calls = std::atoi(argv[++i]);
        else if (k == "--repeat" && v) repeat = std::atoi(argv[++i]);
        else {
            std::fprintf(stderr, "usage: winmm-bench-mixer [--ours PATH] [--theirs PATH] [--calls N] [--repeat R]\n");
            return 2;
        }
    }
    wchar_t tmp[MAX_PATH];
    GetTempPathW(MAX_PATH, tmp);
    g_workdir = std::wstring(tmp) + L"winmm-bench-mixer-" + std::to_wstring(GetCurrentProcessId());
    CreateDirectoryW(g_workdir.c_str(), nullptr);
    load(ours);
    load(theirs);
    if (ours.mod == theirs.mod || ours.GetNumDevs == theirs.GetNumDevs) die("the same module was loaded twice");

    WNDCLASSW wc = {};
    wc.lpfnWndProc = DefWindowProcW;
    wc.hInstance = GetModuleHandleW(nullptr);
    wc.lpszClassName = L"winmm_bench_mixer";
    RegisterClassW(&wc);
    int status = 0;
    struct Side {
        MixerApi* api = nullptr;
        HMIXER h = nullptr, listener = nullptr;
        HWND window = nullptr;
        DWORD saved = 0;
        double c[5] = {NAN, NAN, NAN, NAN, NAN};
        std::vector<double> latency;
    } sides[2];
    sides[0].api = &ours;
    sides[1].api = &theirs;
    for (Side& s : sides) {
        const MixerApi& a = *s.api;
        if (a.GetNumDevs() == 0 || a.Open(&s.h, 0, 0, 0, 0) != MMSYSERR_NOERROR) {
            std::fprintf(stderr, "winmm-bench-mixer: %s has no mixer (run inside tools/sound-server)\n", a.label);
            return 2;
        }
        volume(a, s.h, &s.saved, false);
        s.window = CreateWindowW(L"winmm_bench_mixer", L"", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, wc.hInstance, nullptr);
        a.Open(&s.listener, 0, reinterpret_cast<DWORD_PTR>(s.window), 0, CALLBACK_WINDOW);
    }
    for (Side& s : sides) {
        const MixerApi& a = *s.api;
        MIXERCAPSW caps;
        MIXERLINEW line;
        s.c[0] = cost(calls, repeat, [&](int) { return a.GetNumDevs() > 0; });
        s.c[1] = cost(calls, repeat, [&](int) { return a.GetDevCaps(0, &caps, sizeof(caps)) == MMSYSERR_NOERROR; });
        s.c[2] = cost(calls, repeat, [&](int) {
            std::memset(&line, 0, sizeof(line));
            line.cbStruct = sizeof(line);
            return a.GetLineInfo(reinterpret_cast<HMIXEROBJ>(s.h), &line, MIXER_OBJECTF_HMIXER | MIXER_GETLINEINFOF_DESTINATION) ==
                   MMSYSERR_NOERROR;
        });
        DWORD v = 0;
        s.c[3] = cost(calls, repeat, [&](int) { return volume(a, s.h, &v, false) == MMSYSERR_NOERROR; });
        s.c[4] = cost(calls, repeat, [&](int i) {
            DWORD x = 30000 + (i & 1);
            return volume(a, s.h, &x, true) == MMSYSERR_NOERROR;
        });
        for (int r = 0; r < repeat; ++r) s.latency.push_back(notify_ms(a, s.window, s.h, 20000 + r));
    }
    std::printf("| call | ours | theirs | ours/theirs | unit |\n|---|---|---|---|---|\n");
    const char* names[5] = {"mixerGetNumDevs", "mixerGetDevCapsW", "mixerGetLineInfoW (destination)",
                            "mixerGetControlDetails (volume)", "mixerSetControlDetails (volume)"};
    for (int i = 0; i < 5; ++i) {
        print(names[i], sides[0].c[i] / 1000, sides[1].c[i] / 1000, "us/call");
        if (std::isnan(sides[0].c[i])) status = 2;  // ours failed a call
    }
    auto lat = [](const std::vector<double>& v) {
        std::vector<double> ok;
        for (double x : v)
            if (!std::isnan(x)) ok.push_back(x);
        return ok.size() == v.size() ? median(ok) : NAN;
    };
    print("set -> MM_MIXM_CONTROL_CHANGE (median)", lat(sides[0].latency), lat(sides[1].latency), "ms (- : none within 1 s)");
    for (Side& s : sides) {
        volume(*s.api, s.h, &s.saved, true);
        s.api->Close(s.listener);
        s.api->Close(s.h);
        DestroyWindow(s.window);
    }
    FreeLibrary(ours.mod);
    FreeLibrary(theirs.mod);
    for (const wchar_t* name : {L"\\winmm_ours.dll", L"\\winmm_theirs.dll"}) DeleteFileW((g_workdir + name).c_str());
    RemoveDirectoryW(g_workdir.c_str());
    return status;
}
