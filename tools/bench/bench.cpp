// winmm-bench: runs the same mmio workloads through two winmm.dll files loaded into one process.
//
// "ours" and "theirs" are both named winmm.dll on disk. The loader matches an already-loaded module by
// base name, so loading the second one by path would hand back the first. The bench therefore copies
// each DLL into a private temporary directory under a distinct name (winmm_ours.dll, winmm_theirs.dll),
// loads both copies with LoadLibraryExW, and checks that two distinct modules with distinct exports were
// loaded before measuring anything. See docs/performance.md.
//
// Every workload runs through both DLLs (and, for streaming workloads, the raw Win32 / memcpy reference)
// in an interleaved order that rotates from repetition to repetition; each value reported is a median
// over the repetitions, and the ratios are medians of the per-repetition paired ratios, so a burst of
// load from other processes hits both sides of a pair alike.
//
// Build: C++17, MinGW-w64 (posix threads), -O2, -static -static-libgcc -static-libstdc++, -lversion.
// It does not import winmm.

#include <windows.h>
#include <mmsystem.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "bench_clock.h"

namespace {

using bench_clock::linux_thread_cpu_ns;
using bench_clock::now_ns;
using bench_clock::running_under_wine;

// ---------------------------------------------------------------------------------------------------
// small utilities

void cleanup_workdir();

[[noreturn]] void die(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    std::fputs("winmm-bench: error: ", stderr);
    std::vfprintf(stderr, fmt, ap);
    std::fputc('\n', stderr);
    va_end(ap);
    cleanup_workdir();
    std::exit(2);
}

std::wstring widen(const std::string& s) {
    if (s.empty()) return std::wstring();
    int n = MultiByteToWideChar(CP_ACP, 0, s.c_str(), -1, nullptr, 0);
    std::wstring w(n, L'\0');
    MultiByteToWideChar(CP_ACP, 0, s.c_str(), -1, &w[0], n);
    w.resize(n - 1);
    return w;
}

std::string narrow(const std::wstring& w) {
    if (w.empty()) return std::string();
    int n = WideCharToMultiByte(CP_ACP, 0, w.c_str(), -1, nullptr, 0, nullptr, nullptr);
    std::string s(n, '\0');
    WideCharToMultiByte(CP_ACP, 0, w.c_str(), -1, &s[0], n, nullptr, nullptr);
    s.resize(n - 1);
    return s;
}

bool file_exists(const std::wstring& p) {
    DWORD a = GetFileAttributesW(p.c_str());
    return a != INVALID_FILE_ATTRIBUTES && !(a & FILE_ATTRIBUTE_DIRECTORY);
}

std::wstring full_path(const std::wstring& p) {
    wchar_t buf[MAX_PATH * 2];
    DWORD n = GetFullPathNameW(p.c_str(), MAX_PATH * 2, buf, nullptr);
    if (n == 0 || n >= MAX_PATH * 2) return p;
    return std::wstring(buf, n);
}

std::wstring module_file(HMODULE h) {
    wchar_t buf[MAX_PATH * 2];
    DWORD n = GetModuleFileNameW(h, buf, MAX_PATH * 2);
    return std::wstring(buf, n);
}

std::wstring dir_of(const std::wstring& p) {
    size_t k = p.find_last_of(L"\\/");
    return k == std::wstring::npos ? std::wstring(L".") : p.substr(0, k);
}

// Distribution-free ~95% confidence interval of the median (order statistics of a binomial(n, 1/2));
// for fewer than 6 samples it is simply min..max.
std::pair<double, double> median_ci(std::vector<double> v) {
    if (v.empty()) return {NAN, NAN};
    std::sort(v.begin(), v.end());
    size_t n = v.size(), k = 0;   // CI = [v[k], v[n-1-k]]
    double cdf = 0, term = std::pow(0.5, double(n));
    for (size_t j = 0; j < n; ++j) {   // largest k with P(X < k) <= 0.025, X ~ Bin(n, 1/2)
        cdf += term;                   // P(X <= j)
        if (cdf > 0.025) { k = j; break; }
        term = term * double(n - j) / double(j + 1);
    }
    return {v[k], v[n - 1 - k]};
}

// ---------------------------------------------------------------------------------------------------
// the clock of the timed regions
//
// See bench_clock.h: under Wine the calling thread's Linux CPU time (waits for a CPU left out); elsewhere, and
// with --clock wall, the timed regions use QueryPerformanceCounter.

bool g_cpu_clock = false;

bool cpu_clock_works() {
    if (!running_under_wine()) return false;
    int64_t a = linux_thread_cpu_ns();
    volatile unsigned x = 0;
    for (unsigned i = 0; i < 2000000; ++i) x = x + i;
    int64_t b = linux_thread_cpu_ns();
    return a >= 0 && b > a;
}

// The clock of all timed regions except those that measure several threads (those use wall time).
double clk() { return g_cpu_clock ? double(linux_thread_cpu_ns()) : now_ns(); }

double median(std::vector<double> v) {
    if (v.empty()) return NAN;
    std::sort(v.begin(), v.end());
    size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

inline void compiler_barrier() { asm volatile("" ::: "memory"); }

// ---------------------------------------------------------------------------------------------------
// one loaded winmm.dll

struct MmioApi {
    std::string label;          // "ours" / "theirs"
    std::wstring source;        // the path the user gave (or the default)
    std::wstring loaded;        // the file the module was loaded from
    std::string description;    // from the version resource
    HMODULE mod = nullptr;

    decltype(&::mmioOpenA) Open = nullptr;
    decltype(&::mmioClose) Close = nullptr;
    decltype(&::mmioRead) Read = nullptr;
    decltype(&::mmioWrite) Write = nullptr;
    decltype(&::mmioSeek) Seek = nullptr;
    decltype(&::mmioGetInfo) GetInfo = nullptr;
    decltype(&::mmioSetInfo) SetInfo = nullptr;
    decltype(&::mmioAdvance) Advance = nullptr;
    decltype(&::mmioFlush) Flush = nullptr;
    decltype(&::mmioDescend) Descend = nullptr;
    decltype(&::mmioAscend) Ascend = nullptr;
};

// Product name / description / version from the version resource of a loaded module (read from the
// module itself, so it describes exactly the code being measured).
std::string version_description(HMODULE mod) {
    HRSRC res = FindResourceW(mod, MAKEINTRESOURCEW(VS_VERSION_INFO), MAKEINTRESOURCEW(16) /* RT_VERSION */);
    HGLOBAL mem = res ? LoadResource(mod, res) : nullptr;
    const void* p = mem ? LockResource(mem) : nullptr;
    DWORD size = res ? SizeofResource(mod, res) : 0;
    if (!p || !size) {
        // Wine's builtin DLLs carry no version resource but a marker after the DOS header.
        const char* base = reinterpret_cast<const char*>(mod);
        if (std::memcmp(base + 0x40, "Wine builtin DLL", 16) == 0) return "Wine builtin DLL";
        return "no version resource";
    }
    std::vector<char> data(size_t(size) * 2 + 64, 0);   // VerQueryValue may use room past the block
    std::memcpy(data.data(), p, size);
    struct LangCp { WORD lang, cp; };
    LangCp* tr = nullptr;
    UINT trlen = 0;
    WORD lang = 0x0409, cp = 0x04b0;
    if (VerQueryValueW(data.data(), L"\\VarFileInfo\\Translation", reinterpret_cast<void**>(&tr), &trlen) &&
        trlen >= sizeof(LangCp)) {
        lang = tr->lang;
        cp = tr->cp;
    }
    auto get = [&](const wchar_t* key) -> std::string {
        wchar_t q[128];
        swprintf(q, 128, L"\\StringFileInfo\\%04x%04x\\%ls", lang, cp, key);
        wchar_t* v = nullptr;
        UINT vlen = 0;
        if (VerQueryValueW(data.data(), q, reinterpret_cast<void**>(&v), &vlen) && v && vlen) return narrow(v);
        return std::string();
    };
    std::string product = get(L"ProductName"), desc = get(L"FileDescription"), ver = get(L"ProductVersion");
    std::string out = product;
    if (!desc.empty() && desc != product) out += (out.empty() ? "" : " / ") + desc;
    if (!ver.empty()) out += (out.empty() ? "" : " ") + ver;
    return out.empty() ? "empty version resource" : out;
}

template <typename F>
void resolve(MmioApi& api, F& fn, const char* name) {
    fn = reinterpret_cast<F>(reinterpret_cast<void*>(GetProcAddress(api.mod, name)));
    if (!fn) die("%s: %s does not export %s", api.label.c_str(), narrow(api.loaded).c_str(), name);
}

void resolve_all(MmioApi& a) {
    resolve(a, a.Open, "mmioOpenA");
    resolve(a, a.Close, "mmioClose");
    resolve(a, a.Read, "mmioRead");
    resolve(a, a.Write, "mmioWrite");
    resolve(a, a.Seek, "mmioSeek");
    resolve(a, a.GetInfo, "mmioGetInfo");
    resolve(a, a.SetInfo, "mmioSetInfo");
    resolve(a, a.Advance, "mmioAdvance");
    resolve(a, a.Flush, "mmioFlush");
    resolve(a, a.Descend, "mmioDescend");
    resolve(a, a.Ascend, "mmioAscend");
}

std::vector<std::pair<const char*, void*>> exports_of(const MmioApi& a) {
    return {{"mmioOpenA", (void*)a.Open},       {"mmioClose", (void*)a.Close},     {"mmioRead", (void*)a.Read},
            {"mmioWrite", (void*)a.Write},      {"mmioSeek", (void*)a.Seek},       {"mmioGetInfo", (void*)a.GetInfo},
            {"mmioSetInfo", (void*)a.SetInfo},  {"mmioAdvance", (void*)a.Advance}, {"mmioFlush", (void*)a.Flush},
            {"mmioDescend", (void*)a.Descend},  {"mmioAscend", (void*)a.Ascend}};
}

HMODULE module_of(void* addr) {
    HMODULE h = nullptr;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       reinterpret_cast<LPCWSTR>(addr), &h);
    return h;
}

// ---------------------------------------------------------------------------------------------------
// options

struct Options {
    double scale = 1.0;
    int repeat = 15;
    int warmup = 1;
    double tolerance = 0.02;   // noise allowance for "not slower than theirs"
    bool csv = false;
    bool quiet = false;
    double min_time = 2.0;   // seconds of timed repetitions per workload, at least
    std::string clock = "auto";   // auto | cpu | wall
    bool copy = true;
    bool check = false;
    bool list = false;
    std::vector<std::string> only;
    std::wstring ours, theirs, dir;
};

void usage() {
    std::puts(
        "usage: winmm-bench [options]\n"
        "  --ours PATH      winmm.dll under test (default: winmm.dll beside this exe; 'builtin' = Wine's)\n"
        "  --theirs PATH    reference winmm.dll (default: Wine's builtin for this architecture)\n"
        "  --scale F        multiply operation counts and data sizes by F (default 1; CI uses ~0.02)\n"
        "  --repeat N       timed repetitions per workload and DLL (default 15)\n"
        "  --warmup N       untimed runs per workload and DLL before timing (default 1)\n"
        "  --min-time S     repeat short workloads until S seconds were measured, up to 4 x N (default 2;\n"
        "                   multiplied by the scale when it is below 1)\n"
        "  --only A,B,...   run only the named workloads (see --list)\n"
        "  --csv            print CSV instead of the table\n"
        "  --tolerance F    noise allowance for 'not slower than theirs' (default 0.02)\n"
        "  --dir PATH       directory for the DLL copies and data files (default: %TEMP%)\n"
        "  --no-copy        load the DLLs from their own paths (fails if the loader merges them)\n"
        "  --check          exit 1 when a target is not met\n"
        "  --quiet          no progress lines on stderr\n"
        "  --clock C        auto (default: thread CPU time under Wine, else wall), cpu, wall\n"
        "  --list           list the workloads and exit");
}

Options parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto val = [&]() -> std::string {
            size_t eq = a.find('=');
            if (eq != std::string::npos) return a.substr(eq + 1);
            if (i + 1 >= argc) die("%s needs a value", a.c_str());
            return argv[++i];
        };
        std::string key = a.substr(0, a.find('='));
        if (key == "--scale") {
            o.scale = std::atof(val().c_str());
            if (!(o.scale > 0)) die("--scale must be > 0");
        } else if (key == "--repeat") {
            o.repeat = std::atoi(val().c_str());
            if (o.repeat < 1) die("--repeat must be >= 1");
        } else if (key == "--warmup") {
            o.warmup = std::max(0, std::atoi(val().c_str()));
        } else if (key == "--tolerance") {
            o.tolerance = std::atof(val().c_str());
        } else if (key == "--only") {
            std::string v = val();
            size_t p = 0;
            while (p <= v.size()) {
                size_t q = v.find(',', p);
                if (q == std::string::npos) q = v.size();
                if (q > p) o.only.push_back(v.substr(p, q - p));
                p = q + 1;
            }
        } else if (key == "--csv") {
            o.csv = true;
        } else if (key == "--ours") {
            o.ours = widen(val());
        } else if (key == "--theirs") {
            o.theirs = widen(val());
        } else if (key == "--dir") {
            o.dir = widen(val());
        } else if (key == "--no-copy") {
            o.copy = false;
        } else if (key == "--min-time") {
            o.min_time = std::atof(val().c_str());
        } else if (key == "--clock") {
            o.clock = val();
            if (o.clock != "auto" && o.clock != "cpu" && o.clock != "wall") die("--clock auto|cpu|wall");
        } else if (key == "--quiet" || key == "-q") {
            o.quiet = true;
        } else if (key == "--check") {
            o.check = true;
        } else if (key == "--list") {
            o.list = true;
        } else if (key == "--help" || key == "-h") {
            usage();
            std::exit(0);
        } else {
            usage();
            die("unknown option %s", a.c_str());
        }
    }
    return o;
}

