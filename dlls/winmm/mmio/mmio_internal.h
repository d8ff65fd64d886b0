// winmm-ng mmio: internal declarations shared by the portable core files.
// Nothing here calls the OS; file access goes through I/O procedures, code pages through platform.h.
#ifndef WINMM_NG_MMIO_INTERNAL_H
#define WINMM_NG_MMIO_INTERNAL_H

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string>

#include "log.h"  // dlls/winmm/log.h (the lead's logging; WINMM_LOG_LEVEL=trace logs every mmio export)
#include "platform.h"
#include "winmm_ng/mmio_abi.h"

// One trace line per call of an owned export (names the export, its arguments and result).
#define MMIO_TRACE(...) WINMM_TRACE(__VA_ARGS__)

namespace wng_mmio {

// The largest Windows LONG (file offsets are LONGs; C's LONG_MAX is 64-bit on LP64 systems).
constexpr int64_t kLongMax = 0x7FFFFFFF;

// ---- built-in I/O procedures ----
// The DOS procedure (dos_ioproc_win32.cpp / dos_ioproc_posix.cpp) is a Unicode procedure: MMIOM_OPEN
// and MMIOM_RENAME carry WCHAR names. The file handle lives in adwInfo[0].
LRESULT CALLBACK dos_ioproc(LPSTR lpmmioinfo, UINT msg, LPARAM lParam1, LPARAM lParam2);
// The MEM procedure (mmio_mem.cpp). Memory files are served by the engine from the memory block itself;
// the procedure only answers the messages the engine never needs (see docs/mmio.md).
LRESULT CALLBACK mem_ioproc(LPSTR lpmmioinfo, UINT msg, LPARAM lParam1, LPARAM lParam2);

// ---- IOProc registry (mmio_registry.cpp) ----
struct ProcChoice {
    LPMMIOPROC proc = nullptr;
    FOURCC fcc = 0;
    bool unicode = false;
};
// Looks up the procedure that mmioOpen would use for `fcc` (local installs newest first, then global
// installs newest first, then the DOS/MEM built-ins). False if none.
bool registry_find(FOURCC fcc, ProcChoice& out);
// Same, and counts one open file as using it (atomically with the lookup).
bool registry_find_and_use(FOURCC fcc, ProcChoice& out);
// An application-passed procedure: true if it is installed (anywhere) as a Unicode procedure. With
// add_use, also counts one open file as using it.
bool registry_passed_unicode(LPMMIOPROC proc, bool add_use);
// Ends one use started by registry_find_and_use / registry_use_passed.
void registry_release_use(LPMMIOPROC proc);
LPMMIOPROC registry_install(FOURCC fcc, LPMMIOPROC proc, DWORD flags, bool unicode);
LPMMIOPROC registry_remove(FOURCC fcc, LPMMIOPROC proc);
// Test hook: removes every installed procedure (not the built-ins) and forgets all uses.
void registry_reset_for_tests();

// ---- FOURCC helpers (mmio_fourcc.cpp) ----
FOURCC fourcc_from_ansi(const char* s, UINT flags);

// ---- per-handle lock: atomic spin, then yield; no OS objects ----
struct SpinLock {
    std::atomic<uint32_t> v{0};
    bool try_lock() noexcept { return v.exchange(1, std::memory_order_acquire) == 0; }
    void lock_slow() noexcept;
    void lock() noexcept {
        if (!try_lock()) lock_slow();
    }
    void unlock() noexcept { v.store(0, std::memory_order_release); }
};

// ---- open-file state ----
// The fields the mmioRead/mmioWrite fast path touches come first, so that with the slot's generation and
// lock they share one cache line (Slot is cache-line aligned).
struct File {
    char* buf;
    char* next;
    char* end_read;
    char* end_write;
    LONG dirty_lo;
    LONG dirty_hi;
    LPMMIOPROC proc;
    bool unicode;    // procedure gets WCHAR names
    bool is_mem;     // built-in MEM procedure: the buffer is the file
    bool own_buf;    // buffer allocated by us (free on close / resize)
    bool can_read;
    bool can_write;
    bool counted;    // registry use to release on close
    bool dirty;      // [dirty_lo, dirty_hi) of the buffer must still be written
    DWORD open_flags;
    DWORD mem_grow;  // memory files: expansion increment (adwInfo[0] at open); 0 = fixed
    // Buffer, canonical copy (the proc and mmioGetInfo see a synced copy in `info`): buf, next, end_read,
    // end_write above, and:
    // Invariant for disk files: [buf, end_read) holds the file bytes at [buf_off, buf_off + len).
    // Current position = buf_off + (next - buf). Unbuffered: buf == nullptr, position = info.lDiskOffset.
    LONG buf_off;
    LONG buf_size;
    MMIOINFO info;  // the structure passed to the I/O procedure (lDiskOffset, adwInfo are the proc's)
};

// Cache-line aligned: slots of files used by different threads never share a line (false sharing made
// write4-mt4 vary between 0.27 and 0.56 of Wine's time), and the hot part of a slot is one line.
// 192 bytes on both architectures.
struct alignas(64) Slot {
    SpinLock lock;                 // first: the fast path's `xchg` addresses the slot itself
    std::atomic<uint32_t> gen{0};  // generation of the open file in this slot, 0 = free
    uint32_t last_gen = 0;  // last generation handed out (under the table mutex)
    uint32_t self = 0;      // the handle value handed out with last_gen (for trace lines; handles are 32-bit)
    File f;
};

// ---- handle table (mmio_handles.cpp) ----
// Reserves a free slot for a new file; returns its index and the handle it will have.
bool handles_reserve(uint32_t& index, HMMIO& handle, Slot*& slot);
// Makes a reserved slot live (handle becomes valid).
void handles_publish(Slot* slot, HMMIO handle);
// Gives back a reserved or closed slot.
void handles_release(uint32_t index);
uint32_t handle_index(HMMIO h);
// Handle layout (see mmio_handles.cpp): bit 0 = 1, bits 1..19 = slot index, bits 20..31 = generation.
constexpr uint32_t kChunkShift = 9;
constexpr uint32_t kChunkSize = 1u << kChunkShift;
constexpr uint32_t kIndexBits = 19;
constexpr uint32_t kMaxSlots = 1u << kIndexBits;
constexpr uint32_t kChunks = kMaxSlots / kChunkSize;
extern std::atomic<Slot*> g_chunks[kChunks];
// Contended or re-entrant case of handles_acquire.
Slot* handles_acquire_slow(Slot* s, uint32_t gen, bool& reentrant);

// The mmioRead/mmioWrite fast path: decode, lock with one atomic exchange, then check the generation
// (read after the lock is taken: the acquire load is a plain load on x86, and closing clears it under the
// lock). nullptr means "take the full path" (garbage or stale handle, lock busy, or re-entrant call):
// handles_acquire then decides; in particular a stale handle whose slot is busy is rejected there without
// waiting for the lock. A stale handle may take a free or foreign slot's lock for a moment: harmless.
inline Slot* handles_try_acquire(HMMIO h) {
    const uintptr_t v = reinterpret_cast<uintptr_t>(h);
    // bit 0 set and (64-bit) nothing above bit 31, in one test
    if ((v & ~static_cast<uintptr_t>(0xFFFFFFFEu)) != 1u) return nullptr;
    const uint32_t v32 = static_cast<uint32_t>(v);
    const uint32_t gen = v32 >> (kIndexBits + 1);
    if (gen == 0) return nullptr;  // free slots have generation 0
    Slot* chunk = g_chunks[(v32 >> (kChunkShift + 1)) & (kChunks - 1)].load(std::memory_order_acquire);
    if (!chunk) return nullptr;
    Slot* s = &chunk[(v32 >> 1) & (kChunkSize - 1)];
    if (!s->lock.try_lock()) return nullptr;
    if (s->gen.load(std::memory_order_acquire) != gen) {
        s->lock.unlock();
        return nullptr;
    }
    return s;
}

// Decodes and validates a handle; returns the locked slot or nullptr (never dereferences garbage).
// `reentrant` is set when the calling thread is inside this handle's I/O procedure and already
// holds the lock; the caller must then not unlock. Inline: it is the whole cost of a fast mmioRead.
inline Slot* handles_acquire(HMMIO h, bool& reentrant) {
    reentrant = false;
    const uintptr_t v = reinterpret_cast<uintptr_t>(h);
    if ((v & 1u) == 0) return nullptr;
    if (sizeof(uintptr_t) > 4 && (static_cast<uint64_t>(v) >> 32) != 0) return nullptr;
    const uint32_t idx = static_cast<uint32_t>(v >> 1) & (kMaxSlots - 1);
    const uint32_t gen = static_cast<uint32_t>(v >> (kIndexBits + 1)) & 0xFFFu;
    if (gen == 0) return nullptr;  // free slots have generation 0
    Slot* chunk = g_chunks[idx >> kChunkShift].load(std::memory_order_acquire);
    if (!chunk) return nullptr;
    Slot* s = &chunk[idx & (kChunkSize - 1)];
    if (s->gen.load(std::memory_order_acquire) != gen) return nullptr;
    if (!s->lock.try_lock()) return handles_acquire_slow(s, gen, reentrant);
    if (s->gen.load(std::memory_order_relaxed) != gen) {
        s->lock.unlock();
        return nullptr;
    }
    return s;
}

// memcpy for 1..16 bytes (the mmioRead/mmioWrite fast path's sizes): no loop, no library call.
inline void copy_small(char* d, const char* s, size_t n) {
    if (n >= 8) {
        uint64_t a, b;
        std::memcpy(&a, s, 8);
        std::memcpy(&b, s + n - 8, 8);
        std::memcpy(d, &a, 8);
        std::memcpy(d + n - 8, &b, 8);
    } else if (n >= 4) {
        uint32_t a, b;
        std::memcpy(&a, s, 4);
        std::memcpy(&b, s + n - 4, 4);
        std::memcpy(d, &a, 4);
        std::memcpy(d + n - 4, &b, 4);
    } else {
        d[0] = s[0];
        if (n > 1) {
            d[1] = s[1];
            if (n > 2) d[2] = s[2];
        }
    }
}
size_t handles_open_count_for_tests();

// RAII around handles_acquire.
class Locked {
public:
    explicit Locked(HMMIO h) : s_(handles_acquire(h, reentrant_)) {}
    ~Locked() {
        if (s_ && !reentrant_) s_->lock.unlock();
    }
    Locked(const Locked&) = delete;
    Locked& operator=(const Locked&) = delete;
    Slot* get() const { return s_; }
    bool reentrant() const { return reentrant_; }
    // After close: the slot must be unlocked before it is released.
    void unlock_now() {
        if (s_ && !reentrant_) s_->lock.unlock();
        s_ = nullptr;
    }

private:
    bool reentrant_ = false;
    Slot* s_;
};

// Sends a message to the file's procedure (keeps the re-entrancy record for handles_acquire).
LRESULT send_proc(Slot& s, UINT msg, LPARAM a, LPARAM b);
// Copies the canonical buffer state into f.info.
void sync_info(File& f);

// ---- engine internals used by the RIFF code (mmio_engine.cpp), all with the slot locked ----
LONG read_locked(Slot& s, char* dst, LONG n);
LONG write_locked(Slot& s, const char* src, LONG n);
LONG seek_locked(Slot& s, LONG off, int origin);
// Writes the dirty buffer with MMIOM_WRITEFLUSH (MMIOM_WRITE if the procedure answers 0).
MMRESULT flush_locked(Slot& s);
inline LONG cur_pos(const File& f) { return f.buf ? f.buf_off + static_cast<LONG>(f.next - f.buf) : f.info.lDiskOffset; }

}  // namespace wng_mmio

#endif
