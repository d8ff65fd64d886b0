// winmm-bench-midi: the MIDI API of two winmm.dll files (ours and Wine's builtin) side by side in one process,
// through the SAME test driver (tests/midi/midi_test_driver.cpp), which logs every modMessage with a
// QueryPerformanceCounter timestamp into shared memory:
//   - midiStream timing: for each tempo, a stream of note events is queued and played; each event's arrival at
//     the driver is compared with its due time (the first event's arrival + its tick x microseconds per tick).
//     Lateness p50/p99/max (and the earliest, negative = early) per DLL.
//   - midiOutShortMsg cost per call.
// Both DLLs open MIDI_MAPPER. Wine's builtin loads its mapper as "midimap.dll" by file name, and the application
// directory comes first in the search: the build puts a copy of the test driver there under that name. Ours
// opens Drivers32's "midimapper", which this program points at the same file (and "midi" at midi_td.dll, so ours
// has a device behind the mapper); the values are restored on exit. Run with WINEDLLOVERRIDES including
// midimap=n (tools/bench/run does not know this program; see docs/performance.md, section "MIDI").
//
//   winmm-bench-midi [--ours PATH] [--theirs PATH] [--seconds S] [--tempos T1,T2,..] [--calls N] [--repeat R]
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
#include "midi_test_driver.h"
#include "side_by_side.h"

namespace {

using bench_clock::now_ns;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "winmm-bench-midi: error: %s (error %lu)\n", what, GetLastError());
    std::exit(2);
}

struct MidiApi {
    const char* label;
    std::wstring source, loaded;
    HMODULE mod = nullptr;
    decltype(&::midiOutOpen) OutOpen = nullptr;
    decltype(&::midiOutClose) OutClose = nullptr;
    decltype(&::midiOutShortMsg) ShortMsg = nullptr;
    decltype(&::midiOutPrepareHeader) Prepare = nullptr;
    decltype(&::midiOutUnprepareHeader) Unprepare = nullptr;
    decltype(&::midiStreamOpen) StreamOpen = nullptr;
    decltype(&::midiStreamClose) StreamClose = nullptr;
    decltype(&::midiStreamOut) StreamOut = nullptr;
    decltype(&::midiStreamRestart) StreamRestart = nullptr;
    decltype(&::midiStreamProperty) StreamProperty = nullptr;
};

template <typename F>
void resolve(MidiApi& a, F& fn, const char* name) {
    if (!side_by_side::resolve(a.mod, fn, name)) die(name);
}

std::wstring g_workdir;

void load(MidiApi& a) {
    const char* why = "";
    a.mod = side_by_side::load_copy(g_workdir, a.source, "winmm_", a.label, a.loaded, why);
    if (!a.mod) die(why);
    resolve(a, a.OutOpen, "midiOutOpen");
    resolve(a, a.OutClose, "midiOutClose");
    resolve(a, a.ShortMsg, "midiOutShortMsg");
    resolve(a, a.Prepare, "midiOutPrepareHeader");
    resolve(a, a.Unprepare, "midiOutUnprepareHeader");
    resolve(a, a.StreamOpen, "midiStreamOpen");
    resolve(a, a.StreamClose, "midiStreamClose");
    resolve(a, a.StreamOut, "midiStreamOut");
    resolve(a, a.StreamRestart, "midiStreamRestart");
    resolve(a, a.StreamProperty, "midiStreamProperty");
}

// Drivers32 values for the run, put back afterwards.
struct Drivers32 {
    struct Saved {
        const wchar_t* name;
        bool had;
        std::wstring value;
    };
    std::vector<Saved> saved;
    static constexpr const wchar_t* kKey = L"Software\\Microsoft\\Windows NT\\CurrentVersion\\Drivers32";
    void set(const wchar_t* name, const wchar_t* value) {
        HKEY k;
        if (RegCreateKeyExW(HKEY_LOCAL_MACHINE, kKey, 0, nullptr, 0, KEY_ALL_ACCESS, nullptr, &k, nullptr)) die("registry");
        wchar_t buf[MAX_PATH] = {};
        DWORD size = sizeof(buf) - sizeof(wchar_t), type = 0;
        bool had = RegQueryValueExW(k, name, nullptr, &type, reinterpret_cast<BYTE*>(buf), &size) == ERROR_SUCCESS;
        saved.push_back({name, had, buf});
        RegSetValueExW(k, name, 0, REG_SZ, reinterpret_cast<const BYTE*>(value),
                       static_cast<DWORD>((lstrlenW(value) + 1) * sizeof(wchar_t)));
        RegCloseKey(k);
    }
    ~Drivers32() {
        HKEY k;
        if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, kKey, 0, KEY_ALL_ACCESS, &k)) return;
        for (const Saved& s : saved) {
            if (s.had)
                RegSetValueExW(k, s.name, 0, REG_SZ, reinterpret_cast<const BYTE*>(s.value.c_str()),
                               static_cast<DWORD>((s.value.size() + 1) * sizeof(wchar_t)));
            else
                RegDeleteValueW(k, s.name);
        }
        RegCloseKey(k);
    }
};

