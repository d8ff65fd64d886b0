// Helpers of the real-client tests (tests/clients): code that nobody in this project wrote (Wine's avifil32,
// the MCI waveaudio driver mciwave) calls mmio through its own imports, and each test proves that OUR winmm.dll
// served those calls.
//
// The proof has two independent parts:
//  1. The work runs in a child process (this same executable, selecting a hidden test case) started with
//     WINMM_LOG_LEVEL=trace and WINMM_LOG_PATH=<file>. Our DLL reads those variables when it loads, so they must be
//     in the environment before the process starts. Afterwards the parent reads the log and requires lines of the
//     child's process id that name the mmio functions the client must have called.
//  2. Inside the child, the client module's import table is inspected: its winmm.dll!mmio* slots must point into
//     the winmm.dll the application got, and that module must be ours (version resource: winmm-ng).
//
// Plain Win32 only (CreateFileW, ReadFile, ...) for files and logs, never mmio, so the test code itself adds no
// mmio calls to the log.
#pragma once

#include <windows.h>

#include <catch.hpp>

#include "loaded_winmm.h"  // tests/common: which winmm.dll the process loaded, and whether it is ours

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <cwchar>
#include <cwctype>
#include <functional>
#include <initializer_list>
#include <string>
#include <vector>

namespace clients {

using Bytes = std::vector<std::uint8_t>;

inline std::string narrow(const std::wstring& w) {
    if (w.empty()) return std::string();
    int n = WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), nullptr, 0, nullptr, nullptr);
    std::string s(static_cast<size_t>(n), '\0');
    WideCharToMultiByte(CP_UTF8, 0, w.data(), static_cast<int>(w.size()), &s[0], n, nullptr, nullptr);
    return s;
}

inline std::wstring lower(std::wstring s) {
    for (auto& c : s) c = static_cast<wchar_t>(towlower(c));
    return s;
}

inline std::wstring module_path(HMODULE m) {
    wchar_t buf[MAX_PATH * 2] = L"";
    DWORD n = GetModuleFileNameW(m, buf, MAX_PATH * 2);
    return std::wstring(buf, n);
}

inline std::wstring dir_of(const std::wstring& path) {
    size_t slash = path.find_last_of(L"\\/");
    return slash == std::wstring::npos ? std::wstring() : path.substr(0, slash);
}

inline std::wstring self_dir() { return dir_of(module_path(nullptr)); }

// The directory the parent made for one child run; the child gets it through CLIENT_WORK_DIR.
inline std::wstring env(const wchar_t* name) {
    wchar_t buf[4096];
    DWORD n = GetEnvironmentVariableW(name, buf, 4096);
    return (n == 0 || n >= 4096) ? std::wstring() : std::wstring(buf, n);
}

inline std::wstring make_work_dir(const wchar_t* tag) {
    wchar_t tmp[MAX_PATH];
    DWORD n = GetTempPathW(MAX_PATH, tmp);
    std::wstring base = (n > 0 && n < MAX_PATH) ? std::wstring(tmp, n) : self_dir() + L"\\";
    for (unsigned i = 0; i < 1000; ++i) {
        wchar_t name[128];
        swprintf(name, 128, L"winmm-ng-client-%ls-%lu-%u", tag, GetCurrentProcessId(), i);
        std::wstring dir = base + name;
        if (CreateDirectoryW(dir.c_str(), nullptr)) return dir;
    }
    return std::wstring();
}

inline void remove_tree(const std::wstring& dir) {
    WIN32_FIND_DATAW fd;
    HANDLE h = FindFirstFileW((dir + L"\\*").c_str(), &fd);
    if (h != INVALID_HANDLE_VALUE) {
        do {
            std::wstring name = fd.cFileName;
            if (name == L"." || name == L"..") continue;
            std::wstring p = dir + L"\\" + name;
            if (fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)
                remove_tree(p);
            else
                DeleteFileW(p.c_str());
        } while (FindNextFileW(h, &fd));
        FindClose(h);
    }
    RemoveDirectoryW(dir.c_str());
}

