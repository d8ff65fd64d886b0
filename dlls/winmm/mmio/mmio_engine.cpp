// winmm-ng mmio: the buffered I/O engine (read, write, seek, flush, direct buffer access, buffer changes,
// custom messages). Every file access is a message to the file's I/O procedure; this file never calls
// the OS. The exact message sequence of every function is documented in docs/mmio.md.
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "mmio_internal.h"

namespace wng_mmio {

void sync_info(File& f) {
    MMIOINFO& i = f.info;
    // Memory files have nothing to flush, so they never report MMIO_DIRTY (an application that hands the
    // mmioGetInfo structure back to mmioSetInfo unchanged must not move the end of the file).
    // MMIO_ALLOCBUF says, as on Windows, whether the current buffer was allocated by mmio (not what was asked).
    i.dwFlags = (f.open_flags & ~static_cast<DWORD>(MMIO_DIRTY | MMIO_ALLOCBUF)) | (f.own_buf ? MMIO_ALLOCBUF : 0) |
                (f.dirty && !f.is_mem ? MMIO_DIRTY : 0);
    i.pchBuffer = f.buf;
    i.pchNext = f.next;
    i.pchEndRead = f.end_read;
    i.pchEndWrite = f.end_write;
    i.cchBuffer = f.buf ? f.buf_size : 0;
    i.lBufOffset = f.buf ? f.buf_off : i.lDiskOffset;
}

namespace {

// Bytes that can still follow `pos` before a LONG file position would overflow (positions end at 2 GB - 1).
inline LONG room_below_limit(LONG pos) { return static_cast<LONG>(kLongMax - pos); }

// Places the buffer window of a disk file at `pos`. The window never reaches past 2 GB - 1, so no write, read
// or direct access through it can carry the position past what a LONG holds.
inline void reset_buffer_at(File& f, LONG pos) {
    f.buf_off = pos;
    f.next = f.end_read = f.buf;
    if (f.buf && !f.is_mem) f.end_write = f.buf + std::min(f.buf_size, room_below_limit(pos));
}

inline void mark_dirty(File& f, LONG lo, LONG hi) {
    if (!f.dirty) {
        f.dirty = true;
        f.dirty_lo = lo;
        f.dirty_hi = hi;
    } else {
        if (lo < f.dirty_lo) f.dirty_lo = lo;
        if (hi > f.dirty_hi) f.dirty_hi = hi;
    }
}

// Makes the procedure's position equal to `target` (one MMIOM_SEEK, only if lDiskOffset differs).
bool disk_seek(Slot& s, LONG target) {
    if (s.f.info.lDiskOffset == target) return true;
    LRESULT r = send_proc(s, MMIOM_SEEK, target, SEEK_SET);
    if (r != target) return false;
    s.f.info.lDiskOffset = target;
    return true;
}

// Writes the dirty part of the buffer with `msg` (MMIOM_WRITE for spills, MMIOM_WRITEFLUSH at explicit
// flush points; a procedure that answers 0 to MMIOM_WRITEFLUSH gets the same bytes as MMIOM_WRITE).
// On failure or a short write the unwritten bytes stay dirty (only the unwritten tail after a short
// write) and MMIOERR_CANNOTWRITE is returned.
MMRESULT flush_dirty(Slot& s, UINT msg) {
    File& f = s.f;
    if (!f.dirty) return MMSYSERR_NOERROR;
    if (f.is_mem || !f.buf || f.dirty_hi <= f.dirty_lo) {
        f.dirty = false;
        f.dirty_lo = f.dirty_hi = 0;
        return MMSYSERR_NOERROR;
    }
    LONG n = f.dirty_hi - f.dirty_lo;
    if (!disk_seek(s, f.buf_off + f.dirty_lo)) return MMIOERR_CANNOTWRITE;
    LRESULT r = send_proc(s, msg, reinterpret_cast<LPARAM>(f.buf + f.dirty_lo), n);
    if (msg == MMIOM_WRITEFLUSH && r == 0) r = send_proc(s, MMIOM_WRITE, reinterpret_cast<LPARAM>(f.buf + f.dirty_lo), n);
    if (r < 0) return MMIOERR_CANNOTWRITE;
    if (r > n) r = n;
    f.dirty_lo += static_cast<LONG>(r);
    if (r < n) return MMIOERR_CANNOTWRITE;
    f.dirty = false;
    f.dirty_lo = f.dirty_hi = 0;
    return MMSYSERR_NOERROR;
}

// Memory files: makes the block at least `need` bytes (expandable files grow in whole increments).
MMRESULT mem_reserve(File& f, int64_t need) {
    if (need <= f.buf_size) return MMSYSERR_NOERROR;
    if (!f.mem_grow) return MMIOERR_CANNOTEXPAND;
    int64_t inc = f.mem_grow;
    int64_t steps = (need - f.buf_size + inc - 1) / inc;
    int64_t ns = static_cast<int64_t>(f.buf_size) + steps * inc;
    if (ns > kLongMax) return MMIOERR_OUTOFMEMORY;
    const ptrdiff_t next_off = f.next - f.buf, eof_off = f.end_read - f.buf;  // before the block moves
    char* nb;
    if (f.own_buf) {
        nb = static_cast<char*>(std::realloc(f.buf, static_cast<size_t>(ns)));
        if (!nb) return MMIOERR_OUTOFMEMORY;
        std::memset(nb + f.buf_size, 0, static_cast<size_t>(ns - f.buf_size));
    } else {
        nb = static_cast<char*>(platform::global_realloc(f.buf, static_cast<size_t>(ns)));
        if (!nb) return MMIOERR_OUTOFMEMORY;
    }
    f.next = nb + next_off;
    f.end_read = nb + eof_off;
    f.buf = nb;
    f.buf_size = static_cast<LONG>(ns);
    f.end_write = nb + ns;
    return MMSYSERR_NOERROR;
}

LONG read_slow(Slot& s, char* dst, LONG n) {
    File& f = s.f;
    if (!f.buf) {  // unbuffered: straight to the procedure
        n = std::min(n, room_below_limit(f.info.lDiskOffset));
        if (n <= 0) return 0;
        LRESULT r = send_proc(s, MMIOM_READ, reinterpret_cast<LPARAM>(dst), n);
        return r < 0 ? -1 : static_cast<LONG>(r);
    }
    LONG done = 0;
    if (f.next < f.end_read) {
        LONG m = std::min<LONG>(n, static_cast<LONG>(f.end_read - f.next));
        std::memcpy(dst, f.next, static_cast<size_t>(m));
        f.next += m;
        done = m;
    }
    if (f.is_mem) return done;  // the block is the whole file
    while (done < n) {
        LONG pos = cur_pos(f);
        if (flush_dirty(s, MMIOM_WRITE) != MMSYSERR_NOERROR) return done ? done : -1;
        if (!disk_seek(s, pos)) return done ? done : -1;
        reset_buffer_at(f, pos);
        LONG rem = std::min(n - done, room_below_limit(pos));
        if (rem <= 0) break;  // the 2 GB limit of a LONG position
        if (rem >= f.buf_size) {  // large read: straight into the caller's memory
            LRESULT r = send_proc(s, MMIOM_READ, reinterpret_cast<LPARAM>(dst + done), rem);
            if (r < 0) return done ? done : -1;
            if (r > rem) r = rem;
            done += static_cast<LONG>(r);
            reset_buffer_at(f, pos + static_cast<LONG>(r));
            break;
        }
        const LONG want = static_cast<LONG>(f.end_write - f.buf);  // the window, short only near 2 GB
        LRESULT r = send_proc(s, MMIOM_READ, reinterpret_cast<LPARAM>(f.buf), want);
        if (r < 0) return done ? done : -1;
        if (r > want) r = want;
        f.end_read = f.buf + r;
        LONG m = std::min<LONG>(rem, static_cast<LONG>(r));
        std::memcpy(dst + done, f.buf, static_cast<size_t>(m));
        f.next = f.buf + m;
        done += m;
        if (r < want || want < f.buf_size) break;  // short read: end of file (or of LONG positions)
    }
    return done;
}

LONG write_slow(Slot& s, const char* src, LONG n) {
    File& f = s.f;
    if (!f.buf) {
        n = std::min(n, room_below_limit(f.info.lDiskOffset));  // what fits below 2 GB - 1
        if (n <= 0) return 0;
        LRESULT r = send_proc(s, MMIOM_WRITE, reinterpret_cast<LPARAM>(src), n);
        return r < 0 ? -1 : static_cast<LONG>(std::min<LRESULT>(r, n));
    }
    if (f.is_mem) {
        int64_t pos = f.next - f.buf;
        if (pos + n > f.buf_size && mem_reserve(f, pos + n) != MMSYSERR_NOERROR) {
            n = static_cast<LONG>(f.buf_size - pos);  // fixed (or unexpandable) block: write what fits
            if (n <= 0) return 0;
        }
        std::memcpy(f.next, src, static_cast<size_t>(n));
        f.next += n;
        if (f.next > f.end_read) f.end_read = f.next;
        return n;
    }
    if (f.next > f.end_read) {  // position past the valid data (direct access moved pchNext): start afresh
        LONG pos = cur_pos(f);
        if (flush_dirty(s, MMIOM_WRITE) != MMSYSERR_NOERROR) return -1;
        reset_buffer_at(f, pos);
    }
    n = std::min(n, room_below_limit(cur_pos(f)));  // a write takes the position at most to 2 GB - 1
    if (n <= 0) return 0;
    LONG done = 0;
    while (done < n) {
        LONG rem = n - done;
        if (rem >= f.buf_size) {  // large write: flush, then straight from the caller's memory
            LONG pos = cur_pos(f);
            if (flush_dirty(s, MMIOM_WRITE) != MMSYSERR_NOERROR) return done ? done : -1;
            if (!disk_seek(s, pos)) return done ? done : -1;
            LRESULT r = send_proc(s, MMIOM_WRITE, reinterpret_cast<LPARAM>(src + done), rem);
            if (r < 0) return done ? done : -1;
            if (r > rem) r = rem;
            done += static_cast<LONG>(r);
            reset_buffer_at(f, pos + static_cast<LONG>(r));
            break;
        }
        LONG space = static_cast<LONG>(f.end_write - f.next);
        if (space > 0) {
            LONG m = std::min(space, rem);
            LONG lo = static_cast<LONG>(f.next - f.buf);
            std::memcpy(f.next, src + done, static_cast<size_t>(m));
            f.next += m;
            if (f.next > f.end_read) f.end_read = f.next;
            mark_dirty(f, lo, lo + m);
            done += m;
            continue;
        }
        LONG pos = cur_pos(f);  // buffer full: spill
        if (flush_dirty(s, MMIOM_WRITE) != MMSYSERR_NOERROR) return done ? done : -1;
        reset_buffer_at(f, pos);
    }
    return done;
}

// Applies what an application changed in a structure obtained from mmioGetInfo (pchNext, MMIO_DIRTY).
MMRESULT apply_direct(File& f, const MMIOINFO* in) {
    if (!f.buf) return MMSYSERR_NOERROR;
    char* nn = in->pchNext;
    if (nn < f.buf || nn > f.end_write) return MMSYSERR_INVALPARAM;
    // On a disk file only bytes pchNext moved over in this call can be newly written: a structure handed back
    // unchanged (still showing the MMIO_DIRTY of earlier writes) after a skip past pchEndRead must not turn the
    // skipped, never written bytes of the I/O buffer into file data. A memory file's block is the file itself,
    // so there the bytes up to pchNext are file data whoever wrote them.
    const bool advanced = nn > f.next;
    f.next = nn;
    if (in->dwFlags & MMIO_DIRTY) {
        if ((advanced || f.is_mem) && f.next > f.end_read) f.end_read = f.next;
        if (!f.is_mem) mark_dirty(f, 0, static_cast<LONG>(f.end_read - f.buf));
    }
    return MMSYSERR_NOERROR;
}

// WINMM_TRACE's test with a single compare: the level is -1 until first read, which (as unsigned) also
// lands in the out-of-line branch, where MMIO_TRACE reads it properly.
inline bool trace_on() {
    return static_cast<unsigned>(winmm::log::detail::current_level.load(std::memory_order_relaxed)) >=
           static_cast<unsigned>(winmm::log::Level::trace);
}

inline bool valid_read_args(const File& f, const void* p, LONG n) { return f.can_read && p && n > 0; }

}  // namespace

MMRESULT flush_locked(Slot& s) { return flush_dirty(s, MMIOM_WRITEFLUSH); }

LONG read_locked(Slot& s, char* dst, LONG n) {
    File& f = s.f;
    if (n == 0) return 0;
    if (!valid_read_args(f, dst, n)) return -1;
    if (f.next <= f.end_read && n <= f.end_read - f.next) {
        std::memcpy(dst, f.next, static_cast<size_t>(n));
        f.next += n;
        return n;
    }
    return read_slow(s, dst, n);
}

LONG write_locked(Slot& s, const char* src, LONG n) {
    File& f = s.f;
    if (n == 0) return 0;
    if (!f.can_write || !src || n < 0) return -1;
    if (f.next <= f.end_read && n <= f.end_write - f.next) {
        LONG lo = static_cast<LONG>(f.next - f.buf);
        std::memcpy(f.next, src, static_cast<size_t>(n));
        f.next += n;
        if (f.next > f.end_read) f.end_read = f.next;
        mark_dirty(f, lo, lo + n);
        return n;
    }
    return write_slow(s, src, n);
}

LONG seek_locked(Slot& s, LONG off, int origin) {
    File& f = s.f;
    if (origin != SEEK_SET && origin != SEEK_CUR && origin != SEEK_END) return -1;
    if (!f.buf) {
        LRESULT r = send_proc(s, MMIOM_SEEK, off, origin);
        return r < 0 ? -1 : static_cast<LONG>(r);
    }
    int64_t target;
    if (origin == SEEK_SET) {
        target = off;
    } else if (origin == SEEK_CUR) {
        target = static_cast<int64_t>(cur_pos(f)) + off;
    } else if (f.is_mem) {
        target = static_cast<int64_t>(f.end_read - f.buf) - off;  // Windows: SEEK_END lands lOffset before the end
    } else {
        // The procedure knows where the file ends; buffered writes are committed first so it knows it
        // exactly.
        if (flush_dirty(s, MMIOM_WRITE) != MMSYSERR_NOERROR) return -1;
        LRESULT r = send_proc(s, MMIOM_SEEK, off, SEEK_END);
        if (r < 0) return -1;
        LONG nr = static_cast<LONG>(r);
        if (nr >= f.buf_off && nr <= f.buf_off + (f.end_read - f.buf) && f.next <= f.end_read) {
            f.next = f.buf + (nr - f.buf_off);
        } else {
            reset_buffer_at(f, nr);
        }
        return nr;
    }
    if (target < 0 || target > kLongMax) return -1;
    LONG t = static_cast<LONG>(target);
    if (f.is_mem) {
        if (t > f.buf_size && mem_reserve(f, t) != MMSYSERR_NOERROR) return -1;
        f.next = f.buf + t;
        return t;
    }
    if (t >= f.buf_off && t <= f.buf_off + (f.end_read - f.buf) && f.next <= f.end_read) {
        f.next = f.buf + (t - f.buf_off);  // inside the buffered data: no message
        return t;
    }
    if (flush_dirty(s, MMIOM_WRITE) != MMSYSERR_NOERROR) return -1;
    LRESULT r = send_proc(s, MMIOM_SEEK, t, SEEK_SET);
    if (r < 0) return -1;
    reset_buffer_at(f, static_cast<LONG>(r));
    return static_cast<LONG>(r);
}

}  // namespace wng_mmio

