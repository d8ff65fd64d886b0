// Recording I/O procedure for the mmio conformance suite (part B).
//
// A Recorder is a custom I/O procedure over an in-memory byte vector. It implements MMIOM_OPEN, MMIOM_CLOSE,
// MMIOM_READ, MMIOM_WRITE, MMIOM_WRITEFLUSH, MMIOM_SEEK and MMIOM_RENAME the way the MMIOM_* pages describe
// (returning byte counts / the new position / -1, and maintaining MMIOINFO::lDiskOffset), and records every message
// it receives: the message, both lParams, lDiskOffset before and after, MMIOINFO::dwFlags, the result, the names of
// MMIOM_OPEN / MMIOM_RENAME (decoded as ANSI or as UTF-16 depending on how the procedure was installed) and a copy of
// the bytes carried by MMIOM_WRITE / MMIOM_WRITEFLUSH.
//
// Tests reach a recorder's state through a global slot table keyed by procedure instance: every Recorder claims one
// of kSlots slots, and proc() returns the distinct IOProc function bound to that slot. Nothing here depends on the
// winmm implementation under test: only <windows.h>/<mmsystem.h> and the public API.
//
// The second half of this header has small helpers shared by the part-B test files (temporary disk files, memory
// files, reading a whole HMMIO, running a hidden test case in a child process with a time limit).
#pragma once

#include <windows.h>
#include <mmsystem.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace confb {

// ---------------------------------------------------------------------------------------------------------------
// Safe reads of memory handed to the procedure (a broken implementation may pass a narrow string to a Unicode
// procedure or the reverse; decoding must stop at unreadable memory instead of crashing the test process).
inline bool is_readable(const void* p, size_t n) {
    if (!p) return false;
    if (n == 0) return true;
    const char* c = static_cast<const char*>(p);
    const char* end = c + n;
    while (c < end) {
        MEMORY_BASIC_INFORMATION mbi;
        if (VirtualQuery(c, &mbi, sizeof mbi) != sizeof mbi) return false;
        if (mbi.State != MEM_COMMIT) return false;
        DWORD prot = mbi.Protect & 0xff;
        if (prot == PAGE_NOACCESS || prot == PAGE_EXECUTE || (mbi.Protect & PAGE_GUARD)) return false;
        const char* regionEnd = static_cast<const char*>(mbi.BaseAddress) + mbi.RegionSize;
        if (regionEnd <= c) return false;
        c = regionEnd;
    }
    return true;
}

template <class T>
inline std::basic_string<T> safe_copy_string(const void* p, size_t maxChars = 1024) {
    std::basic_string<T> out;
    if (!p) return out;
    const T* s = static_cast<const T*>(p);
    for (size_t i = 0; i < maxChars; ++i) {
        if (!is_readable(s + i, sizeof(T))) break;
        if (s[i] == 0) break;
        out.push_back(s[i]);
    }
    return out;
}

inline std::string msg_name(UINT msg) {
    switch (msg) {
    case MMIOM_READ: return "MMIOM_READ";
    case MMIOM_WRITE: return "MMIOM_WRITE";
    case MMIOM_SEEK: return "MMIOM_SEEK";
    case MMIOM_OPEN: return "MMIOM_OPEN";
    case MMIOM_CLOSE: return "MMIOM_CLOSE";
    case MMIOM_WRITEFLUSH: return "MMIOM_WRITEFLUSH";
    case MMIOM_RENAME: return "MMIOM_RENAME";
    default: {
        char b[32];
        std::snprintf(b, sizeof b, "msg 0x%x", msg);
        return b;
    }
    }
}

// ---------------------------------------------------------------------------------------------------------------
struct Event {
    UINT msg = 0;
    LPARAM lParam1 = 0;
    LPARAM lParam2 = 0;
    LONG diskBefore = 0;   // MMIOINFO::lDiskOffset when the message arrived
    LONG diskAfter = 0;    // ... when the procedure returned
    DWORD flags = 0;       // MMIOINFO::dwFlags when the message arrived
    LRESULT result = 0;
    bool wide = false;     // names were decoded as UTF-16 (the recorder acts as a Unicode procedure)
    std::string name1A, name2A;   // MMIOM_OPEN lParam1 / MMIOM_RENAME lParam1, lParam2 (ANSI procedure)
    std::wstring name1W, name2W;  // the same for a Unicode procedure
    std::vector<char> data;       // bytes carried by MMIOM_WRITE / MMIOM_WRITEFLUSH (as received)
    DWORD threadId = 0;
};

