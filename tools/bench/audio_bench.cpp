// winmm-bench-audio: waveOut of two winmm.dll files loaded into one process ("ours" and "theirs", Wine's
// builtin by default), measured at the sound server. Run it inside tools/sound-server:
//   tools/sound-server -- tools/wine build-win64/tools/bench/winmm-bench-audio.exe [--seconds S] [--repeat R]
// Measures, per DLL: waveOutWrite -> first non-silent sample recorded at the server; waveOutWrite -> WOM_DONE
// with 3 x 10 ms buffers; silent gaps and their total length in a stream of 10 ms buffers kept 4 deep for S
// seconds; process CPU time per second of that stream. Each DLL is copied to a private name first (the loader
// matches modules by base name), as in time_bench.cpp. Exits 77 without a sound server, 2 on a broken DLL.
#include <windows.h>

#include <mmsystem.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "../../tests/common/sound_server.h"
#include "bench_clock.h"
#include "side_by_side.h"

namespace {

using bench_clock::now_ns;

struct WaveApi {
    const char* label;
    std::wstring source, loaded;
    HMODULE mod = nullptr;
    decltype(&::waveOutOpen) Open = nullptr;
    decltype(&::waveOutClose) Close = nullptr;
    decltype(&::waveOutPrepareHeader) Prepare = nullptr;
    decltype(&::waveOutUnprepareHeader) Unprepare = nullptr;
    decltype(&::waveOutWrite) Write = nullptr;
    decltype(&::waveOutReset) Reset = nullptr;
};

std::wstring g_workdir;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "winmm-bench-audio: error: %s\n", what);
    std::exit(2);
}

template <typename F>
void resolve(WaveApi& a, F& fn, const char* name) {
    if (!side_by_side::resolve(a.mod, fn, name)) die(name);
}

void load(WaveApi& a) {
    const char* why = "";
    a.mod = side_by_side::load_copy(g_workdir, a.source, "winmm_", a.label, a.loaded, why);
    if (!a.mod) die(why);
    resolve(a, a.Open, "waveOutOpen");
    resolve(a, a.Close, "waveOutClose");
    resolve(a, a.Prepare, "waveOutPrepareHeader");
    resolve(a, a.Unprepare, "waveOutUnprepareHeader");
    resolve(a, a.Write, "waveOutWrite");
    resolve(a, a.Reset, "waveOutReset");
}

WAVEFORMATEX stereo16() {
    WAVEFORMATEX f = {};
    f.wFormatTag = WAVE_FORMAT_PCM;
    f.nChannels = 2;
    f.nSamplesPerSec = 48000;
    f.wBitsPerSample = 16;
    f.nBlockAlign = 4;
    f.nAvgBytesPerSec = 48000 * 4;
    return f;
}

std::vector<BYTE> noise(size_t frames, uint32_t seed) {
    std::vector<BYTE> out(frames * 4);
    for (size_t i = 0; i < frames * 2; ++i) {
        seed = seed * 1664525u + 1013904223u;
        int16_t v = static_cast<int16_t>(static_cast<int32_t>(seed) >> 18);
        if (!v) v = 1;
        std::memcpy(&out[i * 2], &v, 2);
    }
    return out;
}

double median(std::vector<double> v) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

struct DoneLog {
    HANDLE event = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    double at[64] = {};
    volatile LONG n = 0;
};

void CALLBACK on_done(HWAVEOUT, UINT msg, DWORD_PTR user, DWORD_PTR, DWORD_PTR) {
    if (msg != WOM_DONE) return;
    auto* d = reinterpret_cast<DoneLog*>(user);
    LONG i = InterlockedIncrement(&d->n) - 1;
    if (i < 64) d->at[i] = now_ns();
    SetEvent(d->event);
}

// waveOutWrite -> first non-silent frame at the server, in ms.
double first_sound_ms(const WaveApi& a) {
    WAVEFORMATEX f = stereo16();
    std::vector<BYTE> data = noise(9600, 7);
    sound_server::Recording rec(1.0);
    if (!rec.started()) die("recording did not start");
    double rec_start = now_ns();
    HWAVEOUT h = nullptr;
    if (a.Open(&h, WAVE_MAPPER, &f, 0, 0, CALLBACK_NULL) != MMSYSERR_NOERROR) die("waveOutOpen");
    WAVEHDR hdr = {};
    hdr.lpData = reinterpret_cast<LPSTR>(data.data());
    hdr.dwBufferLength = static_cast<DWORD>(data.size());
    a.Prepare(h, &hdr, sizeof(hdr));
    Sleep(100);
    double t_write = now_ns();
    if (a.Write(h, &hdr, sizeof(hdr)) != MMSYSERR_NOERROR) die("waveOutWrite");
    sound_server::Frames got = rec.wait();
    a.Reset(h);
    a.Unprepare(h, &hdr, sizeof(hdr));
    a.Close(h);
    long first = sound_server::first_sound(got);
    if (first < 0) return NAN;
    // The recording's frame 0 is about when the Recording constructor returned (parec was already delivering).
    return (rec_start + first * 1e9 / 48000.0 - t_write) / 1e6;
}

