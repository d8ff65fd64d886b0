// winmm-bench-mci-strings: mciSendStringW of ours and of Wine's builtin on Wine's mciwave: the cost of one command
// string, from the string to the text answer.
//   "status b length"   parse, one MCI_STATUS to the driver, an integer answer
//   "status b mode"     the same with a resource answer ("stopped")
//   "set b time format milliseconds"   a constant with a two-word keyword
//   "status b nsa"      a parse error: no driver call at all
// Unlike the other benchmarks, the two DLLs cannot share one process: an MCI driver imports winmm.dll and calls back
// into it (mciGetDriverData, mciDriverNotify) with the device id the opening winmm gave it, so the winmm that opens
// the device must be the module named winmm.dll. Each side therefore runs in a child process of its own: a copy of
// this program beside a copy of ours named winmm.dll (the override winmm=n,b makes it the one loaded), or alone with
// the override winmm=b for Wine's builtin. The children run one after the other; the figure is the median of R runs,
// in microseconds per call. --theirs is not used under Wine: the builtin is Wine's own.
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

struct Work {
    const wchar_t* command;
    MCIERROR expected;
    const wchar_t* answer;
};
const Work kWorks[] = {
    {L"status b length", 0, L"1000"},
    {L"status b mode", 0, L"stopped"},
    {L"set b time format milliseconds", 0, nullptr},
    {L"status b nsa", kAnyError, nullptr},
};

// The child: the winmm.dll beside this copy of the program, on the device it opens itself. Prints one median per
// command, a line each.
int run_side(const char* label, const std::wstring& dir, int calls, int repeat) {
    Api a;
    a.label = label;
    a.mod = LoadLibraryW(L"winmm.dll");  // the one beside this copy (winmm=n,b), or Wine's builtin (winmm=b)
    if (!a.mod) die("LoadLibrary winmm.dll");
    if (!side_by_side::resolve(a.mod, a.send, "mciSendStringW")) die("mciSendStringW");
    const std::wstring wav = write_wav(dir);
    wchar_t buf[64];
    if (MCIERROR err = a.send((L"open \"" + wav + L"\" type waveaudio alias b").c_str(), buf, 64, nullptr)) {
        std::fprintf(stderr, "%s: open gave %lu\n", label, err);
        die("open");
    }
    for (const Work& w : kWorks) {
        std::vector<double> t;
        for (int r = 0; r < repeat; ++r) t.push_back(run(a, w.command, w.expected, w.answer, calls));
        std::sort(t.begin(), t.end());
        std::printf("%.2f\n", t[t.size() / 2]);
    }
    a.send(L"close b", nullptr, 0, nullptr);
    DeleteFileW(wav.c_str());
    return 0;
}

bool copy_into(const std::wstring& from, const std::wstring& dir, const wchar_t* name) {
    return CopyFileW(from.c_str(), (dir + L"\\" + name).c_str(), FALSE) != 0;
}

// The parent: prepares <work>\<label>\{winmm.dll, this program} and runs the child there; its medians, in order.
std::vector<double> run_child(const char* label, const std::wstring& dll, const std::wstring& work, int calls,
                              int repeat) {
    const std::wstring dir = work + L"\\" + side_by_side::widen(label);
    CreateDirectoryW(dir.c_str(), nullptr);
    wchar_t exe[MAX_PATH];
    GetModuleFileNameW(nullptr, exe, MAX_PATH);
    // Wine's builtin is reached as the builtin (winmm=b below): loaded from a copy, its driver lookup fails on x64.
    const bool builtin = !std::strcmp(label, "builtin");
    DeleteFileW((dir + L"\\winmm.dll").c_str());
    if ((!builtin && !copy_into(dll, dir, L"winmm.dll")) || !copy_into(exe, dir, L"bench.exe")) die("CopyFileW");
    const std::wstring out_path = dir + L"\\out.txt";
    SECURITY_ATTRIBUTES sa = {sizeof(sa), nullptr, TRUE};
    HANDLE out = CreateFileW(out_path.c_str(), GENERIC_WRITE, FILE_SHARE_READ, &sa, CREATE_ALWAYS, 0, nullptr);
    if (out == INVALID_HANDLE_VALUE) die("CreateFileW out");
    std::wstring cmd = L"\"" + dir + L"\\bench.exe\" --side " + side_by_side::widen(label) + L" --calls " +
                       std::to_wstring(calls) + L" --repeat " + std::to_wstring(repeat);
    STARTUPINFOW si = {};
    si.cb = sizeof(si);
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdOutput = out;
    si.hStdError = GetStdHandle(STD_ERROR_HANDLE);
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    PROCESS_INFORMATION pi = {};
    wchar_t overrides[256] = L"";
    if (builtin) {
        GetEnvironmentVariableW(L"WINEDLLOVERRIDES", overrides, 256);
        SetEnvironmentVariableW(L"WINEDLLOVERRIDES", L"winmm=b");
    }
    const BOOL started = CreateProcessW(nullptr, &cmd[0], nullptr, nullptr, TRUE, 0, nullptr, dir.c_str(), &si, &pi);
    if (builtin) SetEnvironmentVariableW(L"WINEDLLOVERRIDES", overrides[0] ? overrides : nullptr);
    if (!started) die("CreateProcessW");
    CloseHandle(out);
    WaitForSingleObject(pi.hProcess, INFINITE);
    DWORD code = 1;
    GetExitCodeProcess(pi.hProcess, &code);
    CloseHandle(pi.hProcess);
    CloseHandle(pi.hThread);
    if (code != 0) die(label);
    std::vector<double> medians;
    if (FILE* f = _wfopen(out_path.c_str(), L"r")) {
        double v;
        while (std::fscanf(f, "%lf", &v) == 1) medians.push_back(v);
        std::fclose(f);
    }
    if (medians.size() != sizeof kWorks / sizeof *kWorks) die("child output");
    return medians;
}

}  // namespace

int main(int argc, char** argv) {
    wchar_t exe[MAX_PATH];
    GetModuleFileNameW(nullptr, exe, MAX_PATH);
    std::wstring dir = exe;
    dir = dir.substr(0, dir.find_last_of(L"\\/"));
    std::wstring ours = dir + L"\\winmm.dll", theirs = side_by_side::builtin_winmm();
    const char* side = nullptr;
    int calls = 2000, repeat = 5;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--ours")) ours = side_by_side::widen(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--theirs")) theirs = side_by_side::widen(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--calls")) calls = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--repeat")) repeat = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--side")) side = argv[i + 1];
    }
    if (side) return run_side(side, dir, calls, repeat);
    wchar_t tmp[MAX_PATH];
    GetTempPathW(MAX_PATH, tmp);
    const std::wstring work = std::wstring(tmp) + L"winmm_bench_mci";
    CreateDirectoryW(work.c_str(), nullptr);
    std::vector<double> med[2] = {run_child("ours", ours, work, calls, repeat),
                                  run_child("builtin", theirs, work, calls, repeat)};
    std::printf("| command | ours (us/call) | builtin (us/call) |\n|---|---|---|\n");
    for (size_t k = 0; k < sizeof kWorks / sizeof *kWorks; ++k)
        std::printf("| `%ls` | %.2f | %.2f |\n", kWorks[k].command, med[0][k], med[1][k]);
    return 0;
}
