// winmm-bench-audio-in: waveIn of two winmm.dll files loaded into one process ("ours" and "theirs", Wine's builtin
// by default). Run it inside tools/sound-server:
//   tools/sound-server -- tools/wine build-win64/tools/bench/winmm-bench-audio-in.exe [--repeat R]
// Measures, per DLL, alternating between the two so that both see the same machine load:
//   open      waveInOpen (48000 Hz 16-bit stereo, CALLBACK_EVENT) until it returns
//   start     waveInStart until the first 10 ms buffer comes back full (WIM_DATA), while a tone plays into the input
//   close     waveInReset + waveInClose
// Each DLL is copied to a private name first (the loader matches modules by base name). Exits 77 without a sound
// server, 2 when a DLL fails a call.
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

struct InApi {
    const char* label = "";
    std::wstring source, loaded;
    HMODULE mod = nullptr;
    decltype(&::waveInOpen) Open = nullptr;
    decltype(&::waveInClose) Close = nullptr;
    decltype(&::waveInPrepareHeader) Prepare = nullptr;
    decltype(&::waveInUnprepareHeader) Unprepare = nullptr;
    decltype(&::waveInAddBuffer) Add = nullptr;
    decltype(&::waveInStart) Start = nullptr;
    decltype(&::waveInReset) Reset = nullptr;
};

std::wstring g_workdir;

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "winmm-bench-audio-in: error: %s\n", what);
    std::exit(2);
}

template <typename F>
void resolve(InApi& a, F& fn, const char* name) {
    if (!side_by_side::resolve(a.mod, fn, name)) die(name);
}

void load(InApi& a) {
    const char* why = "";
    a.mod = side_by_side::load_copy(g_workdir, a.source, "winmm_in_", a.label, a.loaded, why);
    if (!a.mod) die(why);
    resolve(a, a.Open, "waveInOpen");
    resolve(a, a.Close, "waveInClose");
    resolve(a, a.Prepare, "waveInPrepareHeader");
    resolve(a, a.Unprepare, "waveInUnprepareHeader");
    resolve(a, a.Add, "waveInAddBuffer");
    resolve(a, a.Start, "waveInStart");
    resolve(a, a.Reset, "waveInReset");
}

struct Sample {
    double open_ms, start_ms, close_ms;
};