// waveOutWrite of 3 x 10 ms -> WOM_DONE of each, in ms.
std::vector<double> done_latency_ms(const WaveApi& a) {
    WAVEFORMATEX f = stereo16();
    std::vector<BYTE> data = noise(1440, 9);
    DoneLog log;
    HWAVEOUT h = nullptr;
    if (a.Open(&h, WAVE_MAPPER, &f, reinterpret_cast<DWORD_PTR>(on_done), reinterpret_cast<DWORD_PTR>(&log),
               CALLBACK_FUNCTION) != MMSYSERR_NOERROR)
        die("waveOutOpen");
    WAVEHDR hdr[3] = {};
    for (int i = 0; i < 3; ++i) {
        hdr[i].lpData = reinterpret_cast<LPSTR>(data.data() + i * 1920);
        hdr[i].dwBufferLength = 1920;
        a.Prepare(h, &hdr[i], sizeof(WAVEHDR));
    }
    log.n = 0;
    double t0 = now_ns();
    for (WAVEHDR& x : hdr) a.Write(h, &x, sizeof(x));
    DWORD start = GetTickCount();
    while (log.n < 3 && GetTickCount() - start < 3000) WaitForSingleObject(log.event, 50);
    std::vector<double> out;
    for (int i = 0; i < 3 && i < log.n; ++i) out.push_back((log.at[i] - t0) / 1e6);
    a.Reset(h);
    for (WAVEHDR& x : hdr) a.Unprepare(h, &x, sizeof(x));
    a.Close(h);
    CloseHandle(log.event);
    return out;
}

double process_cpu_s() {
    FILETIME c, e, k, u;
    GetProcessTimes(GetCurrentProcess(), &c, &e, &k, &u);
    auto v = [](FILETIME t) { return (static_cast<unsigned long long>(t.dwHighDateTime) << 32 | t.dwLowDateTime) / 1e7; };
    return v(k) + v(u);
}

struct StreamResult {
    int gaps = 0;
    double gap_ms = 0;
    double cpu_ms_per_s = 0;
};

