// winmm-ng fuzzing: an in-memory "disk" behind custom I/O procedures, with one-shot fault injection.
// Used by fuzz_riff.cpp and fuzz_ops.cpp (header only; each fuzz binary is one translation unit plus the
// mmio core). A file opened on one of the procedures finds its Disk through MMIOINFO.adwInfo[0] (an index
// into g_disks), which mmioOpen hands to the procedure unchanged.
#ifndef WNG_FUZZ_DISK_H
#define WNG_FUZZ_DISK_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "winmm_ng/mmio_abi.h"

namespace fuzzdisk {

// The disk refuses (answers -1 to) writes that would make it larger than this: a seek far past the end
// followed by a write must not make the fuzzer allocate gigabytes. Counted as a fault.
constexpr int64_t kDiskCap = 1 << 20;
constexpr int64_t kLongMax = 0x7FFFFFFF;

enum FaultKind : int { kFailWrite, kShortWrite, kFailRead, kShortRead, kFailSeek, kFailOpen, kFailClose, kFaultKinds };

struct Disk {
    std::vector<unsigned char> data;
    int proc_id = -1;             // which procedure served the last MMIOM_OPEN (0 = A, 1 = B)
    bool open = false;
    bool writeflush_zero = false;  // answer 0 to MMIOM_WRITEFLUSH ("not supported": the engine sends MMIOM_WRITE)
    // Fault plan: the `countdown`-th next message of the armed kind misbehaves once.
    int fault_kind = -1;
    int countdown = 0;
    unsigned long fired = 0;  // faults that actually happened (including refusals past kDiskCap)
    // Name check on MMIOM_OPEN: what the procedure is expected to receive.
    std::string expect_name;
    bool expect_wide = false;
    bool check_name = false;
    bool name_ok = true;
    unsigned long messages = 0;