inline bool write_file(const std::wstring& path, const Bytes& data) {
    HANDLE f = CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (f == INVALID_HANDLE_VALUE) return false;
    DWORD written = 0;
    BOOL ok = WriteFile(f, data.data(), static_cast<DWORD>(data.size()), &written, nullptr);
    CloseHandle(f);
    return ok && written == data.size();
}

inline Bytes read_file(const std::wstring& path) {
    Bytes out;
    HANDLE f = CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (f == INVALID_HANDLE_VALUE) return out;
    std::uint8_t buf[65536];
    DWORD got = 0;
    while (ReadFile(f, buf, sizeof buf, &got, nullptr) && got > 0) out.insert(out.end(), buf, buf + got);
    CloseHandle(f);
    return out;
}

inline std::uint32_t le32(const Bytes& b, size_t at) {
    return at + 4 <= b.size() ? static_cast<std::uint32_t>(b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) |
                                                           (static_cast<std::uint32_t>(b[at + 3]) << 24))
                              : 0;
}

inline bool has_fourcc_at(const Bytes& b, size_t at, const char* cc) {
    return at + 4 <= b.size() && std::memcmp(&b[at], cc, 4) == 0;
}

inline bool contains_fourcc(const Bytes& b, const char* cc) {
    for (size_t i = 0; i + 4 <= b.size(); ++i)
        if (std::memcmp(&b[i], cc, 4) == 0) return true;
    return false;
}

// ---------------------------------------------------------------- hand-made RIFF (no mmio involved)

inline void put32(Bytes& b, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline void put16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
}
inline void put_cc(Bytes& b, const char* cc) { b.insert(b.end(), cc, cc + 4); }

inline void put_chunk(Bytes& b, const char* cc, const Bytes& data) {
    put_cc(b, cc);
    put32(b, static_cast<std::uint32_t>(data.size()));
    b.insert(b.end(), data.begin(), data.end());
    if (data.size() & 1) b.push_back(0);  // RIFF pads odd chunks to an even size
}

// A deterministic PCM pattern.
inline Bytes pcm_pattern(size_t n, unsigned seed) {
    Bytes b(n);
    std::uint32_t x = 0x9E3779B9u * (seed + 1);
    for (size_t i = 0; i < n; ++i) {
        x = x * 1664525u + 1013904223u;
        b[i] = static_cast<std::uint8_t>(x >> 24);
    }
    return b;
}

// A PCM WAV file built byte by byte, with a 'junk' chunk before 'fmt ' and a LIST 'INFO' chunk between 'fmt ' and
// 'data', so a reader has to walk chunks to find its data. `odd_junk` gives the junk chunk an odd size and
// `odd_info` the LIST's ICMT member, so the walk must also step over their pad bytes (an odd-sized data chunk is the
// caller's choice of sample bytes).
inline Bytes make_wav(std::uint16_t channels, std::uint32_t rate, std::uint16_t bits, const Bytes& samples,
                      bool odd_junk, bool odd_info) {
    Bytes fmt;
    std::uint16_t align = static_cast<std::uint16_t>(channels * bits / 8);
    put16(fmt, 1);  // WAVE_FORMAT_PCM
    put16(fmt, channels);
    put32(fmt, rate);
    put32(fmt, rate * align);
    put16(fmt, align);
    put16(fmt, bits);
    Bytes junk = odd_junk ? Bytes{'o', 'd', 'd'} : Bytes{'e', 'v', 'e', 'n'};
    Bytes info;
    put_cc(info, "INFO");
    if (odd_info)
        put_chunk(info, "ICMT", Bytes{'w', 'i', 'n', 'm', 'm', '-', 'n', 'g', 0});  // 9 bytes + pad
    else
        put_chunk(info, "ICMT", Bytes{'w', 'i', 'n', 'm', 'm', 'n', 'g', 0});       // 8 bytes
    Bytes body;
    put_cc(body, "WAVE");
    put_chunk(body, "junk", junk);
    put_chunk(body, "fmt ", fmt);
    put_chunk(body, "LIST", info);
    put_chunk(body, "data", samples);
    Bytes file;
    put_chunk(file, "RIFF", body);
    return file;
}

