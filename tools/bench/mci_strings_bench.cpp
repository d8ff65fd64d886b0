// winmm-bench-mci-strings: mciSendStringW of two winmm.dll files loaded side by side (ours and Wine's builtin), on
// Wine's mciwave: the cost of one command string, from the string to the text answer.
//   "status b length"   parse, one MCI_STATUS to the driver, an integer answer
//   "status b mode"     the same with a resource answer ("stopped")
//   "set b time format milliseconds"   a constant with a two-word keyword
//   "status b nsa"      a parse error: no driver call at all
// Each DLL opens its own device (each has its own device layer: ours delegates mciSendCommand to the system
// winmm). Runs alternate ours/theirs; the figure is the median of the runs, in microseconds per call.
//   winmm-bench-mci-strings [--ours PATH] [--theirs PATH] [--calls N] [--repeat R]
#include <windows.h>
#include <mmsystem.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "bench_clock.h"
#include "side_by_side.h"

namespace {

[[noreturn]] void die(const char* what) {
    std::fprintf(stderr, "winmm-bench-mci-strings: error: %s (error %lu)\n", what, GetLastError());
    std::exit(2);
}

using SendStringW = MCIERROR(WINAPI*)(LPCWSTR, LPWSTR, UINT, HWND);

struct Api {
    const char* label;
    std::wstring source, loaded;
    HMODULE mod = nullptr;
    SendStringW send = nullptr;
};

std::wstring write_wav(const std::wstring& dir) {
    std::wstring path = dir + L"\\mci_bench.wav";
    const DWORD bytes = 8000;
    std::vector<BYTE> f;
    auto put32 = [&](DWORD v) { for (int i = 0; i < 4; ++i) f.push_back(BYTE(v >> (8 * i))); };
    auto put16 = [&](WORD v) { f.push_back(BYTE(v)); f.push_back(BYTE(v >> 8)); };
    auto tag = [&](const char* t) { f.insert(f.end(), t, t + 4); };
    tag("RIFF"); put32(36 + bytes); tag("WAVE");
    tag("fmt "); put32(16); put16(WAVE_FORMAT_PCM); put16(1); put32(8000); put32(8000); put16(1); put16(8);
    tag("data"); put32(bytes);
    f.resize(f.size() + bytes, 128);
    HANDLE h = CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, 0, nullptr);
    if (h == INVALID_HANDLE_VALUE) die("CreateFileW");
    DWORD written = 0;
    WriteFile(h, f.data(), DWORD(f.size()), &written, nullptr);
    CloseHandle(h);
    return path;
}

constexpr MCIERROR kAnyError = ~MCIERROR(0);  // a parse error: the DLLs need not agree on which

double run(const Api& a, const wchar_t* command, MCIERROR expected, const wchar_t* answer, int calls) {
    wchar_t buf[64];
    const double start = bench_clock::now_ns();
    for (int i = 0; i < calls; ++i) {
        MCIERROR err = a.send(command, buf, 64, nullptr);
        const bool ok = expected == kAnyError ? err != 0 : err == expected;
        if (!ok || (answer && std::wcscmp(buf, answer))) {
            std::fprintf(stderr, "%s: \"%ls\" gave %lu \"%ls\"\n", a.label, command, err, buf);
            die("wrong answer");
        }
    }
    return (bench_clock::now_ns() - start) / calls / 1000.0;
}

}  // namespace

int main(int argc, char** argv) {
    wchar_t exe[MAX_PATH];
    GetModuleFileNameW(nullptr, exe, MAX_PATH);
    std::wstring dir = exe;
    dir = dir.substr(0, dir.find_last_of(L"\\/"));
    Api apis[2];
    apis[0].label = "ours";
    apis[0].source = dir + L"\\winmm.dll";
    apis[1].label = "theirs";
    apis[1].source = side_by_side::builtin_winmm();
    int calls = 2000, repeat = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--ours")) apis[0].source = side_by_side::widen(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--theirs")) apis[1].source = side_by_side::widen(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--calls")) calls = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--repeat")) repeat = std::atoi(argv[i + 1]);
    }
    wchar_t tmp[MAX_PATH];
    GetTempPathW(MAX_PATH, tmp);
    const std::wstring work = std::wstring(tmp) + L"winmm_bench_mci";
    CreateDirectoryW(work.c_str(), nullptr);
    const std::wstring wav = write_wav(work);
    for (Api& a : apis) {
        const char* why = "";
        a.mod = side_by_side::load_copy(work, a.source, "winmm_mci_", a.label, a.loaded, why);
        if (!a.mod) die(why);
        if (!side_by_side::resolve(a.mod, a.send, "mciSendStringW")) die("mciSendStringW");
        wchar_t buf[64];
        if (a.send((L"open \"" + wav + L"\" type waveaudio alias b").c_str(), buf, 64, nullptr)) die("open");
    }
    struct Work {
        const wchar_t* command;
        MCIERROR expected;
        const wchar_t* answer;
    } works[] = {
        {L"status b length", 0, L"1000"},
        {L"status b mode", 0, L"stopped"},
        {L"set b time format milliseconds", 0, nullptr},
        {L"status b nsa", kAnyError, nullptr},
    };
    std::printf("| command | ours (us/call) | builtin (us/call) |\n|---|---|---|\n");
    for (const Work& w : works) {
        std::vector<double> t[2];
        for (int r = 0; r < repeat; ++r)
            for (int k = 0; k < 2; ++k) t[k].push_back(run(apis[k], w.command, w.expected, w.answer, calls));
        double med[2];
        for (int k = 0; k < 2; ++k) {
            std::sort(t[k].begin(), t[k].end());
            med[k] = t[k][t[k].size() / 2];
        }
        std::printf("| `%ls` | %.2f | %.2f |\n", w.command, med[0], med[1]);
    }
    for (Api& a : apis) a.send(L"close b", nullptr, 0, nullptr);
    DeleteFileW(wav.c_str());
    return 0;
}