inline bool is_write_msg(UINT m) { return m == MMIOM_WRITE || m == MMIOM_WRITEFLUSH; }

class Recorder;

constexpr int kSlots = 48;
inline std::atomic<Recorder*> g_slots[kSlots];

template <int N>
LRESULT CALLBACK slot_proc(LPSTR info, UINT msg, LPARAM lParam1, LPARAM lParam2);

template <int... I>
inline const LPMMIOPROC* make_slot_table(std::integer_sequence<int, I...>) {
    static const LPMMIOPROC table[] = {&slot_proc<I>...};
    return table;
}
inline const LPMMIOPROC* slot_table() { return make_slot_table(std::make_integer_sequence<int, kSlots>{}); }

class Recorder {
public:
    struct Options {
        bool knowsWriteFlush = true;   // false: MMIOM_WRITEFLUSH is "not recognised" and returns 0
        bool unicode = false;          // decode MMIOM_OPEN / MMIOM_RENAME names as UTF-16
        LRESULT openResult = 0;        // non-zero: MMIOM_OPEN fails with this value
        LONG openDiskOffset = -1;      // >= 0: MMIOM_OPEN sets lDiskOffset to this (e.g. an append-style procedure)
        LRESULT closeResult = 0;
        LRESULT renameResult = 0;
        LRESULT unknownResult = 0;     // result for messages the procedure does not implement (MMIOM_USER...)
    };

    Options opt;
    std::function<LRESULT(MMIOINFO*, UINT, LPARAM, LPARAM)> userHandler;  // optional, for MMIOM_USER and above

    Recorder() {
        for (int i = 0; i < kSlots; ++i) {
            Recorder* expected = nullptr;
            if (g_slots[i].compare_exchange_strong(expected, this)) {
                slot_ = i;
                break;
            }
        }
    }
    explicit Recorder(const Options& o) : Recorder() { opt = o; }
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;
    virtual ~Recorder() {
        if (slot_ >= 0) g_slots[slot_].store(nullptr);
    }

    int slot() const { return slot_; }
    // The IOProc bound to this recorder (nullptr if the slot table was full; tests then fail on it).
    LPMMIOPROC proc() const { return slot_ >= 0 ? slot_table()[slot_] : nullptr; }

    // --- state access --------------------------------------------------------------------------------------
    std::vector<Event> events() const {
        std::lock_guard<std::mutex> g(mu_);
        return events_;
    }
    std::vector<UINT> messages() const {
        std::lock_guard<std::mutex> g(mu_);
        std::vector<UINT> v;
        for (auto& e : events_) v.push_back(e.msg);
        return v;
    }
    // The recorded events of one message, in order (a copy).
    std::vector<Event> events_of(UINT msg) const {
        std::lock_guard<std::mutex> g(mu_);
        std::vector<Event> v;
        for (auto& e : events_)
            if (e.msg == msg) v.push_back(e);
        return v;
    }
    size_t count(UINT msg) const {
        std::lock_guard<std::mutex> g(mu_);
        size_t n = 0;
        for (auto& e : events_) n += (e.msg == msg);
        return n;
    }
    size_t size() const {
        std::lock_guard<std::mutex> g(mu_);
        return events_.size();
    }
    void clear_events() {
        std::lock_guard<std::mutex> g(mu_);
        events_.clear();
    }
    std::vector<char> contents() const {
        std::lock_guard<std::mutex> g(mu_);
        return file_;
    }
    void set_contents(std::vector<char> v) {
        std::lock_guard<std::mutex> g(mu_);
        file_ = std::move(v);
    }
    // "OPEN, WRITE, CLOSE" style text of the recorded trace, for failure messages.
    std::string trace() const {
        std::lock_guard<std::mutex> g(mu_);
        std::string s;
        for (auto& e : events_) {
            if (!s.empty()) s += ", ";
            s += msg_name(e.msg);
            if (e.msg == MMIOM_READ || is_write_msg(e.msg) || e.msg == MMIOM_SEEK) {
                char b[64];
                if (e.msg == MMIOM_SEEK)
                    std::snprintf(b, sizeof b, "(%ld,%ld)@%ld", (long)(LONG)e.lParam1, (long)(LONG)e.lParam2,
                                  (long)e.diskBefore);
                else
                    std::snprintf(b, sizeof b, "(%ld)@%ld", (long)(LONG)e.lParam2, (long)e.diskBefore);
                s += b;
            }
        }
        return s;
    }