// ---------------------------------------------------------------- import table: who serves a client's imports

// The address `importer`'s import of dll!func is bound to (regular imports), or nullptr.
inline void* bound_import(HMODULE importer, const char* dll, const char* func) {
    auto base = reinterpret_cast<const std::uint8_t*>(importer);
    if (!base) return nullptr;
    auto dos = reinterpret_cast<const IMAGE_DOS_HEADER*>(base);
    if (dos->e_magic != IMAGE_DOS_SIGNATURE) return nullptr;
    auto nt = reinterpret_cast<const IMAGE_NT_HEADERS*>(base + dos->e_lfanew);
    const IMAGE_DATA_DIRECTORY& dir = nt->OptionalHeader.DataDirectory[IMAGE_DIRECTORY_ENTRY_IMPORT];
    if (!dir.VirtualAddress) return nullptr;
    for (auto d = reinterpret_cast<const IMAGE_IMPORT_DESCRIPTOR*>(base + dir.VirtualAddress); d->Name; ++d) {
        if (lstrcmpiA(reinterpret_cast<const char*>(base + d->Name), dll) != 0) continue;
        auto names = reinterpret_cast<const IMAGE_THUNK_DATA*>(
            base + (d->OriginalFirstThunk ? d->OriginalFirstThunk : d->FirstThunk));
        auto slots = reinterpret_cast<const IMAGE_THUNK_DATA*>(base + d->FirstThunk);
        for (size_t i = 0; names[i].u1.AddressOfData; ++i) {
            if (IMAGE_SNAP_BY_ORDINAL(names[i].u1.Ordinal)) continue;
            auto ibn = reinterpret_cast<const IMAGE_IMPORT_BY_NAME*>(base + names[i].u1.AddressOfData);
            if (std::strcmp(reinterpret_cast<const char*>(ibn->Name), func) == 0)
                return reinterpret_cast<void*>(slots[i].u1.Function);
        }
    }
    return nullptr;
}

// ---------------------------------------------------------------- child process + log

struct ChildRun {
    bool started = false;
    bool timed_out = false;
    DWORD exit_code = 0xFFFFFFFF;
    DWORD pid = 0;
    std::string output;  // stdout + stderr of the child
};

// Runs this executable again with the Catch2 test spec `spec` (a hidden test case), with WINMM_LOG_LEVEL=trace,
// WINMM_LOG_PATH=`log_path` and CLIENT_WORK_DIR=`work_dir` in its environment.
inline ChildRun run_child(const std::wstring& spec, const std::wstring& work_dir, const std::wstring& log_path,
                          DWORD timeout_ms = 120000) {
    ChildRun r;
    const wchar_t* names[] = {L"WINMM_LOG_LEVEL", L"WINMM_LOG_PATH", L"CLIENT_WORK_DIR"};
    const std::wstring values[] = {L"trace", log_path, work_dir};
    std::wstring saved[3];
    bool had[3];
    for (int i = 0; i < 3; ++i) {
        saved[i] = env(names[i]);
        had[i] = GetEnvironmentVariableW(names[i], nullptr, 0) > 0;
        SetEnvironmentVariableW(names[i], values[i].c_str());
    }

    std::wstring out_path = work_dir + L"\\child-output.txt";
    SECURITY_ATTRIBUTES sa{sizeof sa, nullptr, TRUE};
    HANDLE out = CreateFileW(out_path.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa, CREATE_ALWAYS,
                             FILE_ATTRIBUTE_NORMAL, nullptr);
    std::wstring cmd = L"\"" + module_path(nullptr) + L"\" \"" + spec + L"\" --use-colour no";
    STARTUPINFOW si{};
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = out;
    si.hStdError = out;
    PROCESS_INFORMATION pi{};
    std::vector<wchar_t> cmdline(cmd.begin(), cmd.end());
    cmdline.push_back(0);
    if (out != INVALID_HANDLE_VALUE &&
        CreateProcessW(nullptr, cmdline.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &si, &pi)) {
        r.started = true;
        r.pid = pi.dwProcessId;
        if (WaitForSingleObject(pi.hProcess, timeout_ms) == WAIT_TIMEOUT) {
            r.timed_out = true;
            TerminateProcess(pi.hProcess, 0xDEAD);
            WaitForSingleObject(pi.hProcess, 10000);
        }
        GetExitCodeProcess(pi.hProcess, &r.exit_code);
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
    }
    if (out != INVALID_HANDLE_VALUE) CloseHandle(out);
    Bytes text = read_file(out_path);
    r.output.assign(text.begin(), text.end());

    for (int i = 0; i < 3; ++i) SetEnvironmentVariableW(names[i], had[i] ? saved[i].c_str() : nullptr);
    return r;
}