using namespace wng_mmio;

static LONG mmioRead_impl(HMMIO hmmio, HPSTR pch, LONG cch) {
    bool reentrant;
    Slot* s = handles_acquire(hmmio, reentrant);
    if (!s) return -1;
    LONG r = read_locked(*s, pch, cch);
    if (!reentrant) s->lock.unlock();
    return r;
}
// mmioRead: copies from the I/O buffer, refilling it with MMIOM_READ (one buffer-sized read per refill;
// reads of at least a buffer's size go straight to MMIOM_READ into the caller's memory). Unbuffered files
// send one MMIOM_READ. Chosen: cch < 0, pch == NULL with cch > 0, a write-only file or a bad handle -> -1;
// cch == 0 -> 0 with no message; a read that got some bytes before an error returns that count.
// The export is split so that the common case is a short leaf function: handles_try_acquire, the copy
// from the buffer, the unlock and one relaxed load of the log level, with everything else (bad or busy
// handle, refills, tracing) in out-of-line functions reached by tail calls. Same checks, same results.
[[gnu::noinline]] static LONG mmioRead_full(HMMIO hmmio, HPSTR pch, LONG cch) {
    LONG r = mmioRead_impl(hmmio, pch, cch);
    MMIO_TRACE("mmioRead(%p, %p, %ld) = %ld", (void*)hmmio, (void*)pch, (long)cch, (long)r);
    return r;
}
// The handle is the slot's (Slot::self, set when the slot was reserved), read while the slot is locked.
[[gnu::noinline]] static LONG mmioRead_locked(Slot* s, HPSTR pch, LONG cch) {
    const HMMIO hmmio = reinterpret_cast<HMMIO>(static_cast<uintptr_t>(s->self));
    LONG r = read_locked(*s, pch, cch);
    s->lock.unlock();
    MMIO_TRACE("mmioRead(%p, %p, %ld) = %ld", (void*)hmmio, (void*)pch, (long)cch, (long)r);
    return r;
}
// End of a fast-path call while tracing (result = cch): unlocks the slot, then writes the trace line.
[[gnu::noinline]] static LONG mmioRead_trace_fast(Slot* s, HPSTR pch, LONG cch) {
    const HMMIO hmmio = reinterpret_cast<HMMIO>(static_cast<uintptr_t>(s->self));
    s->lock.unlock();
    MMIO_TRACE("mmioRead(%p, %p, %ld) = %ld", (void*)hmmio, (void*)pch, (long)cch, (long)cch);
    return cch;
}
[[gnu::noinline]] static LONG mmioWrite_trace_fast(Slot* s, const char* pch, LONG cch) {
    const HMMIO hmmio = reinterpret_cast<HMMIO>(static_cast<uintptr_t>(s->self));
    s->lock.unlock();
    MMIO_TRACE("mmioWrite(%p, %p, %ld) = %ld", (void*)hmmio, (const void*)pch, (long)cch, (long)cch);
    return cch;
}
// Copies of more than this many bytes leave the fast path (they call memcpy anyway).
constexpr LONG kFastCopyMax = 16;
extern "C" LONG WINAPI mmioRead(HMMIO hmmio, HPSTR pch, LONG cch) {
    Slot* s = handles_try_acquire(hmmio);
    if (__builtin_expect(!s, 0)) return mmioRead_full(hmmio, pch, cch);
    File& f = s->f;
    if (__builtin_expect(!(cch > 0 && cch <= kFastCopyMax && pch && f.can_read && f.next <= f.end_read &&
                           cch <= f.end_read - f.next), 0))
        return mmioRead_locked(s, pch, cch);
    char* p = f.next;
    f.next = p + cch;
    copy_small(pch, p, static_cast<size_t>(cch));
    if (__builtin_expect(trace_on(), 0)) return mmioRead_trace_fast(s, pch, cch);
    s->lock.unlock();
    return cch;
}