// 10 ms buffers, 4 in flight, each written again from the main thread when done.
StreamResult stream(const WaveApi& a, double seconds) {
    WAVEFORMATEX f = stereo16();
    const size_t chunk = 480;
    size_t total_chunks = static_cast<size_t>(seconds * 100);
    std::vector<BYTE> data = noise(chunk * total_chunks, 11);
    sound_server::Recording rec(seconds + 1.5);
    if (!rec.started()) die("recording did not start");
    DoneLog log;
    HWAVEOUT h = nullptr;
    if (a.Open(&h, WAVE_MAPPER, &f, reinterpret_cast<DWORD_PTR>(log.event), 0, CALLBACK_EVENT) != MMSYSERR_NOERROR)
        die("waveOutOpen");
    WAVEHDR hdr[4] = {};
    size_t next = 0;
    double cpu0 = process_cpu_s();
    auto feed = [&](WAVEHDR& x) {
        if (next >= total_chunks) return false;
        x.lpData = reinterpret_cast<LPSTR>(data.data() + next * chunk * 4);
        x.dwBufferLength = static_cast<DWORD>(chunk * 4);
        x.dwFlags &= ~WHDR_DONE;
        ++next;
        return a.Write(h, &x, sizeof(x)) == MMSYSERR_NOERROR;
    };
    for (WAVEHDR& x : hdr) {
        x.lpData = reinterpret_cast<LPSTR>(data.data());
        x.dwBufferLength = static_cast<DWORD>(chunk * 4);
        a.Prepare(h, &x, sizeof(x));
        feed(x);
    }
    DWORD start = GetTickCount();
    for (;;) {
        WaitForSingleObject(log.event, 100);
        bool busy = false;
        for (WAVEHDR& x : hdr) {
            if (x.dwFlags & WHDR_DONE) feed(x);
            if (x.dwFlags & WHDR_INQUEUE) busy = true;
        }
        if (!busy && next >= total_chunks) break;
        if (GetTickCount() - start > (seconds + 10) * 1000) break;
    }
    double cpu = process_cpu_s() - cpu0;
    a.Reset(h);
    for (WAVEHDR& x : hdr) a.Unprepare(h, &x, sizeof(x));
    a.Close(h);
    CloseHandle(log.event);
    sound_server::Frames got = rec.wait();
    StreamResult r;
    r.cpu_ms_per_s = cpu * 1000 / seconds;
    long first = sound_server::first_sound(got);
    long last = -1;
    for (long i = static_cast<long>(got.size() / 2) - 1; i >= 0; --i)
        if (got[2 * i] != 0.0f || got[2 * i + 1] != 0.0f) {
            last = i;
            break;
        }
    long run = 0;
    for (long i = first; first >= 0 && i <= last; ++i) {
        bool silent = got[2 * i] == 0.0f && got[2 * i + 1] == 0.0f;
        if (silent) {
            ++run;
        } else if (run) {
            ++r.gaps;
            r.gap_ms += run / 48.0;
            run = 0;
        }
    }
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    if (!sound_server::available()) {
        std::printf("SKIP: no sound server (run inside tools/sound-server)\n");
        return 77;
    }
    WaveApi ours, theirs;
    ours.label = "ours";
    theirs.label = "theirs";
    wchar_t exe[MAX_PATH];
    GetModuleFileNameW(nullptr, exe, MAX_PATH);
    std::wstring dir(exe);
    dir.resize(dir.find_last_of(L'\\'));
    ours.source = dir + L"\\winmm.dll";
    theirs.source = side_by_side::builtin_winmm();
    double seconds = 30;
    int repeat = 3;
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        if (k == "--seconds" && i + 1 < argc) seconds = std::atof(argv[++i]);
        else if (k == "--repeat" && i + 1 < argc) repeat = std::atoi(argv[++i]);
    }
    wchar_t tmp[MAX_PATH];
    GetTempPathW(MAX_PATH, tmp);
    g_workdir = std::wstring(tmp) + L"winmm-bench-audio-" + std::to_wstring(GetCurrentProcessId());
    CreateDirectoryW(g_workdir.c_str(), nullptr);
    load(ours);
    load(theirs);
    if (ours.mod == theirs.mod || ours.Open == theirs.Open) die("the same module was loaded twice");

    std::printf("| measure | ours | theirs |\n|---|---|---|\n");
    std::vector<double> fs[2], d1[2], d3[2];
    for (int r = 0; r < repeat; ++r)
        for (int k = 0; k < 2; ++k) {
            const WaveApi& a = (r + k) % 2 ? theirs : ours;
            int slot = &a == &ours ? 0 : 1;
            fs[slot].push_back(first_sound_ms(a));
            std::vector<double> d = done_latency_ms(a);
            if (d.size() == 3) {
                d1[slot].push_back(d[0]);
                d3[slot].push_back(d[2]);
            }
        }
    std::printf("| waveOutWrite -> first sound at the server, ms (median of %d) | %.1f | %.1f |\n", repeat,
                median(fs[0]), median(fs[1]));
    std::printf("| 3 x 10 ms: write -> WOM_DONE of the 1st, ms | %.1f | %.1f |\n", median(d1[0]), median(d1[1]));
    std::printf("| 3 x 10 ms: write -> WOM_DONE of the 3rd, ms | %.1f | %.1f |\n", median(d3[0]), median(d3[1]));
    StreamResult s[2] = {stream(ours, seconds), stream(theirs, seconds)};
    std::printf("| %.0f s of 10 ms buffers (4 deep): silent gaps | %d | %d |\n", seconds, s[0].gaps, s[1].gaps);
    std::printf("| same: total gap length, ms | %.1f | %.1f |\n", s[0].gap_ms, s[1].gap_ms);
    std::printf("| same: process CPU ms per second of playback | %.1f | %.1f |\n", s[0].cpu_ms_per_s,
                s[1].cpu_ms_per_s);
    FreeLibrary(ours.mod);
    FreeLibrary(theirs.mod);
    DeleteFileW(ours.loaded.c_str());
    DeleteFileW(theirs.loaded.c_str());
    RemoveDirectoryW(g_workdir.c_str());
    return 0;
}