    // Entry point used by the slot procedures.
    LRESULT message(MMIOINFO* info, UINT msg, LPARAM lParam1, LPARAM lParam2) {
        Event ev;
        ev.msg = msg;
        ev.lParam1 = lParam1;
        ev.lParam2 = lParam2;
        ev.threadId = GetCurrentThreadId();
        ev.wide = opt.unicode;
        if (info) {
            ev.diskBefore = info->lDiskOffset;
            ev.flags = info->dwFlags;
        }
        if (msg == MMIOM_OPEN || msg == MMIOM_RENAME) {
            if (opt.unicode) {
                ev.name1W = safe_copy_string<wchar_t>(reinterpret_cast<const void*>(lParam1));
                if (msg == MMIOM_RENAME) ev.name2W = safe_copy_string<wchar_t>(reinterpret_cast<const void*>(lParam2));
            } else {
                ev.name1A = safe_copy_string<char>(reinterpret_cast<const void*>(lParam1));
                if (msg == MMIOM_RENAME) ev.name2A = safe_copy_string<char>(reinterpret_cast<const void*>(lParam2));
            }
        }
        if (is_write_msg(msg)) {
            LONG n = static_cast<LONG>(lParam2);
            const void* p = reinterpret_cast<const void*>(lParam1);
            if (n > 0 && n <= (64 << 20) && is_readable(p, static_cast<size_t>(n)))
                ev.data.assign(static_cast<const char*>(p), static_cast<const char*>(p) + n);
        }
        LRESULT r;
        {
            std::lock_guard<std::mutex> g(mu_);
            r = handle(info, msg, lParam1, lParam2);
            if (info) ev.diskAfter = info->lDiskOffset;
            ev.result = r;
            events_.push_back(std::move(ev));
        }
        return r;
    }

protected:
    // Implements the messages over file_. Called with mu_ held.
    virtual LRESULT handle(MMIOINFO* info, UINT msg, LPARAM lParam1, LPARAM lParam2) {
        return base_handle(info, msg, lParam1, lParam2);
    }

    LRESULT base_handle(MMIOINFO* info, UINT msg, LPARAM lParam1, LPARAM lParam2) {
        switch (msg) {
        case MMIOM_OPEN:
            if (opt.openResult) return opt.openResult;
            if (info && (info->dwFlags & MMIO_CREATE)) file_.clear();
            if (info && opt.openDiskOffset >= 0) info->lDiskOffset = opt.openDiskOffset;
            return 0;
        case MMIOM_CLOSE:
            return opt.closeResult;
        case MMIOM_READ: {
            if (!info) return -1;
            LONG n = static_cast<LONG>(lParam2);
            LONG off = info->lDiskOffset;
            if (n < 0 || off < 0) return -1;
            LONG avail = off < static_cast<LONG>(file_.size()) ? static_cast<LONG>(file_.size()) - off : 0;
            if (n > avail) n = avail;
            if (n > 0) {
                char* dst = reinterpret_cast<char*>(lParam1);
                if (!dst) return -1;
                std::memcpy(dst, file_.data() + off, static_cast<size_t>(n));
            }
            info->lDiskOffset = off + n;
            return n;
        }
        case MMIOM_WRITEFLUSH:
            if (!opt.knowsWriteFlush) return 0;
            // handled exactly like MMIOM_WRITE (no internal buffering here)
            [[fallthrough]];
        case MMIOM_WRITE: {
            if (!info) return -1;
            LONG n = static_cast<LONG>(lParam2);
            LONG off = info->lDiskOffset;
            if (n < 0 || off < 0) return -1;
            const char* src = reinterpret_cast<const char*>(lParam1);
            if (n > 0 && !src) return -1;
            if (static_cast<size_t>(off) + static_cast<size_t>(n) > file_.size())
                file_.resize(static_cast<size_t>(off) + static_cast<size_t>(n), 0);
            if (n > 0) std::memcpy(file_.data() + off, src, static_cast<size_t>(n));
            info->lDiskOffset = off + n;
            return n;
        }
        case MMIOM_SEEK: {
            if (!info) return -1;
            LONG delta = static_cast<LONG>(lParam1);
            LONG base;
            switch (static_cast<int>(lParam2)) {
            case SEEK_SET: base = 0; break;
            case SEEK_CUR: base = info->lDiskOffset; break;
            case SEEK_END: base = static_cast<LONG>(file_.size()); break;
            default: return -1;
            }
            long long np = static_cast<long long>(base) + delta;
            if (np < 0 || np > 0x7fffffffLL) return -1;
            info->lDiskOffset = static_cast<LONG>(np);
            return static_cast<LRESULT>(np);
        }
        case MMIOM_RENAME:
            return opt.renameResult;
        default:
            if (userHandler) return userHandler(info, msg, lParam1, lParam2);
            return opt.unknownResult;
        }
    }