static LONG mmioWrite_impl(HMMIO hmmio, const char* pch, LONG cch) {
    bool reentrant;
    Slot* s = handles_acquire(hmmio, reentrant);
    if (!s) return -1;
    LONG r = write_locked(*s, pch, cch);
    if (!reentrant) s->lock.unlock();
    return r;
}
// mmioWrite: copies into the I/O buffer; a full buffer is spilled with MMIOM_WRITE (never
// MMIOM_WRITEFLUSH); writes of at least a buffer's size are sent straight to MMIOM_WRITE after the dirty
// buffer. Memory files write into the block: fixed blocks never grow (the count actually written is
// returned, possibly 0), expandable ones grow by whole increments of adwInfo[0].
// Chosen: cch < 0, pch == NULL with cch > 0, a read-only file or a bad handle -> -1; cch == 0 -> 0.
[[gnu::noinline]] static LONG mmioWrite_full(HMMIO hmmio, const char* pch, LONG cch) {
    LONG r = mmioWrite_impl(hmmio, pch, cch);
    MMIO_TRACE("mmioWrite(%p, %p, %ld) = %ld", (void*)hmmio, (const void*)pch, (long)cch, (long)r);
    return r;
}
[[gnu::noinline]] static LONG mmioWrite_locked(Slot* s, const char* pch, LONG cch) {
    const HMMIO hmmio = reinterpret_cast<HMMIO>(static_cast<uintptr_t>(s->self));
    LONG r = write_locked(*s, pch, cch);
    s->lock.unlock();
    MMIO_TRACE("mmioWrite(%p, %p, %ld) = %ld", (void*)hmmio, (const void*)pch, (long)cch, (long)r);
    return r;
}
extern "C" LONG WINAPI mmioWrite(HMMIO hmmio, const char* pch, LONG cch) {
    Slot* s = handles_try_acquire(hmmio);
    if (__builtin_expect(!s, 0)) return mmioWrite_full(hmmio, pch, cch);
    File& f = s->f;
    if (__builtin_expect(!(cch > 0 && cch <= kFastCopyMax && pch && f.can_write && f.next <= f.end_read &&
                           cch <= f.end_write - f.next), 0))
        return mmioWrite_locked(s, pch, cch);
    char* p = f.next;
    copy_small(p, pch, static_cast<size_t>(cch));  // first: fewer values live at once, no register saves
    char* e = p + cch;
    f.next = e;
    if (e > f.end_read) f.end_read = e;
    const LONG lo = static_cast<LONG>(p - f.buf);
    mark_dirty(f, lo, lo + cch);
    if (__builtin_expect(trace_on(), 0)) return mmioWrite_trace_fast(s, pch, cch);
    s->lock.unlock();
    return cch;
}