// The child's output for a message of the parent, each line marked, and Catch2's summary phrases reworded so that
// tools that count the parent's results from its output ("All tests passed", "test cases:") don't count the child's.
inline std::string quote_child(const std::string& output) {
    std::string out;
    size_t at = 0;
    while (at < output.size()) {
        size_t end = output.find('\n', at);
        if (end == std::string::npos) end = output.size();
        std::string line = output.substr(at, end - at);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        for (const char* phrase : {"All tests passed", "test cases:"}) {
            size_t p = line.find(phrase);
            if (p != std::string::npos) line.replace(p, std::strlen(phrase), phrase[0] == 'A' ? "child: all passed" : "child test cases =");
        }
        out += "child| " + line + "\n";
        at = end + 1;
    }
    return out;
}

// True if the child's Catch2 run executed exactly one test case and it passed.
inline bool child_passed_one_case(const ChildRun& r) {
    return r.started && !r.timed_out && r.exit_code == 0 &&
           r.output.find("All tests passed") != std::string::npos &&
           r.output.find(" in 1 test case)") != std::string::npos;
}

// Lines our DLL logged for process `pid` ("winmm-ng:<level>:<pid hex>:<tid hex>: <message>").
inline std::vector<std::string> log_lines_of(const std::wstring& log_path, DWORD pid) {
    Bytes data = read_file(log_path);
    std::string text(data.begin(), data.end());
    std::vector<std::string> lines;
    size_t at = 0;
    while (at < text.size()) {
        size_t end = text.find('\n', at);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(at, end - at);
        at = end + 1;
        if (line.compare(0, 9, "winmm-ng:") != 0) continue;
        size_t p1 = line.find(':', 9);             // after the level
        if (p1 == std::string::npos) continue;
        unsigned long line_pid = std::strtoul(line.c_str() + p1 + 1, nullptr, 16);
        if (line_pid == pid) lines.push_back(line);
    }
    return lines;
}

// Number of log lines that report a call of `func` itself (not a delegation to the backend).
inline size_t count_calls(const std::vector<std::string>& lines, const char* func) {
    size_t n = 0;
    size_t len = std::strlen(func);
    for (const auto& l : lines) {
        if (l.find("delegated to the backend") != std::string::npos) continue;
        for (size_t at = l.find(func); at != std::string::npos; at = l.find(func, at + 1)) {
            size_t after = at + len;
            if (after < l.size() && (l[after] == 'A' || l[after] == 'W')) ++after;  // mmioOpen matches mmioOpenW
            char next = after < l.size() ? l[after] : ' ';
            char before = at > 0 ? l[at - 1] : ' ';
            if (!std::isalnum(static_cast<unsigned char>(next)) && !std::isalnum(static_cast<unsigned char>(before))) {
                ++n;
                break;
            }
        }
    }
    return n;
}

// The log lines for a failure message: those about mmio first, then the others, at most `max_lines`.
inline std::string summarize_log(const std::vector<std::string>& lines, size_t max_lines = 16) {
    std::vector<const std::string*> picked;
    for (const auto& l : lines)
        if (l.find("mmio") != std::string::npos && picked.size() < max_lines) picked.push_back(&l);
    for (const auto& l : lines)
        if (l.find("mmio") == std::string::npos && picked.size() < max_lines) picked.push_back(&l);
    std::string s;
    for (const std::string* l : picked) s += "  " + *l + "\n";
    if (lines.size() > picked.size()) s += "  ... (" + std::to_string(lines.size()) + " lines in all)\n";
    return s;
}