Sample run_once(InApi& a) {
    WAVEFORMATEX f = {};
    f.wFormatTag = WAVE_FORMAT_PCM;
    f.nChannels = 2;
    f.nSamplesPerSec = 48000;
    f.wBitsPerSample = 16;
    f.nBlockAlign = 4;
    f.nAvgBytesPerSec = 192000;
    HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    HWAVEIN h = nullptr;
    double t0 = now_ns();
    if (a.Open(&h, WAVE_MAPPER, &f, reinterpret_cast<DWORD_PTR>(ev), 0, CALLBACK_EVENT) != MMSYSERR_NOERROR)
        die("waveInOpen");
    double t1 = now_ns();
    WaitForSingleObject(ev, 1000);  // WIM_OPEN
    std::vector<std::vector<char>> mem(4, std::vector<char>(1920));
    std::vector<WAVEHDR> hdr(4);
    for (int i = 0; i < 4; ++i) {
        hdr[i] = WAVEHDR{};
        hdr[i].lpData = mem[i].data();
        hdr[i].dwBufferLength = 1920;  // 10 ms
        if (a.Prepare(h, &hdr[i], sizeof(WAVEHDR)) != MMSYSERR_NOERROR) die("waveInPrepareHeader");
        if (a.Add(h, &hdr[i], sizeof(WAVEHDR)) != MMSYSERR_NOERROR) die("waveInAddBuffer");
    }
    double t2 = now_ns();
    if (a.Start(h) != MMSYSERR_NOERROR) die("waveInStart");
    double t3 = 0;
    while (!t3) {
        if (WaitForSingleObject(ev, 5000) != WAIT_OBJECT_0) die("no WIM_DATA within 5 s");
        if (hdr[0].dwFlags & WHDR_DONE) t3 = now_ns();
    }
    double t4 = now_ns();
    a.Reset(h);
    for (auto& x : hdr) a.Unprepare(h, &x, sizeof(WAVEHDR));
    if (a.Close(h) != MMSYSERR_NOERROR) die("waveInClose");
    double t5 = now_ns();
    CloseHandle(ev);
    return {(t1 - t0) / 1e6, (t3 - t2) / 1e6, (t5 - t4) / 1e6};
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    int repeat = 15;
    for (int i = 1; i + 1 < argc; ++i)
        if (!std::strcmp(argv[i], "--repeat")) repeat = std::max(1, std::atoi(argv[++i]));
    if (!sound_server::available()) {
        std::printf("SKIP: no sound server (run inside tools/sound-server)\n");
        return sound_server::kSkipExitCode;
    }
    wchar_t exe[MAX_PATH];
    GetModuleFileNameW(nullptr, exe, MAX_PATH);
    std::wstring dir = exe;
    dir.resize(dir.find_last_of(L'\\'));
    wchar_t tmp[MAX_PATH];
    GetTempPathW(MAX_PATH, tmp);
    g_workdir = std::wstring(tmp) + L"winmm-bench-audio-in-" + std::to_wstring(GetCurrentProcessId());
    CreateDirectoryW(g_workdir.c_str(), nullptr);
    wchar_t sys[MAX_PATH];
    GetSystemDirectoryW(sys, MAX_PATH);
    InApi apis[2];
    apis[0].label = "ours";
    apis[0].source = dir + L"\\winmm.dll";
    apis[1].label = "theirs";
    apis[1].source = std::wstring(sys) + L"\\winmm.dll";
    for (int i = 1; i + 1 < argc; ++i) {
        std::wstring v(argv[i + 1], argv[i + 1] + std::strlen(argv[i + 1]));
        if (!std::strcmp(argv[i], "--ours")) apis[0].source = v;
        if (!std::strcmp(argv[i], "--theirs")) apis[1].source = v;
    }
    for (auto& a : apis) load(a);

    // Keep the input busy for the whole run: the server's input delivers nothing while nothing plays into it.
    double seconds = 3.0 + repeat * 2 * 0.4;
    sound_server::Frames tone;
    for (size_t i = 0; i < static_cast<size_t>(seconds * sound_server::kRate); ++i) {
        float v = static_cast<float>(0.25 * std::sin(2 * 3.14159265358979 * 441.3 * i / sound_server::kRate));
        tone.push_back(v);
        tone.push_back(v);
    }
    // With pacat's default buffering the null sink renders, and its monitor delivers, in blocks of up to 2 s; a
    // 10 ms playback latency makes it deliver every 10 ms, so the figure below is the capture path's own.
    std::string raw = sound_server::directory() + "/" + sound_server::unique_name("bench-in") + ".raw";
    FILE* f = std::fopen(sound_server::windows_path(raw).c_str(), "wb");
    if (!f) die("cannot write the tone");
    std::fwrite(tone.data(), sizeof(float), tone.size(), f);
    std::fclose(f);
    std::string cmd = "pacat -d " + std::string(sound_server::kInputSink) +
                      " --raw --format=float32le --rate=48000 --channels=2 --latency-msec=10 " + raw +
                      " >/dev/null 2>&1; rm -f " + raw;
    if (!sound_server::spawn_shell(cmd)) die("cannot start pacat");
    Sleep(1500);  // pacat's start-up

    std::vector<double> open[2], start[2], close[2];
    for (int r = 0; r < repeat; ++r)
        for (int k = 0; k < 2; ++k) {
            Sample s = run_once(apis[k]);
            open[k].push_back(s.open_ms);
            start[k].push_back(s.start_ms);
            close[k].push_back(s.close_ms);
        }
    std::printf("waveIn, 48000 Hz 16-bit stereo, 10 ms buffers, median of %d (ms)\n", repeat);
    std::printf("%-8s %12s %22s %14s\n", "dll", "open", "start -> first WIM_DATA", "reset+close");
    for (int k = 0; k < 2; ++k)
        std::printf("%-8s %12.2f %22.2f %14.2f\n", apis[k].label, median(open[k]), median(start[k]), median(close[k]));
    for (auto& a : apis) {
        FreeLibrary(a.mod);
        DeleteFileW(a.loaded.c_str());
    }
    RemoveDirectoryW(g_workdir.c_str());
    return 0;
}