    mutable std::mutex mu_;
    std::vector<char> file_;
    std::vector<Event> events_;

private:
    int slot_ = -1;
};

template <int N>
LRESULT CALLBACK slot_proc(LPSTR info, UINT msg, LPARAM lParam1, LPARAM lParam2) {
    Recorder* r = g_slots[N].load();
    if (!r) {
        // No recorder bound (a test leaked an installed procedure): behave as a procedure that fails everything.
        if (msg == MMIOM_OPEN) return MMIOERR_CANNOTOPEN;
        if (msg == MMIOM_READ || is_write_msg(msg) || msg == MMIOM_SEEK) return -1;
        return 0;
    }
    return r->message(reinterpret_cast<MMIOINFO*>(info), msg, lParam1, lParam2);
}

// ---------------------------------------------------------------------------------------------------------------
// Opening helpers.

// mmioOpenA with the recorder passed as an uninstalled procedure (MMIOINFO::pIOProc, fccIOProc = 0).
inline HMMIO open_with_proc(Recorder& r, const char* name, DWORD flags, MMIOINFO* outInfo = nullptr,
                            LONG cchBuffer = 0) {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = r.proc();
    mi.cchBuffer = static_cast<DWORD>(cchBuffer);
    std::vector<char> n;
    if (name) n.assign(name, name + std::strlen(name) + 1);
    n.resize(n.size() + 260, 0);  // room in case the implementation writes back a qualified name
    HMMIO h = mmioOpenA(name ? n.data() : nullptr, &mi, flags);
    if (outInfo) *outInfo = mi;
    return h;
}

inline HMMIO open_with_proc_w(Recorder& r, const wchar_t* name, DWORD flags, MMIOINFO* outInfo = nullptr) {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = r.proc();
    std::vector<wchar_t> n(name, name + std::wcslen(name) + 1);
    HMMIO h = mmioOpenW(n.data(), &mi, flags);
    if (outInfo) *outInfo = mi;
    return h;
}

// Expandable memory file with an internally allocated buffer; starts empty (MMIO_CREATE).
inline HMMIO open_mem_create(DWORD initial = 64, DWORD grow = 1024, DWORD extraFlags = 0) {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.fccIOProc = FOURCC_MEM;
    mi.cchBuffer = initial;
    mi.adwInfo[0] = grow;
    return mmioOpenA(nullptr, &mi, MMIO_READWRITE | MMIO_CREATE | extraFlags);
}

// Non-expandable memory file over caller-owned bytes (all bytes readable). The vector must outlive the handle.
inline HMMIO open_mem_over(std::vector<char>& bytes, DWORD flags = MMIO_READWRITE) {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.fccIOProc = FOURCC_MEM;
    mi.pchBuffer = bytes.data();
    mi.cchBuffer = static_cast<LONG>(bytes.size());
    return mmioOpenA(nullptr, &mi, flags);
}

inline LONG tell(HMMIO h) { return mmioSeek(h, 0, SEEK_CUR); }