static LONG mmioSeek_impl(HMMIO hmmio, LONG lOffset, int iOrigin) {
    Locked l(hmmio);
    if (!l.get()) return -1;
    return seek_locked(*l.get(), lOffset, iOrigin);
}
// mmioSeek: a target inside the buffered data only moves pchNext (no message). Otherwise the dirty
// buffer is written (MMIOM_WRITE) and one MMIOM_SEEK(target, SEEK_SET) is sent; SEEK_END on a buffered
// disk file writes the dirty buffer and sends MMIOM_SEEK(lOffset, SEEK_END). Unbuffered files pass the
// call to MMIOM_SEEK unchanged. As on Windows, SEEK_END counts lOffset backwards from the end: memory files
// and the DOS procedure go to size - lOffset (so a negative lOffset lands past the end); a custom procedure
// receives lOffset as given and decides. Chosen: a negative target or an unknown origin -> -1 and the position is
// unchanged; seeking past the end of a disk file is allowed (the procedure decides); memory files accept
// targets up to the block size (expandable blocks grow to reach further targets, fixed ones fail with -1).
extern "C" LONG WINAPI mmioSeek(HMMIO hmmio, LONG lOffset, int iOrigin) {
    LONG r = mmioSeek_impl(hmmio, lOffset, iOrigin);
    MMIO_TRACE("mmioSeek(%p, %ld, %d) = %ld", (void*)hmmio, (long)lOffset, iOrigin, (long)r);
    return r;
}