std::wstring builtin_winmm() {
#ifdef _WIN64
    const wchar_t* unix_path = L"Z:\\usr\\lib\\x86_64-linux-gnu\\wine\\x86_64-windows\\winmm.dll";
#else
    const wchar_t* unix_path = L"Z:\\usr\\lib\\i386-linux-gnu\\wine\\i386-windows\\winmm.dll";
#endif
    if (file_exists(unix_path)) return unix_path;
    // The prefix's system directory holds a copy of the builtin (redirected to syswow64 for x86).
    wchar_t sys[MAX_PATH];
    UINT n = GetSystemDirectoryW(sys, MAX_PATH);
    return std::wstring(sys, n) + L"\\winmm.dll";
}

// ---------------------------------------------------------------------------------------------------
// loading the two DLLs

std::wstring g_workdir;                  // private temporary directory: DLL copies and data files
std::vector<HMODULE> g_loaded_modules;   // freed before the directory is removed

// Frees the loaded DLLs and removes the work directory with everything in it (also what a crashed run
// with the same process id left behind).
void cleanup_workdir() {
    for (HMODULE m : g_loaded_modules) FreeLibrary(m);
    g_loaded_modules.clear();
    if (g_workdir.empty()) return;
    WIN32_FIND_DATAW fd;
    HANDLE f = FindFirstFileW((g_workdir + L"\\*").c_str(), &fd);
    if (f != INVALID_HANDLE_VALUE) {
        do {
            if (!(fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY)) DeleteFileW((g_workdir + L"\\" + fd.cFileName).c_str());
        } while (FindNextFileW(f, &fd));
        FindClose(f);
    }
    RemoveDirectoryW(g_workdir.c_str());
    g_workdir.clear();
}