// Global, so that die() (std::exit) restores the values too.
Drivers32 g_reg;

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    size_t i = static_cast<size_t>(std::ceil(p * v.size())) - 1;
    return v[std::min(i, v.size() - 1)];
}

double qpc_us(int64_t ticks) {
    static const double per_us = [] {
        LARGE_INTEGER f;
        QueryPerformanceFrequency(&f);
        return static_cast<double>(f.QuadPart) / 1e6;
    }();
    return static_cast<double>(ticks) / per_us;
}

constexpr DWORD kTimeDiv = 480;

// Per event, d = arrival - (restart call + due time). The first event's d is the start latency; the error of an
// event is d - min(d): how much later than the best-placed event of the run it came (0 for that one), so a
// constant offset (start latency, clock anchoring) does not count and every early or late event does.
struct StreamResult {
    size_t events = 0, arrived = 0;
    double start = NAN;                  // ms
    double p50 = NAN, p99 = NAN, max = NAN;  // error, ms
};

// A stream of `seconds` at `tempo`: note on/off pairs with deltas cycling through 1/32, 1/64, 1/16 and 3/128 of
// a quarter note (uneven on purpose; 16 ms apart on average at 500000), queued as buffers of about one second
// each before the restart.
StreamResult stream_run(const MidiApi& a, DWORD tempo, double seconds) {
    const DWORD deltas[] = {kTimeDiv / 32, kTimeDiv / 64, kTimeDiv / 16, kTimeDiv * 3 / 128};
    double us_per_tick = static_cast<double>(tempo) / kTimeDiv;
    std::vector<std::vector<DWORD>> buffers(1);
    std::vector<double> due_us;  // per MODM_DATA, from the first event
    double t = 0, buffer_start = 0;
    for (size_t i = 0; t < seconds * 1e6; ++i) {
        DWORD delta = i ? deltas[i % 4] : 0;
        t += delta * us_per_tick;
        if (t - buffer_start > 1e6 && buffers.back().size() > 3) {
            buffers.emplace_back();
            buffer_start = t;
        }
        DWORD note = 0x3C + static_cast<DWORD>(i % 12);
        DWORD msg = (i % 2 ? 0x80 : 0x90) | note << 8 | (i % 2 ? 0 : 0x40) << 16;
        auto& b = buffers.back();
        b.push_back(delta);
        b.push_back(0);
        b.push_back(static_cast<DWORD>(MEVT_SHORTMSG) << 24 | msg);
        due_us.push_back(t);
    }
    UINT id = MIDI_MAPPER;
    HMIDISTRM s = nullptr;
    if (a.StreamOpen(&s, &id, 1, 0, 0, CALLBACK_NULL) != MMSYSERR_NOERROR) die("midiStreamOpen");
    MIDIPROPTIMEDIV div = {sizeof(div), kTimeDiv};
    MIDIPROPTEMPO tp = {sizeof(tp), tempo};
    if (a.StreamProperty(s, reinterpret_cast<LPBYTE>(&div), MIDIPROP_SET | MIDIPROP_TIMEDIV) ||
        a.StreamProperty(s, reinterpret_cast<LPBYTE>(&tp), MIDIPROP_SET | MIDIPROP_TEMPO))
        die("midiStreamProperty");
    std::vector<MIDIHDR> hdrs(buffers.size());
    for (size_t i = 0; i < buffers.size(); ++i) {
        hdrs[i] = MIDIHDR{};
        hdrs[i].lpData = reinterpret_cast<LPSTR>(buffers[i].data());
        hdrs[i].dwBufferLength = hdrs[i].dwBytesRecorded = static_cast<DWORD>(buffers[i].size() * 4);
        if (MMRESULT e = a.Prepare(reinterpret_cast<HMIDIOUT>(s), &hdrs[i], sizeof(MIDIHDR))) {
            std::fprintf(stderr, "%s: midiOutPrepareHeader returned %u\n", a.label, e);
            die("midiOutPrepareHeader");
        }
        if (a.StreamOut(s, &hdrs[i], sizeof(MIDIHDR))) die("midiStreamOut");
    }
    midi_td::Log* log = midi_td::open_log();
    InterlockedExchange(&log->count, 0);
    LARGE_INTEGER restart;
    QueryPerformanceCounter(&restart);
    if (a.StreamRestart(s)) die("midiStreamRestart");
    DWORD start = GetTickCount();
    while (!(hdrs.back().dwFlags & MHDR_DONE) && GetTickCount() - start < seconds * 1000 * 2 + 5000) Sleep(20);
    std::vector<int64_t> arrivals;
    LONG n = log->count;
    if (n > static_cast<LONG>(midi_td::kCapacity)) n = static_cast<LONG>(midi_td::kCapacity);
    for (LONG i = 0; i < n; ++i)
        if (log->records[i].msg == MODM_DATA) arrivals.push_back(log->records[i].qpc);
    a.StreamClose(s);  // may send note-offs: counted after the arrivals were taken
    for (MIDIHDR& h : hdrs) a.Unprepare(reinterpret_cast<HMIDIOUT>(s), &h, sizeof(MIDIHDR));
    StreamResult r;
    r.events = due_us.size();
    r.arrived = std::min(arrivals.size(), due_us.size());
    std::vector<double> d;
    for (size_t i = 0; i < r.arrived; ++i) d.push_back((qpc_us(arrivals[i] - restart.QuadPart) - due_us[i]) / 1000.0);
    if (!d.empty()) {
        r.start = d[0];
        double best = *std::min_element(d.begin(), d.end());
        for (double& x : d) x -= best;
        r.p50 = percentile(d, 0.5);
        r.p99 = percentile(d, 0.99);
        r.max = *std::max_element(d.begin(), d.end());
    }
    return r;
}