// Reads the whole file behind h (restores nothing; leaves the position at the end).
inline std::vector<char> read_all(HMMIO h) {
    std::vector<char> out;
    LONG end = mmioSeek(h, 0, SEEK_END);
    if (end < 0 || mmioSeek(h, 0, SEEK_SET) != 0) return out;
    out.resize(static_cast<size_t>(end));
    if (end > 0) {
        LONG got = mmioRead(h, out.data(), end);
        out.resize(got > 0 ? static_cast<size_t>(got) : 0);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Disk files.

inline std::string temp_dir() {
    char buf[MAX_PATH];
    DWORD n = GetTempPathA(MAX_PATH, buf);
    if (n == 0 || n >= MAX_PATH) return ".\\";
    return std::string(buf, n);
}

class TempFile {
public:
    explicit TempFile(const char* tag = "f") {
        static std::atomic<unsigned> counter{0};
        char b[96];
        std::snprintf(b, sizeof b, "confb_%lu_%u_%s.tmp", static_cast<unsigned long>(GetCurrentProcessId()),
                      counter.fetch_add(1), tag);
        path_ = temp_dir() + b;
        DeleteFileA(path_.c_str());
    }
    ~TempFile() { DeleteFileA(path_.c_str()); }
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    const std::string& path() const { return path_; }
    // A mutable copy for APIs taking LPSTR.
    std::vector<char> buf() const {
        std::vector<char> v(path_.begin(), path_.end());
        v.push_back(0);
        v.resize(v.size() + 260, 0);
        return v;
    }
    std::vector<char> bytes() const {
        std::vector<char> out;
        HANDLE f = CreateFileA(path_.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                               nullptr, OPEN_EXISTING, 0, nullptr);
        if (f == INVALID_HANDLE_VALUE) return out;
        char tmp[4096];
        DWORD got = 0;
        while (ReadFile(f, tmp, sizeof tmp, &got, nullptr) && got > 0) out.insert(out.end(), tmp, tmp + got);
        CloseHandle(f);
        return out;
    }
    bool write_bytes(const std::vector<char>& v) const {
        HANDLE f = CreateFileA(path_.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, 0, nullptr);
        if (f == INVALID_HANDLE_VALUE) return false;
        DWORD put = 0;
        BOOL ok = v.empty() || WriteFile(f, v.data(), static_cast<DWORD>(v.size()), &put, nullptr);
        CloseHandle(f);
        return ok && put == v.size();
    }
    HMMIO open(DWORD flags) const {
        auto b = buf();
        return mmioOpenA(b.data(), nullptr, flags);
    }

private:
    std::string path_;
};

// ---------------------------------------------------------------------------------------------------------------
// Running a hidden test case of this executable in a child process, so that a hang or a crash inside the
// implementation under test becomes a failed check instead of a stuck or dead test run.
struct ChildResult {
    bool started = false;
    bool timedOut = false;
    DWORD exitCode = 0xffffffff;
    std::string output;
    bool ok(const char* marker) const {
        return started && !timedOut && exitCode == 0 && output.find(marker) != std::string::npos;
    }
};

inline ChildResult run_child_test(const std::string& testName, DWORD timeoutMs) {
    ChildResult res;
    char exe[MAX_PATH * 2];
    DWORD n = GetModuleFileNameA(nullptr, exe, sizeof exe);
    if (n == 0 || n >= sizeof exe) return res;
    TempFile out("child_out");
    SECURITY_ATTRIBUTES sa;
    sa.nLength = sizeof sa;
    sa.lpSecurityDescriptor = nullptr;
    sa.bInheritHandle = TRUE;
    HANDLE hOut = CreateFileA(out.path().c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, &sa,
                              CREATE_ALWAYS, 0, nullptr);
    if (hOut == INVALID_HANDLE_VALUE) return res;
    std::string cmd = std::string("\"") + exe + "\" \"" + testName + "\"";
    std::vector<char> cmdBuf(cmd.begin(), cmd.end());
    cmdBuf.push_back(0);
    STARTUPINFOA si;
    std::memset(&si, 0, sizeof si);
    si.cb = sizeof si;
    si.dwFlags = STARTF_USESTDHANDLES;
    si.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
    si.hStdOutput = hOut;
    si.hStdError = hOut;
    PROCESS_INFORMATION pi;
    std::memset(&pi, 0, sizeof pi);
    BOOL ok = CreateProcessA(nullptr, cmdBuf.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &si, &pi);
    CloseHandle(hOut);
    if (!ok) return res;
    res.started = true;
    if (WaitForSingleObject(pi.hProcess, timeoutMs) != WAIT_OBJECT_0) {
        res.timedOut = true;
        TerminateProcess(pi.hProcess, 0xdead);
        WaitForSingleObject(pi.hProcess, 5000);
    }
    GetExitCodeProcess(pi.hProcess, &res.exitCode);
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    auto bytes = out.bytes();
    res.output.assign(bytes.begin(), bytes.end());
    if (res.output.size() > 4000) res.output = "..." + res.output.substr(res.output.size() - 4000);
    return res;
}

}  // namespace confb