void load_pair(const Options& o, MmioApi& ours, MmioApi& theirs) {
    ours.label = "ours";
    theirs.label = "theirs";
    wchar_t exe[MAX_PATH * 2];
    GetModuleFileNameW(nullptr, exe, MAX_PATH * 2);
    auto pick = [](const std::wstring& given, const std::wstring& dflt) {
        if (given.empty()) return dflt;
        if (given == L"builtin") return builtin_winmm();
        return full_path(given);
    };
    ours.source = pick(o.ours, dir_of(exe) + L"\\winmm.dll");
    theirs.source = pick(o.theirs, builtin_winmm());
    for (MmioApi* a : {&ours, &theirs})
        if (!file_exists(a->source))
            die("%s: %s not found%s", a->label.c_str(), narrow(a->source).c_str(),
                a == &ours ? " (build it, or pass --ours PATH; --ours builtin compares Wine with itself)" : "");

    for (MmioApi* a : {&ours, &theirs}) {
        if (o.copy) {
            a->loaded = g_workdir + L"\\winmm_" + widen(a->label) + L".dll";
            if (!CopyFileW(a->source.c_str(), a->loaded.c_str(), FALSE))
                die("cannot copy %s to %s (error %lu)", narrow(a->source).c_str(), narrow(a->loaded).c_str(),
                    GetLastError());
        } else {
            a->loaded = a->source;
        }
        a->mod = LoadLibraryExW(a->loaded.c_str(), nullptr, LOAD_WITH_ALTERED_SEARCH_PATH);
        if (a->mod) g_loaded_modules.push_back(a->mod);
        if (!a->mod) die("%s: LoadLibraryExW(%s) failed, error %lu", a->label.c_str(), narrow(a->loaded).c_str(),
                         GetLastError());
        resolve_all(*a);
        a->description = version_description(a->mod);
    }

    // Prove that two distinct modules were loaded and that each side's exports live in its own module.
    if (ours.mod == theirs.mod)
        die("the loader returned the same module for both DLLs (%s); do not use --no-copy",
            narrow(module_file(ours.mod)).c_str());
    for (MmioApi* a : {&ours, &theirs}) {
        std::wstring actual = module_file(a->mod);
        if (lstrcmpiW(actual.c_str(), a->loaded.c_str()) != 0)
            die("%s: asked for %s, the loader gave %s", a->label.c_str(), narrow(a->loaded).c_str(),
                narrow(actual).c_str());
    }
    auto eo = exports_of(ours), et = exports_of(theirs);
    for (size_t i = 0; i < eo.size(); ++i) {
        if (eo[i].second == et[i].second) die("%s resolves to the same address in both DLLs", eo[i].first);
        for (const MmioApi* a : {&ours, &theirs}) {
            void* addr = (a == &ours ? eo : et)[i].second;
            HMODULE m = module_of(addr);
            if (m != a->mod)
                std::fprintf(stderr, "winmm-bench: warning: %s's %s resolves into %s (a forwarded export)\n",
                             a->label.c_str(), eo[i].first, m ? narrow(module_file(m)).c_str() : "(no module)");
        }
    }
}

// ---------------------------------------------------------------------------------------------------
// workloads

struct RunResult {
    double ns_per_op = NAN;
    std::string error;   // non-empty: the run failed (wrong result from the DLL)
};

RunResult fail(const char* fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    RunResult r;
    r.error = buf;
    return r;
}

RunResult ok(double ns, double ops) {
    RunResult r;
    r.ns_per_op = ns / ops;
    return r;
}

enum class Ref { None, RawFile, Memcpy };

struct Workload {
    std::string name;
    std::string what;
    const char* group;      // target group; nullptr: only "not slower than theirs"
    double max_ratio;       // ours/theirs (or ours/ref for the streaming group)
    bool target_vs_ref;     // the group target is against the physical reference
    Ref ref;
    long long ops;          // operations per timed run
    std::function<void()> setup;                       // before the first run (untimed)
    std::function<RunResult(const MmioApi&)> run;      // one timed run through one DLL
    std::function<RunResult()> run_ref;                // one timed run of the physical reference
    std::function<void(const MmioApi&)> release;       // after the last run, per DLL (untimed)
    std::function<void()> teardown;                    // after the last run (untimed)

    Workload(std::string n, std::string w, const char* g, double r, bool vs_ref, Ref rf, long long o)
        : name(std::move(n)), what(std::move(w)), group(g), max_ratio(r), target_vs_ref(vs_ref), ref(rf), ops(o) {}
};

std::string data_path(const std::string& name) { return narrow(g_workdir) + "\\" + name; }

void write_raw_file(const std::string& path, const void* data, size_t size) {
    HANDLE h = CreateFileA(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) die("cannot create %s (error %lu)", path.c_str(), GetLastError());
    const char* p = static_cast<const char*>(data);
    while (size) {
        DWORD chunk = DWORD(std::min<size_t>(size, 1 << 20)), done = 0;
        if (!WriteFile(h, p, chunk, &done, nullptr) || done != chunk) die("cannot write %s", path.c_str());
        p += chunk;
        size -= chunk;
    }
    CloseHandle(h);
}

// Write workloads overwrite a file created here beforehand, so that the timed runs measure mmio and the
// page cache, not the file system allocating blocks (which is slow and very noisy under load). All sides
// (ours, theirs, raw) write the same file in turn, so that they meet the same page-cache and writeback state.
void prealloc(const std::string& path, long long size) {
    std::vector<char> zeros(size_t(std::min<long long>(size, 1 << 20)), 0);
    HANDLE h = CreateFileA(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE) die("cannot create %s (error %lu)", path.c_str(), GetLastError());
    while (size > 0) {
        DWORD chunk = DWORD(std::min<long long>(size, (long long)zeros.size())), done = 0;
        if (!WriteFile(h, zeros.data(), chunk, &done, nullptr) || done != chunk) die("cannot write %s", path.c_str());
        size -= chunk;
    }
    CloseHandle(h);
}


HMMIO open_file(const MmioApi& a, const std::string& path, DWORD flags) {
    std::vector<char> name(path.begin(), path.end());
    name.push_back('\0');
    return a.Open(name.data(), nullptr, flags);
}

HMMIO open_mem(const MmioApi& a, char* buf, LONG size, DWORD flags) {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.fccIOProc = FOURCC_MEM;
    mi.pchBuffer = buf;
    mi.cchBuffer = size;
    return a.Open(nullptr, &mi, flags);
}

long long gcd(long long a, long long b) { return b ? gcd(b, a % b) : a; }

long long stride_for(long long n) {
    long long s = n / 3 + 1;
    while (gcd(s, n) != 1) ++s;
    return s;
}

long long scaled(double base, double scale, long long floor_) {
    return std::max<long long>(floor_, (long long)std::llround(base * scale));
}

const LONG kStreamBlock = 64 * 1024;

// Workloads on DOS files time the whole life of the file: open, the loop, close. The first I/O on a fresh
// handle costs Wine a wineserver round trip (the handle's Unix fd is fetched and cached); one mmio may pay
// it inside mmioOpen and another at its first read, so timing only the loop would not be fair.