static MMRESULT mmioFlush_impl(HMMIO hmmio, UINT fuFlush) {
    Locked l(hmmio);
    if (!l.get()) return MMSYSERR_INVALHANDLE;
    Slot& s = *l.get();
    File& f = s.f;
    if (!f.buf || f.is_mem) return MMSYSERR_NOERROR;
    LONG pos = cur_pos(f);
    if (flush_dirty(s, MMIOM_WRITEFLUSH) != MMSYSERR_NOERROR) return MMIOERR_CANNOTWRITE;
    if (fuFlush & MMIO_EMPTYBUF) reset_buffer_at(f, pos);
    return MMSYSERR_NOERROR;
}
// mmioFlush: writes the dirty bytes with MMIOM_WRITEFLUSH (repeated as MMIOM_WRITE when the procedure
// answers 0), preceded by MMIOM_SEEK when the procedure's lDiskOffset is not where they belong.
// MMIO_EMPTYBUF also empties the buffer (the next read refills). Chosen: a failed or short write returns
// MMIOERR_CANNOTWRITE and keeps the unwritten bytes buffered (a later flush retries them); memory files
// and unbuffered files have nothing to flush (0); unknown flag bits are ignored.
extern "C" MMRESULT WINAPI mmioFlush(HMMIO hmmio, UINT fuFlush) {
    MMRESULT r = mmioFlush_impl(hmmio, fuFlush);
    MMIO_TRACE("mmioFlush(%p, 0x%x) = %u", (void*)hmmio, fuFlush, r);
    return r;
}

