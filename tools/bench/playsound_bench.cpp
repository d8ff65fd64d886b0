// winmm-bench-playsound: PlaySound of two winmm.dll files loaded into one process, side by side: how long an
// asynchronous PlaySound call blocks its caller, and the start-up latency from the call to the first non-silent
// sample recorded at the sound server. Runs only inside tools/sound-server (it records the output sink's monitor);
// elsewhere it exits 77.
//
// As winmm-bench, it copies each DLL to a private directory under its own name (winmm_ours.dll,
// winmm_theirs.dll), so the loader keeps two modules. Runs alternate ours/theirs so that both see the same load.
//
// How the latency is measured: parec writes the monitor to a file in real time; just before the call the file's
// size says how many frames the server had recorded, and the first non-silent frame after that is the sound's
// start. parec's own buffering (10 ms asked) delays both DLLs' figures alike.
//
//   winmm-bench-playsound [--ours PATH] [--theirs PATH] [--repeat R]
#include <windows.h>
#include <mmsystem.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench_clock.h"
#include "side_by_side.h"
#include "sound_server.h"

namespace {

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "winmm-bench-playsound: error: %s (error %lu)\n", what, GetLastError());
    std::exit(2);
}

using PlaySoundWFn = BOOL(WINAPI*)(LPCWSTR, HMODULE, DWORD);

struct Api {
    const char* label;
    std::wstring source, loaded;
    HMODULE mod = nullptr;
    PlaySoundWFn play = nullptr;
};

std::wstring g_workdir;

void load(Api& a) {
    const char* why = "";
    a.mod = side_by_side::load_copy(g_workdir, a.source, "winmm_", a.label, a.loaded, why);
    if (!a.mod) die(why);
    if (!side_by_side::resolve(a.mod, a.play, "PlaySoundW")) die("PlaySoundW");
}