// ---------------------------------------------------------------- Catch2 glue of the parent/child pattern

// Inside the child: the client module must be Wine's, and its winmm imports must be bound into the winmm.dll the
// application got, which must be ours (its version resource says winmm-ng; a path check alone is not enough:
// Wine can load its builtin under the name of a winmm.dll beside the executable).
inline void require_imports_served_by_app_winmm(const wchar_t* client, std::initializer_list<const char*> funcs) {
    HMODULE m = GetModuleHandleW(client);
    REQUIRE(m != nullptr);
    std::wstring client_path = module_path(m);
    winmm_test::LoadedWinmm app = winmm_test::loaded_winmm();
    INFO("client module: " << narrow(client_path));
    INFO("application's winmm.dll: " << narrow(app.path) << " [" << narrow(app.product) << "]");
    CHECK(lower(dir_of(client_path)) != lower(self_dir()));  // not something we built
    REQUIRE(app.ours());
    for (const char* f : funcs) {
        void* target = bound_import(m, "winmm.dll", f);
        HMODULE owner = nullptr;
        if (target)
            GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                               reinterpret_cast<LPCWSTR>(target), &owner);
        INFO("import winmm.dll!" << f << " bound into " << narrow(module_path(owner)));
        REQUIRE(target != nullptr);
        CHECK(owner == app.module);
    }
}

inline std::wstring work_dir() {
    std::wstring dir = env(L"CLIENT_WORK_DIR");
    if (dir.empty()) FAIL("CLIENT_WORK_DIR is not set: this hidden test case is run by its parent test case");
    return dir;
}

// Finds chunk `id` among the chunks in [at, end) of a RIFF file held in memory (our own walk, not mmio's).
inline bool find_chunk(const Bytes& b, size_t at, size_t end, const char* id, size_t* data_at, size_t* size) {
    while (at + 8 <= end && at + 8 <= b.size()) {
        size_t sz = le32(b, at + 4);
        if (has_fourcc_at(b, at, id)) {
            *data_at = at + 8;
            *size = sz;
            return true;
        }
        at += 8 + sz + (sz & 1);
    }
    return false;
}

struct ClientProof {
    ChildRun run;
    std::vector<std::string> log;
};

inline ClientProof run_client(const wchar_t* tag, const wchar_t* spec,
                       const std::function<void(const std::wstring&)>& prepare = nullptr) {
    ClientProof p;
    std::wstring dir = make_work_dir(tag);
    REQUIRE(!dir.empty());
    if (prepare) prepare(dir);
    std::wstring log = dir + L"\\winmm-ng.log";
    p.run = run_child(spec, dir, log);
    p.log = log_lines_of(log, p.run.pid);
    remove_tree(dir);
    return p;
}

struct CallCount {
    const char* func;  // without the A/W suffix, e.g. "mmioOpen"
    size_t at_least;
};

// The parent's verdict: the child ran its one test case and passed, and our DLL's trace log of the child process
// names at least the given numbers of calls of each mmio function.
inline void require_child_served_by_our_mmio(const ClientProof& p, std::initializer_list<CallCount> calls) {
    INFO("child process output:\n" << quote_child(p.run.output));
    REQUIRE(child_passed_one_case(p.run));
    INFO("trace lines our winmm.dll logged for the child process (pid " << std::hex << p.run.pid << std::dec
                                                                         << " hex): " << p.log.size() << "\n"
                                                                         << summarize_log(p.log));
    INFO("(with WINMM_LOG_LEVEL=trace every owned mmio export logs a line naming itself)");
    for (const CallCount& c : calls) {
        INFO("calls of " << c.func);
        CHECK(count_calls(p.log, c.func) >= c.at_least);
    }
}

}  // namespace clients