double shortmsg_ns(const MidiApi& a, int calls, int repeat) {
    HMIDIOUT h = nullptr;
    if (a.OutOpen(&h, MIDI_MAPPER, 0, 0, CALLBACK_NULL) != MMSYSERR_NOERROR) die("midiOutOpen");
    std::vector<double> runs;
    for (int r = 0; r < repeat; ++r) {
        InterlockedExchange(&midi_td::open_log()->count, 0);  // the driver's log stays within its capacity
        double t0 = now_ns();
        for (int i = 0; i < calls; ++i)
            if (a.ShortMsg(h, 0x00403C90 | (i & 0x7F) << 8)) die("midiOutShortMsg");
        runs.push_back((now_ns() - t0) / calls);
    }
    a.OutClose(h);
    std::sort(runs.begin(), runs.end());
    return runs[runs.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    MidiApi ours, theirs;
    ours.label = "ours";
    theirs.label = "theirs";
    double seconds = 5;
    int calls = 20000, repeat = 7;
    std::vector<DWORD> tempos = {250000, 500000, 1000000};
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
        else if (k == "--tempos" && v) {
            tempos.clear();
            for (const char* p = argv[++i]; *p;) {
                tempos.push_back(static_cast<DWORD>(std::strtoul(p, const_cast<char**>(&p), 10)));
                if (*p == ',') ++p;
                else if (*p) break;
            }
        } else {
            std::fprintf(stderr, "usage: winmm-bench-midi [--ours PATH] [--theirs PATH] [--seconds S] "
                                 "[--tempos T1,T2,..] [--calls N] [--repeat R]\n");
            return 2;
        }
    }
    if (!midi_td::open_log()) die("shared log");
    g_reg.set(L"midi", L"midi_td.dll");
    g_reg.set(L"midimapper", L"midimap.dll");
    wchar_t tmp[MAX_PATH];
    GetTempPathW(MAX_PATH, tmp);
    g_workdir = std::wstring(tmp) + L"winmm-bench-midi-" + std::to_wstring(GetCurrentProcessId());
    CreateDirectoryW(g_workdir.c_str(), nullptr);
    load(ours);
    load(theirs);

    std::printf("## midiStream timing: error of each event at the driver against its due time (ms, after the run's "
                "best-placed event), %.0f s per stream, %u ticks per quarter note\n\n", seconds,
                static_cast<unsigned>(kTimeDiv));
    std::printf("| tempo (us/quarter) | DLL | events | arrived | start latency | p50 | p99 | max |\n"
                "|---|---|---|---|---|---|---|---|\n");
    for (DWORD tempo : tempos) {
        for (MidiApi* a : {&ours, &theirs}) {
            StreamResult r = stream_run(*a, tempo, seconds);
            std::printf("| %lu | %s | %zu | %zu | %.3f | %.3f | %.3f | %.3f |\n", static_cast<unsigned long>(tempo),
                        a->label, r.events, r.arrived, r.start, r.p50, r.p99, r.max);
            std::fflush(stdout);
        }
    }
    double o = shortmsg_ns(ours, calls, repeat), t = shortmsg_ns(theirs, calls, repeat);
    std::printf("\n## midiOutShortMsg (MIDI_MAPPER -> test driver), ns per call, median of %d x %d calls\n\n", repeat,
                calls);
    std::printf("| ours | theirs | ours/theirs |\n|---|---|---|\n| %.0f | %.0f | %.2f |\n", o, t, o / t);
    for (const wchar_t* name : {L"\\winmm_ours.dll", L"\\winmm_theirs.dll"}) DeleteFileW((g_workdir + name).c_str());
    RemoveDirectoryW(g_workdir.c_str());
    return 0;
}