static MMRESULT mmioGetInfo_impl(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuInfo) {
    (void)fuInfo;
    Locked l(hmmio);
    if (!l.get()) return MMSYSERR_INVALHANDLE;
    if (!pmmioinfo) return MMSYSERR_INVALPARAM;
    sync_info(l.get()->f);
    std::memcpy(pmmioinfo, &l.get()->f.info, sizeof(MMIOINFO));
    return MMSYSERR_NOERROR;
}
// mmioGetInfo: copies the file's MMIOINFO (buffer pointers, lDiskOffset, adwInfo, hmmio; dwFlags = open
// flags plus MMIO_DIRTY while buffered bytes are unwritten). No message. Chosen: pmmioinfo == NULL ->
// MMSYSERR_INVALPARAM; fuInfo is ignored.
extern "C" MMRESULT WINAPI mmioGetInfo(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuInfo) {
    MMRESULT r = mmioGetInfo_impl(hmmio, pmmioinfo, fuInfo);
    MMIO_TRACE("mmioGetInfo(%p, %p, 0x%x) = %u", (void*)hmmio, (void*)pmmioinfo, fuInfo, r);
    return r;
}

static MMRESULT mmioSetInfo_impl(HMMIO hmmio, LPCMMIOINFO pmmioinfo, UINT fuInfo) {
    (void)fuInfo;
    Locked l(hmmio);
    if (!l.get()) return MMSYSERR_INVALHANDLE;
    if (!pmmioinfo) return MMSYSERR_INVALPARAM;
    return apply_direct(l.get()->f, pmmioinfo);
}
// mmioSetInfo: ends direct buffer access. Only pchNext and MMIO_DIRTY are taken from the structure; no
// message is sent (the dirty bytes are written at the next flush point). Chosen: with MMIO_DIRTY the whole
// buffered region up to max(pchEndRead, pchNext) is treated as written; a pchNext outside
// [pchBuffer, pchEndWrite] -> MMSYSERR_INVALPARAM (nothing changes); pmmioinfo == NULL ->
// MMSYSERR_INVALPARAM; on memory files MMIO_DIRTY moves the end of file up to pchNext.
extern "C" MMRESULT WINAPI mmioSetInfo(HMMIO hmmio, LPCMMIOINFO pmmioinfo, UINT fuInfo) {
    MMRESULT r = mmioSetInfo_impl(hmmio, pmmioinfo, fuInfo);
    MMIO_TRACE("mmioSetInfo(%p, %p, 0x%x) = %u", (void*)hmmio, (const void*)pmmioinfo, fuInfo, r);
    return r;
}