// 0.3 s of 16-bit stereo noise at 48000 Hz whose first sample is loud: its start is unmistakable.
std::vector<uint8_t> make_sound() {
    const uint32_t frames = 48000 * 3 / 10;
    std::vector<uint8_t> b;
    auto put16 = [&](uint32_t v) { b.push_back(uint8_t(v)); b.push_back(uint8_t(v >> 8)); };
    auto put32 = [&](uint32_t v) { put16(v & 0xffff); put16(v >> 16); };
    b.insert(b.end(), {'R', 'I', 'F', 'F'});
    put32(36 + frames * 4);
    b.insert(b.end(), {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '});
    put32(16);
    put16(1); put16(2); put32(48000); put32(48000 * 4); put16(4); put16(16);
    b.insert(b.end(), {'d', 'a', 't', 'a'});
    put32(frames * 4);
    uint32_t s = 12345;
    for (uint32_t i = 0; i < frames * 2; ++i) {
        s = s * 1664525u + 1013904223u;
        int v = int16_t(s >> 16);
        if (v > -2000 && v < 2000) v = 8000;
        put16(uint16_t(v));
    }
    return b;
}

struct Run {
    double call_ms = NAN;     // how long PlaySound(SND_ASYNC) blocked
    double latency_ms = NAN;  // call to the first non-silent recorded frame
};

Run measure(const Api& a, const std::vector<uint8_t>& sound) {
    Run r;
    const double seconds = 1.5;
    const long long bytes = static_cast<long long>(seconds * 48000) * 8;
    std::string base = sound_server::directory() + "/" + sound_server::unique_name("bench");
    std::string part = base + ".part", done = base + ".raw";
    char cmd[1024];
    std::snprintf(cmd, sizeof(cmd),
                  "parec -d winmm_out.monitor --raw --format=float32le --rate=48000 --channels=2 "
                  "--latency-msec=10 2>/dev/null | head -c %lld > %s; mv %s %s",
                  bytes, part.c_str(), part.c_str(), done.c_str());
    if (!sound_server::spawn_shell(cmd)) die("cannot start parec");
    for (int i = 0; i < 1000 && sound_server::file_size(part) <= 0; ++i) Sleep(5);
    Sleep(150);  // the stream has settled
    long long before = sound_server::file_size(part);
    if (before <= 0) die("parec records nothing");
    double t0 = bench_clock::now_ns();
    BOOL ok = a.play(reinterpret_cast<LPCWSTR>(sound.data()), nullptr, SND_MEMORY | SND_ASYNC | SND_NODEFAULT);
    double t1 = bench_clock::now_ns();
    long long after = sound_server::file_size(part);
    if (!ok) die("PlaySound failed");
    r.call_ms = (t1 - t0) / 1e6;
    Sleep(700);
    a.play(nullptr, nullptr, 0);
    for (int i = 0; i < 1000 && sound_server::file_size(done) != bytes; ++i) Sleep(10);
    FILE* f = std::fopen(sound_server::windows_path(done).c_str(), "rb");
    if (!f) die("no recording");
    std::vector<float> frames(size_t(bytes / 4));
    frames.resize(std::fread(frames.data(), 4, frames.size(), f));
    std::fclose(f);
    DeleteFileA(sound_server::windows_path(done).c_str());
    // The frame count at the call is taken between "before" and "after" (the call may block a little).
    const size_t start = size_t((before + after) / 2 / 8);
    for (size_t i = start * 2; i < frames.size(); ++i)
        if (frames[i] != 0.0f) {
            r.latency_ms = double(i / 2 - start) / 48.0;
            break;
        }
    return r;
}

double median(std::vector<double> v) {
    v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
    if (!sound_server::available()) {
        std::printf("SKIP: no sound server (run inside tools/sound-server)\n");
        return sound_server::kSkipExitCode;
    }
    Api ours, theirs;
    ours.label = "ours";
    theirs.label = "theirs";
    wchar_t self[MAX_PATH];
    GetModuleFileNameW(nullptr, self, MAX_PATH);
    ours.source = self;
    ours.source = ours.source.substr(0, ours.source.find_last_of(L'\\') + 1) + L"winmm.dll";
    theirs.source = side_by_side::builtin_winmm();
    int repeat = 7;
    for (int i = 1; i < argc; ++i) {
        std::string k = argv[i];
        const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
        if (k == "--ours" && v) ours.source = side_by_side::widen(argv[++i]);
        else if (k == "--theirs" && v) theirs.source = side_by_side::widen(argv[++i]);
        else if (k == "--repeat" && v) repeat = std::max(1, std::atoi(argv[++i]));
        else {
            std::fprintf(stderr, "usage: winmm-bench-playsound [--ours PATH] [--theirs PATH] [--repeat R]\n");
            return 2;
        }
    }
    wchar_t tmp[MAX_PATH];
    GetTempPathW(MAX_PATH, tmp);
    g_workdir = std::wstring(tmp) + L"winmm-bench-playsound-" + std::to_wstring(GetCurrentProcessId());
    CreateDirectoryW(g_workdir.c_str(), nullptr);
    load(ours);
    load(theirs);
    if (ours.mod == theirs.mod || ours.play == theirs.play) die("the same module was loaded twice");
    auto sound = make_sound();
    std::vector<double> call[2], lat[2];
    // One unmeasured run each: the first PlaySound of a process opens the audio session and loads codecs.
    measure(ours, sound);
    measure(theirs, sound);
    for (int i = 0; i < repeat; ++i) {
        for (int k = 0; k < 2; ++k) {
            Run r = measure(k == 0 ? ours : theirs, sound);
            call[k].push_back(r.call_ms);
            lat[k].push_back(r.latency_ms);
        }
    }
    std::printf("| PlaySound(SND_MEMORY + SND_ASYNC), median of %d | ours ms | theirs ms |\n|---|---|---|\n", repeat);
    std::printf("| call returns (caller blocked) | %.2f | %.2f |\n", median(call[0]), median(call[1]));
    std::printf("| first non-silent sample at the server | %.1f | %.1f |\n", median(lat[0]), median(lat[1]));
    FreeLibrary(ours.mod);
    FreeLibrary(theirs.mod);
    for (const wchar_t* name : {L"\\winmm_ours.dll", L"\\winmm_theirs.dll"}) DeleteFileW((g_workdir + name).c_str());
    RemoveDirectoryW(g_workdir.c_str());
    return 0;
}