    void arm(int kind, int after) {
        fault_kind = kind;
        countdown = after;
    }
    void disarm() { fault_kind = -1; }
    // True if a fault of `kind` fires on this message.
    bool take(int kind) {
        if (fault_kind != kind) return false;
        if (countdown > 0) {
            --countdown;
            return false;
        }
        fault_kind = -1;
        ++fired;
        return true;
    }
};

constexpr int kMaxDisks = 4;
inline Disk g_disks[kMaxDisks];

inline Disk* disk_of(const MMIOINFO* mi) {
    if (!mi || mi->adwInfo[0] >= static_cast<DWORD>(kMaxDisks)) return nullptr;
    return &g_disks[mi->adwInfo[0]];
}

// Compares a name the procedure received with the expected ASCII name, reading it as WCHAR or char, one
// unit at a time, and stopping at the first difference (never reads past a shorter string of either kind).
inline bool same_name(LPARAM p, const std::string& want, bool wide) {
    if (!p) return false;
    for (size_t i = 0;; ++i) {
        unsigned got = wide ? static_cast<unsigned>(reinterpret_cast<const WCHAR*>(p)[i])
                            : static_cast<unsigned char>(reinterpret_cast<const char*>(p)[i]);
        unsigned exp = i < want.size() ? static_cast<unsigned char>(want[i]) : 0u;
        if (got != exp) return false;
        if (got == 0) return true;
    }
}

inline LRESULT disk_proc_common(LPSTR lpmmioinfo, UINT msg, LPARAM p1, LPARAM p2, int id) {
    MMIOINFO* mi = reinterpret_cast<MMIOINFO*>(lpmmioinfo);
    Disk* d = disk_of(mi);
    if (!d) return msg == MMIOM_OPEN ? MMIOERR_CANNOTOPEN : -1;
    ++d->messages;
    switch (msg) {
    case MMIOM_OPEN:
        if (d->check_name) d->name_ok = same_name(p1, d->expect_name, d->expect_wide);
        if (d->take(kFailOpen)) return MMIOERR_CANNOTOPEN;
        if (mi->dwFlags & MMIO_CREATE) d->data.clear();
        d->proc_id = id;
        d->open = true;
        mi->lDiskOffset = 0;
        return 0;
    case MMIOM_CLOSE:
        d->open = false;
        if (d->take(kFailClose)) return MMIOERR_CANNOTCLOSE;
        return 0;
    case MMIOM_READ: {
        if (p2 < 0) return -1;
        if (d->take(kFailRead)) return -1;
        int64_t off = mi->lDiskOffset;
        int64_t avail = off < static_cast<int64_t>(d->data.size()) ? static_cast<int64_t>(d->data.size()) - off : 0;
        int64_t n = p2 < avail ? p2 : avail;
        if (n >= 2 && d->take(kShortRead)) n = (n + 1) / 2;
        if (n > 0) std::memcpy(reinterpret_cast<void*>(p1), d->data.data() + off, static_cast<size_t>(n));
        mi->lDiskOffset = static_cast<LONG>(off + n);
        return static_cast<LRESULT>(n);
    }
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH: {
        if (msg == MMIOM_WRITEFLUSH && d->writeflush_zero) return 0;
        if (p2 < 0) return -1;
        if (d->take(kFailWrite)) return -1;
        int64_t off = mi->lDiskOffset;
        int64_t n = p2;
        if (n >= 2 && d->take(kShortWrite)) n = (n + 1) / 2;
        if (off + n > kDiskCap) {
            ++d->fired;
            return -1;
        }
        if (static_cast<int64_t>(d->data.size()) < off + n) d->data.resize(static_cast<size_t>(off + n), 0);
        if (n > 0) std::memcpy(d->data.data() + off, reinterpret_cast<const void*>(p1), static_cast<size_t>(n));
        mi->lDiskOffset = static_cast<LONG>(off + n);
        return static_cast<LRESULT>(n);
    }
    case MMIOM_SEEK: {
        if (d->take(kFailSeek)) return -1;
        int64_t base;
        if (p2 == SEEK_SET) base = 0;
        else if (p2 == SEEK_CUR) base = mi->lDiskOffset;
        else if (p2 == SEEK_END) base = static_cast<int64_t>(d->data.size());
        else return -1;
        int64_t t = base + static_cast<int64_t>(static_cast<LONG>(p1));
        if (t < 0 || t > kLongMax) return -1;
        mi->lDiskOffset = static_cast<LONG>(t);
        return static_cast<LRESULT>(t);
    }
    default:
        return msg >= MMIOM_USER ? static_cast<LRESULT>(msg ^ 0x5A5A) : 0;
    }
}

inline LRESULT CALLBACK disk_proc_a(LPSTR i, UINT m, LPARAM a, LPARAM b) { return disk_proc_common(i, m, a, b, 0); }
inline LRESULT CALLBACK disk_proc_b(LPSTR i, UINT m, LPARAM a, LPARAM b) { return disk_proc_common(i, m, a, b, 1); }

// A deterministic byte pattern (payloads and initial file contents).
inline unsigned char pattern(uint32_t seed, uint32_t i) {
    uint32_t x = (i + 1) * 2654435761u ^ (seed * 40503u + 7u);
    return static_cast<unsigned char>(x >> 13);
}

// Sequential reader of the fuzzer's input: returns zeros once exhausted.
struct Reader {
    const uint8_t* p;
    size_t n;
    size_t i = 0;
    Reader(const uint8_t* data, size_t size) : p(data), n(size) {}
    bool empty() const { return i >= n; }
    uint8_t u8() { return i < n ? p[i++] : 0; }
    uint16_t u16() { return static_cast<uint16_t>(u8() | (u8() << 8)); }
    uint32_t u32() { return static_cast<uint32_t>(u16()) | (static_cast<uint32_t>(u16()) << 16); }
};

// WNG_FUZZ_TRACE=1 prints every operation (to debug a reproducer: run the target on the one input).
inline bool tracing() {
    static int v = -1;
    if (v < 0) {
        const char* e = std::getenv("WNG_FUZZ_TRACE");
        v = e && *e == '1';
    }
    return v == 1;
}

// Writes that would take the position past 2 GB - 1: the engine transfers only what fits below that limit
// (regressions.cpp "[2gb]"; it overflowed its LONG position before). The targets' reference models do not model
// that clamp, so they skip such writes; WNG_FUZZ_2GB=1 lets them through, to look at the engine's side alone.
inline bool allow_2gb_overflow() {
    static int v = -1;
    if (v < 0) {
        const char* e = std::getenv("WNG_FUZZ_2GB");
        v = e && *e == '1';
    }
    return v == 1;
}
inline bool past_2gb(int64_t pos, int64_t n) { return !allow_2gb_overflow() && pos + n > kLongMax; }

// A failed invariant: print it and abort, so libFuzzer records the input as a crash.
[[noreturn]] inline void fail(const char* file, int line, const char* what) {
    std::fprintf(stderr, "INVARIANT FAILED %s:%d: %s\n", file, line, what);
    std::abort();
}

}  // namespace fuzzdisk

#define FZ_CHECK(cond)                                                   \
    do {                                                                 \
        if (!(cond)) ::fuzzdisk::fail(__FILE__, __LINE__, #cond);        \
    } while (0)

#define FZ_TRACE(...)                                          \
    do {                                                       \
        if (::fuzzdisk::tracing()) std::fprintf(stderr, __VA_ARGS__); \
    } while (0)

#endif