static MMRESULT mmioSetBuffer_impl(HMMIO hmmio, LPSTR pchBuffer, LONG cchBuffer, UINT fuBuffer) {
    (void)fuBuffer;  // Windows ignores it: MMIO_ALLOCBUF neither forces an allocation nor a default size
    Locked l(hmmio);
    if (!l.get()) return MMSYSERR_INVALHANDLE;
    Slot& s = *l.get();
    File& f = s.f;
    if (cchBuffer < 0) return MMSYSERR_INVALPARAM;
    // Our own block handed back with a larger size would be used past its end.
    if (pchBuffer && pchBuffer == f.buf && f.own_buf && cchBuffer > f.buf_size) return MMSYSERR_INVALPARAM;
    if (f.is_mem) {
        char* const old = f.buf;
        const LONG pos = old ? static_cast<LONG>(f.next - old) : 0;
        LONG eof = old ? static_cast<LONG>(f.end_read - old) : 0;
        char* nb = pchBuffer;
        if (pchBuffer) {
            eof = cchBuffer;  // a caller block is the file's new contents, all of it
        } else if (cchBuffer > 0) {
            nb = static_cast<char*>(std::calloc(static_cast<size_t>(cchBuffer), 1));
            if (!nb) return MMIOERR_OUTOFMEMORY;
            const LONG keep = std::min(f.buf_size, cchBuffer);  // the old block's bytes that fit are kept
            if (old && keep > 0) std::memcpy(nb, old, static_cast<size_t>(keep));
        }
        if (nb != old) {  // handing back the current block (from mmioGetInfo) keeps it as it is
            if (f.own_buf) std::free(old);
            f.own_buf = nb && !pchBuffer;
        }
        f.buf = nb;
        f.buf_size = nb ? cchBuffer : 0;
        f.info.lDiskOffset = 0;  // an unbuffered memory file holds nothing; its procedure stays at 0
        if (!nb) {
            f.next = f.end_read = f.end_write = nullptr;
            return MMSYSERR_NOERROR;
        }
        f.end_write = nb + cchBuffer;
        f.end_read = nb + std::min(eof, cchBuffer);
        f.next = nb + std::min(pos, cchBuffer);
        return MMSYSERR_NOERROR;
    }
    if (f.buf && flush_dirty(s, MMIOM_WRITEFLUSH) != MMSYSERR_NOERROR) return MMIOERR_CANNOTWRITE;
    LONG pos = cur_pos(f);
    if (!pchBuffer && cchBuffer == 0) {
        // Unbuffered, the position is the procedure's: move it there first, so that a failed seek changes
        // nothing (the buffer and the position stay) instead of leaving the file at the procedure's position.
        if (!disk_seek(s, pos)) return MMIOERR_CANNOTSEEK;
        if (f.own_buf) std::free(f.buf);
        f.buf = f.next = f.end_read = f.end_write = nullptr;
        f.own_buf = false;
        f.buf_size = 0;
        f.dirty = false;
        return MMSYSERR_NOERROR;
    }
    char* nb = pchBuffer;
    bool own = false;
    if (!nb) {
        nb = static_cast<char*>(std::malloc(static_cast<size_t>(cchBuffer)));
        if (!nb) return MMIOERR_OUTOFMEMORY;
        own = true;
    }
    if (nb != f.buf) {  // handing back the current buffer (from mmioGetInfo) keeps its owner
        if (f.own_buf) std::free(f.buf);
        f.own_buf = own;
    }
    f.buf = nb;
    f.buf_size = cchBuffer;  // a caller buffer of size 0 is reported, and works as no buffer
    f.end_write = nb + cchBuffer;
    f.dirty = false;
    f.dirty_lo = f.dirty_hi = 0;
    reset_buffer_at(f, pos);
    return MMSYSERR_NOERROR;
}
// mmioSetBuffer: writes the dirty buffer (MMIOM_WRITEFLUSH, then MMIOM_WRITE if answered 0); on failure
// returns MMIOERR_CANNOTWRITE and changes nothing. Then installs the new buffer, empty, at the current
// position. As on Windows, for disk and memory files alike: fuBuffer is ignored; pchBuffer != NULL -> the
// caller's buffer, even with cchBuffer == 0 (then reported as pchBuffer with size 0, and I/O goes straight to
// the procedure); NULL with cchBuffer > 0 -> an internal buffer of that size (MMIOERR_OUTOFMEMORY keeps the old
// one); NULL/0 -> unbuffered (an MMIOM_SEEK re-synchronises the procedure's position if needed).
// Chosen: cchBuffer < 0, or mmio's own buffer handed back with a larger size -> MMSYSERR_INVALPARAM. Memory
// files: a caller buffer replaces the block (the whole block becomes the file's contents, position clamped);
// NULL with a size gives a new zero-filled internal block holding the old block's bytes that fit (end of file
// and position clamped); NULL/0 drops the block (reads then give 0 bytes and writes fail, until a new block).
extern "C" MMRESULT WINAPI mmioSetBuffer(HMMIO hmmio, LPSTR pchBuffer, LONG cchBuffer, UINT fuBuffer) {
    MMRESULT r = mmioSetBuffer_impl(hmmio, pchBuffer, cchBuffer, fuBuffer);
    MMIO_TRACE("mmioSetBuffer(%p, %p, %ld, 0x%x) = %u", (void*)hmmio, (void*)pchBuffer, (long)cchBuffer, fuBuffer, r);
    return r;
}