std::vector<Workload> make_workloads(const Options& o) {
    std::vector<Workload> w;
    const double s = o.scale;

    // --- 4-byte writes, buffered DOS file -------------------------------------------------------
    {
        long long n = scaled(500000, s, 2000);
        Workload x{"write4", "open, 4-byte mmioWrite loop, close: DOS file (overwritten), MMIO_ALLOCBUF", "small reads/writes", 0.5, false,
                   Ref::None, n};
        x.run = [n](const MmioApi& a) -> RunResult {
            std::string path = data_path("write4.dat");
            const char v[4] = {'a', 'b', 'c', 'd'};
            long long bad = 0;
            double t0 = clk();
            HMMIO h = open_file(a, path, MMIO_WRITE | MMIO_ALLOCBUF);
            if (!h) return fail("mmioOpen(%s) failed", path.c_str());
            for (long long i = 0; i < n; ++i) bad += a.Write(h, v, 4) != 4;
            bad += a.Flush(h, 0) != 0;
            bad += a.Close(h, 0) != 0;
            double t1 = clk();
            if (bad) return fail("%lld write/flush calls failed", bad);
            return ok(t1 - t0, double(n));
        };
        x.setup = [n] { prealloc(data_path("write4.dat"), n * 4); };
        x.teardown = [] { DeleteFileA(data_path("write4.dat").c_str()); };
        w.push_back(x);
    }

    // --- 4-byte reads, buffered DOS file -------------------------------------------------------
    {
        long long n = scaled(500000, s, 2000);
        Workload x{"read4", "open, 4-byte mmioRead loop, close: DOS file, MMIO_ALLOCBUF", "small reads/writes", 0.5, false,
                   Ref::None, n};
        x.setup = [n] {
            std::vector<char> d(size_t(n) * 4);
            for (size_t i = 0; i < d.size(); ++i) d[i] = char(i * 7);
            write_raw_file(data_path("read4.dat"), d.data(), d.size());
        };
        x.run = [n](const MmioApi& a) -> RunResult {
            std::string path = data_path("read4.dat");
            char v[4];
            long long got = 0;
            double t0 = clk();
            HMMIO h = open_file(a, path, MMIO_READ | MMIO_ALLOCBUF);
            if (!h) return fail("mmioOpen(read4.dat) failed");
            for (long long i = 0; i < n; ++i) got += a.Read(h, v, 4);
            a.Close(h, 0);
            double t1 = clk();
            if (got != n * 4) return fail("read %lld bytes, expected %lld", got, n * 4);
            return ok(t1 - t0, double(n));
        };
        x.teardown = [] { DeleteFileA(data_path("read4.dat").c_str()); };
        w.push_back(x);
    }

    // --- 16-byte writes, memory file ------------------------------------------------------------
    {
        long long n = scaled(500000, s, 2000);
        auto buf = std::make_shared<std::vector<char>>();
        Workload x{"memwrite16", "16-byte mmioWrite loop into a memory file (FOURCC_MEM, caller block); raw = memcpy", "small reads/writes", 0.5,
                   false, Ref::Memcpy, n};
        x.setup = [n, buf] { buf->assign(size_t(n) * 16, 0); };
        x.run = [n, buf](const MmioApi& a) -> RunResult {
            HMMIO h = open_mem(a, buf->data(), LONG(buf->size()), MMIO_READWRITE);
            if (!h) return fail("mmioOpen(FOURCC_MEM) failed");
            const char v[16] = "0123456789abcde";
            long long bad = 0;
            double t0 = clk();
            for (long long i = 0; i < n; ++i) bad += a.Write(h, v, 16) != 16;
            double t1 = clk();
            a.Close(h, 0);
            if (bad) return fail("%lld writes failed", bad);
            return ok(t1 - t0, double(n));
        };
        x.run_ref = [n, buf]() -> RunResult {
            const char v[16] = "0123456789abcde";
            char* p = buf->data();
            double t0 = clk();
            for (long long i = 0; i < n; ++i) {
                std::memcpy(p, v, 16);
                p += 16;
                compiler_barrier();
            }
            double t1 = clk();
            return ok(t1 - t0, double(n));
        };
        x.teardown = [buf] { std::vector<char>().swap(*buf); };
        w.push_back(x);
    }

    // --- 64 KiB streaming, DOS file ---------------------------------------------------------------
    auto stream_ops = scaled(256, s, 16);   // 16 MiB at scale 1
    // The source of the writes and the destination of the reads: one page-aligned block for every side, so
    // that the kernel's copies see the same alignment whoever runs.
    static char* const page_block = static_cast<char*>(
        VirtualAlloc(nullptr, 2 * kStreamBlock, MEM_COMMIT | MEM_RESERVE, PAGE_READWRITE));
    if (!page_block) die("VirtualAlloc failed");
    char* const in_block = page_block + kStreamBlock;
    auto block = std::make_shared<std::vector<char>>(kStreamBlock);
    for (LONG i = 0; i < kStreamBlock; ++i) page_block[i] = (*block)[i] = char(i * 13);

    auto stream_write = [](const MmioApi& a, long long n, DWORD extra, const char* tag) -> RunResult {
        std::string path = data_path(std::string(tag) + ".dat");
        long long bad = 0;
        double t0 = clk();
        HMMIO h = open_file(a, path, MMIO_WRITE | extra);
        if (!h) return fail("mmioOpen(%s) failed", path.c_str());
        for (long long i = 0; i < n; ++i) bad += a.Write(h, page_block, kStreamBlock) != kStreamBlock;
        bad += a.Flush(h, 0) != 0;
        bad += a.Close(h, 0) != 0;
        double t1 = clk();
        if (bad) return fail("%lld write/flush calls failed", bad);
        return ok(t1 - t0, double(n));
    };
    auto stream_read = [in_block](const MmioApi& a, long long n, DWORD extra) -> RunResult {
        std::string path = data_path("stream-in.dat");
        char* in = in_block;
        long long got = 0;
        double t0 = clk();
        HMMIO h = open_file(a, path, MMIO_READ | extra);
        if (!h) return fail("mmioOpen(stream-in.dat) failed");
        for (long long i = 0; i < n; ++i) got += a.Read(h, in, kStreamBlock);
        a.Close(h, 0);
        double t1 = clk();
        if (got != n * kStreamBlock) return fail("read %lld bytes, expected %lld", got, n * kStreamBlock);
        return ok(t1 - t0, double(n));
    };
    auto raw_write = [block](long long n, const char* tag) -> RunResult {
        std::string path = data_path(std::string(tag) + ".dat");
        long long bad = 0;
        double t0 = clk();
        HANDLE h = CreateFileA(path.c_str(), GENERIC_WRITE, 0, nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
        if (h == INVALID_HANDLE_VALUE) return fail("CreateFile(%s) failed", path.c_str());
        for (long long i = 0; i < n; ++i) {
            DWORD done = 0;
            bad += !WriteFile(h, page_block, kStreamBlock, &done, nullptr) || done != DWORD(kStreamBlock);
        }
        CloseHandle(h);
        double t1 = clk();
        if (bad) return fail("%lld WriteFile calls failed", bad);
        return ok(t1 - t0, double(n));
    };
    auto raw_read = [in_block](long long n) -> RunResult {
        std::string path = data_path("stream-in.dat");
        char* in = in_block;
        long long got = 0;
        double t0 = clk();
        HANDLE h = CreateFileA(path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                               FILE_ATTRIBUTE_NORMAL, nullptr);
        if (h == INVALID_HANDLE_VALUE) return fail("CreateFile(%s) failed", path.c_str());
        for (long long i = 0; i < n; ++i) {
            DWORD done = 0;
            if (ReadFile(h, in, kStreamBlock, &done, nullptr)) got += done;
        }
        CloseHandle(h);
        double t1 = clk();
        if (got != n * kStreamBlock) return fail("ReadFile got %lld bytes, expected %lld", got, n * kStreamBlock);
        return ok(t1 - t0, double(n));
    };
    auto make_stream_in = [block, stream_ops] {
        std::vector<char> d(size_t(stream_ops) * kStreamBlock);
        for (long long i = 0; i < stream_ops; ++i) std::memcpy(&d[size_t(i) * kStreamBlock], block->data(), kStreamBlock);
        write_raw_file(data_path("stream-in.dat"), d.data(), d.size());
    };
    auto drop_stream_files = [] {
        for (const char* f : {"stream-in.dat", "stream-write.dat", "stream-write-buf.dat"})
            DeleteFileA(data_path(f).c_str());
    };
    {
        Workload x{"stream-write", "open, 64 KiB mmioWrite x N, close: DOS file, unbuffered; raw = WriteFile", "64 KiB streaming", 1.05, true,
                   Ref::RawFile, stream_ops};
        x.setup = [=] {
            prealloc(data_path("stream-write.dat"), stream_ops * kStreamBlock);
        };
        x.run = [=](const MmioApi& a) { return stream_write(a, stream_ops, 0, "stream-write"); };
        x.run_ref = [=] { return raw_write(stream_ops, "stream-write"); };
        x.teardown = drop_stream_files;
        w.push_back(x);
    }
    {
        Workload x{"stream-read", "open, 64 KiB mmioRead x N, close: DOS file, unbuffered; raw = ReadFile", "64 KiB streaming", 1.05, true,
                   Ref::RawFile, stream_ops};
        x.setup = make_stream_in;
        x.run = [=](const MmioApi& a) { return stream_read(a, stream_ops, 0); };
        x.run_ref = [=] { return raw_read(stream_ops); };
        x.teardown = drop_stream_files;
        w.push_back(x);
    }
    {
        Workload x{"stream-write-buf", "the same with MMIO_ALLOCBUF (8 KiB buffer); raw = WriteFile", nullptr, 0, false, Ref::RawFile,
                   stream_ops};
        x.setup = [=] {
            prealloc(data_path("stream-write-buf.dat"), stream_ops * kStreamBlock);
        };
        x.run = [=](const MmioApi& a) { return stream_write(a, stream_ops, MMIO_ALLOCBUF, "stream-write-buf"); };
        x.run_ref = [=] { return raw_write(stream_ops, "stream-write-buf"); };
        x.teardown = drop_stream_files;
        w.push_back(x);
    }
    {
        Workload x{"stream-read-buf", "the same with MMIO_ALLOCBUF (8 KiB buffer); raw = ReadFile", nullptr, 0, false, Ref::RawFile,
                   stream_ops};
        x.setup = make_stream_in;
        x.run = [=](const MmioApi& a) { return stream_read(a, stream_ops, MMIO_ALLOCBUF); };
        x.run_ref = [=] { return raw_read(stream_ops); };
        x.teardown = drop_stream_files;
        w.push_back(x);
    }

    // --- RIFF scan -----------------------------------------------------------------------------
    {
        long long chunks = scaled(200000, s, 1000);
        Workload x{"riff-scan",
                   "open, mmioDescend/mmioAscend over a RIFF of " + std::to_string(chunks) +
                       " chunks, close (op = chunk)",
                   "RIFF scan", 0.5, false, Ref::None, chunks};
        x.setup = [chunks] {
            std::vector<char> d;
            d.reserve(size_t(chunks) * 16 + 12);
            auto put32 = [&d](uint32_t v) {
                for (int k = 0; k < 4; ++k) d.push_back(char(v >> (8 * k)));
            };
            put32(mmioFOURCC('R', 'I', 'F', 'F'));
            put32(0);
            put32(mmioFOURCC('B', 'N', 'C', 'H'));
            const FOURCC ids[4] = {mmioFOURCC('a', 'b', 'c', 'd'), mmioFOURCC('d', 'a', 't', 'a'),
                                   mmioFOURCC('f', 'm', 't', ' '), mmioFOURCC('J', 'U', 'N', 'K')};
            for (long long i = 0; i < chunks; ++i) {
                uint32_t size = uint32_t(4 + i % 4);   // 4..7 bytes, odd sizes padded
                put32(ids[i % 4]);
                put32(size);
                for (uint32_t k = 0; k < size; ++k) d.push_back(char(i + k));
                if (size & 1) d.push_back(0);
            }
            uint32_t riff_size = uint32_t(d.size() - 8);
            std::memcpy(&d[4], &riff_size, 4);
            write_raw_file(data_path("riff.dat"), d.data(), d.size());
        };
        x.run = [chunks](const MmioApi& a) -> RunResult {
            std::string path = data_path("riff.dat");
            long long found = 0, bad = 0;
            MMCKINFO riff, ck;
            std::memset(&riff, 0, sizeof riff);
            riff.fccType = mmioFOURCC('B', 'N', 'C', 'H');
            double t0 = clk();
            HMMIO h = open_file(a, path, MMIO_READ | MMIO_ALLOCBUF);
            if (!h) return fail("mmioOpen(riff.dat) failed");
            if (a.Descend(h, &riff, nullptr, MMIO_FINDRIFF) != 0) {
                a.Close(h, 0);
                return fail("mmioDescend(FINDRIFF) failed");
            }
            for (;;) {
                if (a.Descend(h, &ck, &riff, 0) != 0) break;
                ++found;
                bad += a.Ascend(h, &ck, 0) != 0;
            }
            a.Close(h, 0);
            double t1 = clk();
            if (found != chunks || bad) return fail("found %lld chunks (expected %lld), %lld ascend errors", found,
                                                    chunks, bad);
            return ok(t1 - t0, double(chunks));
        };
        x.teardown = [] { DeleteFileA(data_path("riff.dat").c_str()); };
        w.push_back(x);
    }

        // --- mmioSeek round-robin over many open handles ---------------------------------------------
    {
        long long nh = scaled(20000, s, 200);
        long long n = std::max<long long>(nh / 8, 100);   // seeks per run; successive runs continue the round
        struct State {
            std::vector<char> mem;
            std::vector<HMMIO> h[2];
            long long next[2] = {0, 0};
        };
        auto st = std::make_shared<State>();
        auto side_of = [](const MmioApi& a) { return a.label == "ours" ? 0 : 1; };
        Workload x{"seek-handles",
                   "mmioSeek round-robin (stride " + std::to_string(stride_for(nh)) + ") over " + std::to_string(nh) +
                       " open memory files",
                   "seek over 20,000 handles", 0.01, false, Ref::None, n};
        x.setup = [st, nh] { st->mem.assign(size_t(nh) * 2 * 64, 0); };
        x.run = [st, nh, n, side_of](const MmioApi& a) -> RunResult {
            int side = side_of(a);
            std::vector<HMMIO>& hs = st->h[side];
            if (hs.empty()) {   // opened on the first (warm-up) run, outside the timed region
                hs.reserve(size_t(nh));
                for (long long i = 0; i < nh; ++i) {
                    HMMIO h = open_mem(a, &st->mem[(size_t(side) * size_t(nh) + size_t(i)) * 64], 64, MMIO_READWRITE);
                    if (!h) return fail("mmioOpen(FOURCC_MEM) #%lld failed", i);
                    hs.push_back(h);
                }
            }
            // Round-robin with a stride coprime to the handle count: consecutive seeks hit handles far
            // apart, and every handle is visited once per nh seeks.
            const long long stride = stride_for(nh);
            long long j = st->next[side], bad = 0;
            double t0 = clk();
            for (long long i = 0; i < n; ++i) {
                LONG off = LONG((i * 4) & 63);
                bad += a.Seek(hs[size_t(j)], off, SEEK_SET) != off;
                j += stride;
                if (j >= nh) j -= nh;
            }
            double t1 = clk();
            st->next[side] = j;
            if (bad) return fail("%lld seeks returned a wrong position", bad);
            return ok(t1 - t0, double(n));
        };
        x.release = [st, side_of](const MmioApi& a) {
            int side = side_of(a);
            for (HMMIO h : st->h[side]) a.Close(h, 0);
            st->h[side].clear();
        };
        x.teardown = [st] { std::vector<char>().swap(st->mem); };
        w.push_back(x);
    }

    // --- direct buffer access: mmioGetInfo / mmioAdvance / mmioSetInfo -----------------------------
    {
        long long n = scaled(4 << 20, s, 64 << 10);   // bytes
        auto salt = std::make_shared<unsigned>(0);
        Workload x{"direct-write", "open, mmioGetInfo, byte stores at pchNext + mmioAdvance(MMIO_WRITE), mmioSetInfo, close (op = byte)",
                   nullptr, 0, false, Ref::None, n};
        x.setup = [n] { prealloc(data_path("direct-write.dat"), n); };
        x.run = [n, salt](const MmioApi& a) -> RunResult {
            std::string path = data_path("direct-write.dat");
            const unsigned k = ++*salt;   // a new pattern each run, so that a lost tail shows
            MMIOINFO mi;
            long long bad = 0;
            double t0 = clk();
            HMMIO h = open_file(a, path, MMIO_WRITE | MMIO_ALLOCBUF);
            if (!h) return fail("mmioOpen(%s) failed", path.c_str());
            bad += a.GetInfo(h, &mi, 0) != 0;
            for (long long i = 0; i < n; ++i) {
                if (mi.pchNext >= mi.pchEndWrite) {
                    mi.dwFlags |= MMIO_DIRTY;
                    if (a.Advance(h, &mi, MMIO_WRITE) != 0) { ++bad; break; }
                }
                *mi.pchNext++ = char(i + k);
            }
            mi.dwFlags |= MMIO_DIRTY;
            bad += a.SetInfo(h, &mi, 0) != 0;
            bad += a.Flush(h, 0) != 0;
            bad += a.Close(h, 0) != 0;
            double t1 = clk();
            if (bad) return fail("%lld mmioGetInfo/Advance/SetInfo/Flush calls failed", bad);
            // check the last bytes on disk: the final partial buffer must have been written
            long long tail = std::min<long long>(n, 4096);
            std::vector<char> got(size_t(tail), 0);
            HANDLE f = CreateFileA(path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING, 0, nullptr);
            DWORD done = 0;
            if (f != INVALID_HANDLE_VALUE) {
                SetFilePointer(f, LONG(n - tail), nullptr, FILE_BEGIN);
                ReadFile(f, got.data(), DWORD(tail), &done, nullptr);
                CloseHandle(f);
            }
            for (long long i = 0; i < tail; ++i)
                if (got[size_t(i)] != char(n - tail + i + k))
                    return fail("byte %lld of the file is wrong after mmioClose", n - tail + i);
            return ok(t1 - t0, double(n));
        };
        x.teardown = [] { DeleteFileA(data_path("direct-write.dat").c_str()); };
        w.push_back(x);
    }
    {
        long long n = scaled(4 << 20, s, 64 << 10);   // bytes
        Workload x{"direct-read", "open, mmioGetInfo, byte loads at pchNext + mmioAdvance(MMIO_READ), mmioSetInfo, close (op = byte)",
                   nullptr, 0, false, Ref::None, n};
        x.setup = [n] {
            std::vector<char> d(static_cast<size_t>(n));
            for (size_t i = 0; i < d.size(); ++i) d[i] = char(i * 3);
            write_raw_file(data_path("direct-in.dat"), d.data(), d.size());
        };
        x.run = [n](const MmioApi& a) -> RunResult {
            std::string path = data_path("direct-in.dat");
            MMIOINFO mi;
            long long bad = 0, got = 0;
            unsigned sum = 0;
            double t0 = clk();
            HMMIO h = open_file(a, path, MMIO_READ | MMIO_ALLOCBUF);
            if (!h) return fail("mmioOpen(direct-in.dat) failed");
            bad += a.GetInfo(h, &mi, 0) != 0;
            for (;;) {
                if (mi.pchNext >= mi.pchEndRead) {
                    if (a.Advance(h, &mi, MMIO_READ) != 0) { ++bad; break; }
                    if (mi.pchNext >= mi.pchEndRead) break;   // end of file
                }
                sum += (unsigned char)*mi.pchNext++;
                ++got;
            }
            bad += a.SetInfo(h, &mi, 0) != 0;
            a.Close(h, 0);
            double t1 = clk();
            unsigned expect = 0;
            for (long long i = 0; i < n; ++i) expect += (unsigned char)char(i * 3);
            if (bad) return fail("%lld mmioGetInfo/Advance/SetInfo calls failed", bad);
            if (got != n || sum != expect) return fail("read %lld bytes (expected %lld), checksum %s", got, n,
                                                       sum == expect ? "ok" : "wrong");
            return ok(t1 - t0, double(n));
        };
        x.teardown = [] { DeleteFileA(data_path("direct-in.dat").c_str()); };
        w.push_back(x);
    }

    // --- open/close of memory files -------------------------------------------------------------
    {
        long long n = scaled(50000, s, 1000);
        auto buf = std::make_shared<std::vector<char>>(4096);
        Workload x{"open-close-mem", "mmioOpen(FOURCC_MEM, 4 KiB) + mmioClose", nullptr, 0, false, Ref::None, n};
        x.run = [n, buf](const MmioApi& a) -> RunResult {
            long long bad = 0;
            double t0 = clk();
            for (long long i = 0; i < n; ++i) {
                HMMIO h = open_mem(a, buf->data(), LONG(buf->size()), MMIO_READWRITE);
                if (!h) { ++bad; continue; }
                bad += a.Close(h, 0) != 0;
            }
            double t1 = clk();
            if (bad) return fail("%lld open/close calls failed", bad);
            return ok(t1 - t0, double(n));
        };
        w.push_back(x);
    }

    // --- 4 threads, small writes on their own handles ------------------------------------------------
    {
        const int nt = 4;
        long long per = scaled(125000, s, 1000);
        Workload x{"write4-mt4", "write4 from 4 threads at once, each on its own handle and file (op = one write)",
                   "small reads/writes", 0.5, false, Ref::None, per * nt};
        x.run = [per, nt](const MmioApi& a) -> RunResult {
            std::atomic<int> ready{0};
            std::atomic<bool> go{false};
            std::atomic<long long> bad{0};
            std::vector<std::thread> threads;
            for (int t = 0; t < nt; ++t) {
                threads.emplace_back([&, t] {
                    std::string path = data_path("mt-" + std::to_string(t) + ".dat");
                    HMMIO h = open_file(a, path, MMIO_WRITE | MMIO_ALLOCBUF);
                    ready.fetch_add(1);
                    while (!go.load(std::memory_order_acquire)) std::this_thread::yield();
                    if (!h) { bad.fetch_add(per); return; }
                    const char v[4] = {'w', 'x', 'y', 'z'};
                    long long b = 0;
                    for (long long i = 0; i < per; ++i) b += a.Write(h, v, 4) != 4;
                    b += a.Flush(h, 0) != 0;
                    bad.fetch_add(b);
                    a.Close(h, 0);   // the close is timed too; it has nothing left to flush
                });
            }
            while (ready.load() < nt) std::this_thread::yield();
            double t0 = now_ns();   // several threads: wall time, whatever --clock says
            go.store(true, std::memory_order_release);
            for (auto& th : threads) th.join();
            double t1 = now_ns();
            if (bad.load()) return fail("%lld write/flush calls failed", bad.load());
            return ok(t1 - t0, double(per * nt));
        };
        x.setup = [nt, per] {
            for (int t = 0; t < nt; ++t) prealloc(data_path("mt-" + std::to_string(t) + ".dat"), per * 4);
        };
        x.teardown = [nt] {
            for (int t = 0; t < nt; ++t) DeleteFileA(data_path("mt-" + std::to_string(t) + ".dat").c_str());
        };
        w.push_back(x);
    }

    return w;
}

// ---------------------------------------------------------------------------------------------------
// driver

struct Result {
    const Workload* w = nullptr;
    std::vector<double> ours, theirs, ref;   // ns/op per repetition
    std::vector<double> r_ot, r_or, r_tr;    // paired ratios per repetition
    std::string error;
    double m_ours = NAN, m_theirs = NAN, m_ref = NAN;
    double ratio = NAN, ratio_lo = NAN, ratio_hi = NAN;   // ours/theirs: median, min, max
    double ci_lo = NAN, ci_hi = NAN;                      // ours/theirs: ~95% CI of the median
    double ours_ref = NAN, theirs_ref = NAN;
};

Result measure(const Workload& w, const Options& o, const MmioApi& ours, const MmioApi& theirs) {
    Result r;
    r.w = &w;
    if (w.setup) w.setup();
    // the sides: 0 = ours, 1 = theirs, 2 = physical reference
    std::vector<int> sides = {0, 1};
    if (w.run_ref) sides.push_back(2);
    auto run_side = [&](int side) -> RunResult {
        if (side == 0) return w.run(ours);
        if (side == 1) return w.run(theirs);
        return w.run_ref();
    };
    const char* side_name[3] = {"ours", "theirs", "reference"};
    // At least --repeat repetitions; short workloads repeat on until they have been measured for --min-time
    // (scaled down with --scale below 1), up to 4 x --repeat: more pairs, a narrower interval.
    const double min_time_ns = o.min_time * 1e9 * std::min(1.0, o.scale);
    const int max_reps = 4 * o.repeat;
    double measured_ns = 0;
    for (int rep = -o.warmup; r.error.empty(); ++rep) {
        if (rep >= o.repeat && (measured_ns >= min_time_ns || rep >= max_reps)) break;
        double rep_t0 = now_ns();
        // rotate the order from repetition to repetition so that no side always runs first
        std::vector<int> order = sides;
        size_t shift = size_t(rep + o.warmup) % order.size();
        std::rotate(order.begin(), order.begin() + shift, order.end());
        double v[3] = {NAN, NAN, NAN};
        for (int side : order) {
            RunResult rr = run_side(side);
            if (!rr.error.empty()) {
                r.error = std::string(side_name[side]) + ": " + rr.error;
                break;
            }
            v[side] = rr.ns_per_op;
        }
        if (rep < 0 || !r.error.empty()) continue;
        measured_ns += now_ns() - rep_t0;
        r.ours.push_back(v[0]);
        r.theirs.push_back(v[1]);
        r.r_ot.push_back(v[0] / v[1]);
        if (w.run_ref) {
            r.ref.push_back(v[2]);
            r.r_or.push_back(v[0] / v[2]);
            r.r_tr.push_back(v[1] / v[2]);
        }
    }
    if (w.release) {
        w.release(ours);
        w.release(theirs);
    }
    if (w.teardown) w.teardown();
    if (!r.error.empty()) return r;
    r.m_ours = median(r.ours);
    r.m_theirs = median(r.theirs);
    r.ratio = median(r.r_ot);
    r.ratio_lo = *std::min_element(r.r_ot.begin(), r.r_ot.end());
    r.ratio_hi = *std::max_element(r.r_ot.begin(), r.r_ot.end());
    std::tie(r.ci_lo, r.ci_hi) = median_ci(r.r_ot);
    if (w.run_ref) {
        r.m_ref = median(r.ref);
        r.ours_ref = median(r.r_or);
        r.theirs_ref = median(r.r_tr);
    }
    return r;
}

std::string fmt_ns(double v) {
    char b[32];
    if (std::isnan(v)) return "-";
    if (v >= 100000) std::snprintf(b, sizeof b, "%.0f", v);
    else if (v >= 100) std::snprintf(b, sizeof b, "%.1f", v);
    else std::snprintf(b, sizeof b, "%.2f", v);
    return b;
}

std::string fmt_ratio(double v) {
    char b[32];
    if (std::isnan(v)) return "-";
    if (v < 0.01) std::snprintf(b, sizeof b, "%.4f", v);
    else std::snprintf(b, sizeof b, "%.3f", v);
    return b;
}

// "Slower than theirs": the median ratio exceeds 1 + tolerance and the confidence interval of the median
// lies above 1, so that a noisy run of two equal DLLs is not reported as a regression.
bool is_slower(const Result& r, const Options& o) {
    return !r.error.empty() || (r.ratio > 1.0 + o.tolerance && r.ci_lo > 1.0);
}

// the target a workload has, as text, and whether it is met
struct Verdict {
    std::string target;
    bool met = true;
    bool error = false;
};

Verdict judge(const Result& r, const Options& o) {
    Verdict v;
    const Workload& w = *r.w;
    char b[96];
    if (!r.error.empty()) {
        v.met = false;
        v.error = true;
        v.target = "ERROR";
        return v;
    }
    bool slower = is_slower(r, o);
    if (w.group && w.target_vs_ref) {
        std::snprintf(b, sizeof b, "<=%.2f x raw", w.max_ratio);
        v.met = r.ours_ref <= w.max_ratio && !slower;
    } else if (w.group) {
        std::snprintf(b, sizeof b, "<=%.2f x theirs", w.max_ratio);
        v.met = r.ratio <= w.max_ratio;
    } else {
        std::snprintf(b, sizeof b, "<=1 x theirs");
        v.met = !slower;
    }
    v.target = b;
    return v;
}

void print_table(const std::vector<Result>& results, const Options& o) {
    struct Col { const char* head; bool left; };
    const std::vector<Col> cols = {{"workload", true},      {"ops/run", false},    {"reps", false},
                                   {"ours ns/op", false},
                                   {"theirs ns/op", false}, {"ours/theirs", false}, {"95% CI", false},
                                   {"raw ns/op", false},    {"ours/raw", false},    {"theirs/raw", false},
                                   {"target", true},        {"met", true}};
    std::vector<std::vector<std::string>> rows;
    for (const Result& r : results) {
        Verdict v = judge(r, o);
        if (!r.error.empty()) {
            rows.push_back({r.w->name, std::to_string(r.w->ops), "-", "-", "-", "-", "-", "-", "-", "-", v.target,
                            "ERROR"});
            continue;
        }
        rows.push_back({r.w->name, std::to_string(r.w->ops), std::to_string(r.ours.size()), fmt_ns(r.m_ours), fmt_ns(r.m_theirs), fmt_ratio(r.ratio),
                        fmt_ratio(r.ci_lo) + ".." + fmt_ratio(r.ci_hi), fmt_ns(r.m_ref), fmt_ratio(r.ours_ref),
                        fmt_ratio(r.theirs_ref), v.target, v.met ? "yes" : "NO"});
    }
    std::vector<size_t> width(cols.size());
    for (size_t c = 0; c < cols.size(); ++c) {
        width[c] = std::strlen(cols[c].head);
        for (auto& row : rows) width[c] = std::max(width[c], row[c].size());
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string s;
        for (size_t c = 0; c < cols.size(); ++c) {
            std::string cell = cells[c];
            std::string pad(width[c] - cell.size(), ' ');
            s += cols[c].left ? cell + pad : pad + cell;
            if (c + 1 < cols.size()) s += "  ";
        }
        while (!s.empty() && s.back() == ' ') s.pop_back();
        std::puts(s.c_str());
    };
    std::vector<std::string> head;
    for (auto& c : cols) head.push_back(c.head);
    line(head);
    std::vector<std::string> rule;
    for (size_t c = 0; c < cols.size(); ++c) rule.push_back(std::string(width[c], '-'));
    line(rule);
    for (auto& row : rows) line(row);
    std::puts("");
    for (const Result& r : results) std::printf("  %-*s %s\n", int(width[0]), r.w->name.c_str(), r.w->what.c_str());
    for (const Result& r : results)
        if (!r.error.empty()) std::printf("error in %s: %s\n", r.w->name.c_str(), r.error.c_str());
}

void print_csv(const std::vector<Result>& results, const Options& o) {
    std::puts("workload,ops,reps,ours_ns,theirs_ns,ours_theirs,ours_theirs_ci_lo,ours_theirs_ci_hi,ours_theirs_min,"
              "ours_theirs_max,raw_ns,ours_raw,theirs_raw,target,met,error");
    auto num = [](double v) {
        char b[32];
        if (std::isnan(v)) return std::string();
        std::snprintf(b, sizeof b, "%.6g", v);
        return std::string(b);
    };
    for (const Result& r : results) {
        Verdict v = judge(r, o);
        std::printf("%s,%lld,%zu,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,\"%s\"\n", r.w->name.c_str(), r.w->ops,
                    r.ours.size(),
                    num(r.m_ours).c_str(), num(r.m_theirs).c_str(), num(r.ratio).c_str(), num(r.ci_lo).c_str(),
                    num(r.ci_hi).c_str(), num(r.ratio_lo).c_str(),
                    num(r.ratio_hi).c_str(), num(r.m_ref).c_str(), num(r.ours_ref).c_str(), num(r.theirs_ref).c_str(),
                    v.target.c_str(), v.error ? "error" : v.met ? "yes" : "no", r.error.c_str());
    }
}

// The summary: one line per target of the issue, then the overall line. Returns true when all are met.
bool print_summary(const std::vector<Result>& results, const Options& o) {
    struct Group { const char* name; const char* text; };
    const Group groups[] = {{"small reads/writes", "small reads/writes <= 0.5 x theirs"},
                            {"RIFF scan", "RIFF scan <= 0.5 x theirs"},
                            {"seek over 20,000 handles", "seek over 20,000 handles <= 0.01 x theirs"},
                            {"64 KiB streaming", "64 KiB streaming within 5% of raw WriteFile/ReadFile"}};
    const char* prefix = o.csv ? "# " : "";
    int met = 0, total = 0;
    std::printf("%s\n%stargets (scale %g, >= %d repetitions, medians%s):\n", prefix, prefix, o.scale, o.repeat,
                o.scale < 1 ? "; sizes are below scale 1, so verdicts are only indicative" : "");
    auto report = [&](const std::string& text, bool any, bool all_met, const std::string& detail) {
        if (!any) return;
        ++total;
        met += all_met;
        std::printf("%s  %-56s %-8s %s\n", prefix, text.c_str(), all_met ? "MET" : "NOT MET", detail.c_str());
    };
    for (const Group& g : groups) {
        bool any = false, all = true;
        std::string detail;
        for (const Result& r : results) {
            if (!r.w->group || std::strcmp(r.w->group, g.name) != 0) continue;
            Verdict v = judge(r, o);
            any = true;
            all = all && v.met;
            double shown = r.w->target_vs_ref ? r.ours_ref : r.ratio;
            detail += (detail.empty() ? "(" : ", ") + r.w->name + " " + (v.error ? "ERROR" : fmt_ratio(shown));
        }
        if (any) detail += ")";
        report(g.text, any, all, detail);
    }
    {
        bool any = !results.empty(), all = true;
        std::string slow;
        for (const Result& r : results) {
            bool s = is_slower(r, o);
            if (s) slow += (slow.empty() ? "(slower: " : ", ") + r.w->name + " " +
                           (r.error.empty() ? fmt_ratio(r.ratio) : "ERROR");
            all = all && !s;
        }
        if (!slow.empty()) slow += ")";
        char text[96];
        std::snprintf(text, sizeof text, "nothing slower than theirs (noise allowance %g%%)", o.tolerance * 100);
        report(text, any, all, slow);
    }
    std::printf("%sresult: %d of %d targets met\n", prefix, met, total);
    return met == total;
}

void make_workdir(const Options& o) {
    std::wstring base = o.dir;
    if (base.empty()) {
        wchar_t tmp[MAX_PATH];
        DWORD n = GetTempPathW(MAX_PATH, tmp);
        base = std::wstring(tmp, n);
    }
    while (!base.empty() && (base.back() == L'\\' || base.back() == L'/')) base.pop_back();
    base = full_path(base);
    CreateDirectoryW(base.c_str(), nullptr);
    g_workdir = base + L"\\winmm-bench-" + std::to_wstring(GetCurrentProcessId());
    if (!CreateDirectoryW(g_workdir.c_str(), nullptr) && GetLastError() != ERROR_ALREADY_EXISTS)
        die("cannot create %s (error %lu)", narrow(g_workdir).c_str(), GetLastError());
    // mmioOpen passes DOS file names through OpenFile, which takes at most 128 characters.
    if (g_workdir.size() > 90) die("work directory %s is too long for mmioOpen; use --dir", narrow(g_workdir).c_str());
}


}  // namespace

int main(int argc, char** argv) {
    Options o = parse(argc, argv);
    std::vector<Workload> all = make_workloads(o);
    if (o.list) {
        for (auto& w : all) std::printf("%-18s %s\n", w.name.c_str(), w.what.c_str());
        return 0;
    }
    std::vector<const Workload*> chosen;
    for (auto& w : all)
        if (o.only.empty() || std::find(o.only.begin(), o.only.end(), w.name) != o.only.end()) chosen.push_back(&w);
    for (auto& n : o.only)
        if (std::none_of(all.begin(), all.end(), [&](const Workload& w) { return w.name == n; }))
            die("unknown workload '%s' (see --list)", n.c_str());

    if (o.clock != "wall") {
        g_cpu_clock = cpu_clock_works();
        if (!g_cpu_clock && o.clock == "cpu") die("--clock cpu needs Wine on x86/x64 (Linux thread CPU clock)");
    }
    make_workdir(o);
    MmioApi ours, theirs;
    load_pair(o, ours, theirs);

    const char* prefix = o.csv ? "# " : "";
#ifdef _WIN64
    const char* arch = "x64";
#else
    const char* arch = "x86";
#endif
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    std::printf("%swinmm-bench %s, %lu CPUs, scale %g, %d..%d repetitions (min %gs) + %d warm-up, interleaved\n",
                prefix, arch, si.dwNumberOfProcessors, o.scale, o.repeat, 4 * o.repeat,
                o.min_time * std::min(1.0, o.scale), o.warmup);
    std::printf("%sclock: %s\n", prefix,
                g_cpu_clock ? "thread CPU time (Linux CLOCK_THREAD_CPUTIME_ID; waits for a CPU not counted), "
                              "wall time for write4-mt4"
                            : "wall time (QueryPerformanceCounter)");
    for (const MmioApi* a : {&ours, &theirs})
        std::printf("%s%-6s %s [%s]\n%s       loaded as %s at %p\n", prefix, a->label.c_str(),
                    narrow(a->source).c_str(), a->description.c_str(), prefix, narrow(module_file(a->mod)).c_str(),
                    static_cast<void*>(a->mod));
    std::printf("%s\n", prefix);
    std::fflush(stdout);

    std::vector<Result> results;
    for (size_t i = 0; i < chosen.size(); ++i) {
        double t0 = now_ns();
        results.push_back(measure(*chosen[i], o, ours, theirs));
        const Result& r = results.back();
        if (!o.quiet) {
            if (r.error.empty())
                std::fprintf(stderr, "[%zu/%zu] %-18s ours/theirs %s  (%.1f s)\n", i + 1, chosen.size(),
                             r.w->name.c_str(), fmt_ratio(r.ratio).c_str(), (now_ns() - t0) * 1e-9);
            else
                std::fprintf(stderr, "[%zu/%zu] %-18s ERROR %s\n", i + 1, chosen.size(), r.w->name.c_str(),
                             r.error.c_str());
            std::fflush(stderr);
        }
    }

    if (o.csv) print_csv(results, o);
    else print_table(results, o);
    bool all_met = print_summary(results, o);
    std::fflush(stdout);
    cleanup_workdir();
    bool errors = std::any_of(results.begin(), results.end(), [](const Result& r) { return !r.error.empty(); });
    if (errors) return 2;
    return o.check && !all_met ? 1 : 0;
}