static MMRESULT mmioAdvance_impl(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuAdvance) {
    Locked l(hmmio);
    if (!l.get()) return MMSYSERR_INVALHANDLE;
    Slot& s = *l.get();
    File& f = s.f;
    if (!f.buf) return MMIOERR_UNBUFFERED;
    MMRESULT rc = MMSYSERR_NOERROR;
    if (pmmioinfo) {
        rc = apply_direct(f, pmmioinfo);
        if (rc != MMSYSERR_NOERROR) return rc;
    }
    if (f.is_mem) {
        if ((fuAdvance & MMIO_WRITE) && f.next >= f.end_write) {
            if (!f.mem_grow) rc = MMIOERR_CANNOTEXPAND;
            else rc = mem_reserve(f, static_cast<int64_t>(f.buf_size) + f.mem_grow);
        }
    } else if (!(fuAdvance & MMIO_WRITE) && !f.can_read) {
        rc = MMIOERR_CANNOTREAD;
    } else {
        LONG pos = cur_pos(f);
        if (flush_dirty(s, MMIOM_WRITE) != MMSYSERR_NOERROR) {
            rc = MMIOERR_CANNOTWRITE;
        } else if (fuAdvance & MMIO_WRITE) {
            reset_buffer_at(f, pos);
        } else if (!disk_seek(s, pos)) {
            rc = MMIOERR_CANNOTREAD;
        } else {
            reset_buffer_at(f, pos);
            // The window, not the whole buffer: bytes read past 2 GB - 1 would carry pchNext beyond pchEndWrite
            // and the position past what a LONG holds. At the limit there is nothing to read.
            const LONG want = static_cast<LONG>(f.end_write - f.buf);
            LRESULT r = want > 0 ? send_proc(s, MMIOM_READ, reinterpret_cast<LPARAM>(f.buf), want) : 0;
            if (r < 0) rc = MMIOERR_CANNOTREAD;
            else f.end_read = f.buf + std::min<LRESULT>(r, want);
        }
    }
    if (pmmioinfo) {
        sync_info(f);
        std::memcpy(pmmioinfo, &f.info, sizeof(MMIOINFO));
    }
    return rc;
}
// mmioAdvance: first applies pchNext / MMIO_DIRTY from pmmioinfo (like mmioSetInfo), then:
//  disk files: writes the dirty bytes with MMIOM_WRITE (not WRITEFLUSH: advancing is the direct-access
//  form of a buffer spill); MMIO_WRITE -> the buffer restarts empty at the current position; otherwise
//  (MMIO_READ) -> MMIOM_SEEK if needed, then one MMIOM_READ of a whole buffer at the current position
//  (of what is left below 2 GB - 1 near that limit; none at it).
//  memory files: MMIO_READ changes nothing (the whole file is already in the buffer); MMIO_WRITE with
//  pchNext at pchEndWrite grows an expandable block by adwInfo[0] (MMIOERR_CANNOTEXPAND for a fixed
//  block, MMIOERR_OUTOFMEMORY when the allocation fails); with room left it changes nothing.
// pmmioinfo, when given, receives the updated state. Chosen: MMIO_READ on a write-only file ->
// MMIOERR_CANNOTREAD; unbuffered -> MMIOERR_UNBUFFERED; a failed flush -> MMIOERR_CANNOTWRITE with the
// data still buffered.
extern "C" MMRESULT WINAPI mmioAdvance(HMMIO hmmio, LPMMIOINFO pmmioinfo, UINT fuAdvance) {
    MMRESULT r = mmioAdvance_impl(hmmio, pmmioinfo, fuAdvance);
    MMIO_TRACE("mmioAdvance(%p, %p, 0x%x) = %u", (void*)hmmio, (void*)pmmioinfo, fuAdvance, r);
    return r;
}

static LRESULT mmioSendMessage_impl(HMMIO hmmio, UINT uMsg, LPARAM lParam1, LPARAM lParam2) {
    Locked l(hmmio);
    if (!l.get()) return MMSYSERR_INVALHANDLE;
    if (uMsg < MMIOM_USER) return MMSYSERR_INVALPARAM;
    return send_proc(*l.get(), uMsg, lParam1, lParam2);
}
// mmioSendMessage: passes uMsg >= MMIOM_USER with both parameters to the file's procedure and returns its
// answer. Chosen: the reserved range below MMIOM_USER (MMIOM_OPEN ... MMIOM_RENAME and the unassigned
// values) is refused with MMSYSERR_INVALPARAM and not sent, because those messages would desynchronise
// the buffer from the procedure's position; a bad handle -> MMSYSERR_INVALHANDLE.
extern "C" LRESULT WINAPI mmioSendMessage(HMMIO hmmio, UINT uMsg, LPARAM lParam1, LPARAM lParam2) {
    LRESULT r = mmioSendMessage_impl(hmmio, uMsg, lParam1, lParam2);
    MMIO_TRACE("mmioSendMessage(%p, 0x%x, %p, %p) = %p", (void*)hmmio, uMsg, (void*)lParam1, (void*)lParam2, (void*)r);
    return r;
}
