// libFuzzer target: fuzzer-chosen sequences of mmio calls on memory files and on files behind custom I/O
// procedures, checked against a reference model of each file's bytes.
//
// Input: a stream of operations, each an opcode byte followed by its argument bytes (a Reader returns zeros
// once the input is exhausted). Opcode byte: bits 0-4 = operation (see run_op), bit 5 = which of the two file
// slots it applies to. Up to two files are open at a time; both slots keep their last closed handle, which
// stale-handle operations use.
//
// The model of a file: its bytes (for a memory file, the whole block and which bytes are known), its end,
// the position, the open mode, the buffer size. Per operation it predicts the return value and then checks:
//   - mmioRead returns exactly the predicted count (min(n, end - position)) with the model's bytes;
//   - mmioWrite returns the predicted count (n; for a fixed memory block what fits, possibly 0);
//   - mmioSeek returns the model's new position (or -1 where the model says so, position unchanged);
//   - after every operation mmioGetInfo agrees with the model: position = lBufOffset + pchNext - pchBuffer
//     (lDiskOffset unbuffered), buffer size, read/write mode, and the bytes in [pchBuffer, pchEndRead) are the
//     file's bytes at lBufOffset (a memory file's block is the file: pchEndRead = its end);
//   - after mmioFlush / mmioClose returns 0 the procedure's disk holds exactly the model's bytes (length too)
//     and MMIO_DIRTY is clear; a memory file's caller block holds them after mmioClose;
//   - direct buffer access (mmioGetInfo, write at pchNext, MMIO_DIRTY, mmioSetInfo / mmioAdvance) lands in
//     the model like mmioWrite; mmioAdvance(MMIO_READ) fills the buffer with the model's bytes;
//   - mmioSetBuffer keeps the contents and the position; mmioSetInfo refuses a pchNext outside the buffer;
//   - closed and garbage handles give -1 / MMSYSERR_INVALHANDLE;
//   - mmioInstallIOProc install/remove/find follow a model of the registry (newest first, local before
//     global, a procedure in use keeps its last registration), and a file opened by FOURCC, by compound name or
//     by pIOProc gets the procedure and the ANSI/Unicode name form the model predicts.
// Faults: an operation can arm a one-shot fault in a disk file's procedure (failed or short write, failed or
// short read, failed seek, failed open or close). While a fault fires during a call, the call may fail or
// return a short count (never more than predicted), but the model still has to hold afterwards: whatever was
// accepted is in the file once a later flush succeeds (no silent data loss), nothing more.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_disk.h"

using namespace fuzzdisk;

namespace {

constexpr int kMaxOps = 400;
constexpr int64_t kGrowGuard = 1 << 20;
const FOURCC kFccA = mmioFOURCC('F', 'Z', 'A', ' ');
const FOURCC kFccB = mmioFOURCC('F', 'Z', 'B', ' ');
const LPMMIOPROC kProcs[2] = {disk_proc_a, disk_proc_b};

// ---------------------------------------------------------------- registry model
struct RegEntry {
    FOURCC fcc;
    LPMMIOPROC proc;
    bool global;
    bool unicode;
};

struct Slot;
std::vector<RegEntry> g_reg;
Slot* g_slots[2];

long reg_select(FOURCC fcc, LPMMIOPROC proc) {
    for (int pass = 0; pass < 2; ++pass)
        for (size_t i = g_reg.size(); i-- > 0;)
            if (g_reg[i].global == (pass == 1) && g_reg[i].fcc == fcc && (!proc || g_reg[i].proc == proc))
                return static_cast<long>(i);
    return -1;
}

// ---------------------------------------------------------------- file model
struct Model {
    bool is_mem = false;
    bool can_read = false, can_write = false;
    DWORD rw = 0;
    std::vector<unsigned char> bytes;  // disk: the file; memory: the whole block
    std::vector<unsigned char> known;  // memory: 1 where the block's byte is known
    int64_t eof = 0;                   // memory: end of data (disk: bytes.size())
    int64_t pos = 0;
    bool buffered = false;
    LONG bufsize = 0;
    DWORD grow = 0;
    bool own_block = false;
    bool tainted = false;  // disk: accepted bytes the disk will refuse (past kDiskCap): content unknown
    int64_t far_end = 0;   // disk: a large file's generated part (Disk::far_end) ends here

    int64_t end() const { return is_mem ? eof : std::max(static_cast<int64_t>(bytes.size()), far_end); }
    int64_t size() const { return static_cast<int64_t>(bytes.size()); }  // memory: block size
    // Byte i of the file (i < end()).
    unsigned char byte(int64_t i) const { return i < size() ? bytes[static_cast<size_t>(i)] : far_byte(i); }
};

struct Slot {
    int index = 0;
    HMMIO h = nullptr;
    HMMIO stale = nullptr;
    Model m;
    LPMMIOPROC proc = nullptr;  // disk files: the procedure that must serve it
    FOURCC fcc = 0;
    char* caller_buf = nullptr;                   // disk: caller I/O buffer in use (nullptr = none / internal)
    std::vector<std::unique_ptr<char[]>> keep;    // disk: caller buffers handed over (alive until close)
    char* block = nullptr;                        // memory: caller block in use (malloc'd), nullptr = internal
    Disk& disk() { return g_disks[index]; }
};

int uses(LPMMIOPROC p) {
    int n = 0;
    for (Slot* s : g_slots)
        if (s->h && !s->m.is_mem && s->proc == p) ++n;
    return n;
}

// ---------------------------------------------------------------- helpers
// The buffer window of a disk file placed at `buf_off`: the buffer, cut short so that no read, write or direct
// access through it can take a LONG position past 2 GB - 1 (docs/mmio.md, mmioSetInfo decisions). 0 at the limit.
int64_t window(const Model& m, int64_t buf_off) { return std::min<int64_t>(m.bufsize, kLongMax - buf_off); }

// What a read or write of `n` bytes at `pos` may transfer on a disk file: what fits below 2 GB - 1.
int64_t room_below_2gb(int64_t pos, int64_t n) { return std::max<int64_t>(0, std::min<int64_t>(n, kLongMax - pos)); }

int64_t file_pos(const MMIOINFO& mi) {
    if (!mi.pchBuffer) return mi.lDiskOffset;
    return static_cast<int64_t>(mi.lBufOffset) + (mi.pchNext - mi.pchBuffer);
}

void fill(std::vector<char>& v, size_t n, uint32_t seed) {
    v.resize(n);  // exact size: ASan sees any access past the caller's n bytes
    for (size_t i = 0; i < n; ++i) v[i] = static_cast<char>(pattern(seed, static_cast<uint32_t>(i)));
}

// Applies an accepted write of `src` at the model position.
void model_write(Model& m, const char* src, int64_t n) {
    if (n <= 0) return;
    if (m.is_mem) {
        for (int64_t i = 0; i < n; ++i) {
            m.bytes[static_cast<size_t>(m.pos + i)] = static_cast<unsigned char>(src[i]);
            m.known[static_cast<size_t>(m.pos + i)] = 1;
        }
        m.eof = std::max(m.eof, m.pos + n);
    } else if (m.tainted || m.pos + n > kDiskCap) {
        m.tainted = true;
    } else {
        for (int64_t i = m.size(); i < m.pos + n; ++i) m.bytes.push_back(i < m.far_end ? far_byte(i) : 0);
        std::memcpy(m.bytes.data() + m.pos, src, static_cast<size_t>(n));
    }
    m.pos += n;
}

// Memory files: the block size after growing to hold `need` bytes (expandable), or -1.
int64_t grown_size(const Model& m, int64_t need) {
    if (need <= m.size()) return m.size();
    if (!m.grow) return -1;
    int64_t steps = (need - m.size() + m.grow - 1) / m.grow;
    int64_t ns = m.size() + steps * static_cast<int64_t>(m.grow);
    return ns > kLongMax ? -1 : ns;
}

void model_grow(Model& m, int64_t ns) {
    if (ns <= m.size()) return;
    m.bytes.resize(static_cast<size_t>(ns), 0);
    m.known.resize(static_cast<size_t>(ns), m.own_block ? 1 : 0);  // GlobalReAlloc'd caller blocks: not zeroed
}

// ---------------------------------------------------------------- the invariant check after every operation
void check_state(Slot& s) {
    if (!s.h) return;
    Model& m = s.m;
    MMIOINFO mi;
    FZ_CHECK(mmioGetInfo(s.h, &mi, 0) == MMSYSERR_NOERROR);
    FZ_CHECK((mi.dwFlags & MMIO_RWMODE) == m.rw);
    FZ_CHECK(mi.hmmio == s.h);
    FZ_CHECK(mi.fccIOProc == s.fcc);
    if (m.is_mem) {
        FZ_CHECK(mi.pchBuffer != nullptr);
        if (s.block) s.block = mi.pchBuffer;  // an expandable caller block moves when it grows (realloc)
        FZ_CHECK(mi.cchBuffer == m.size());
        FZ_CHECK(mi.pchEndWrite == mi.pchBuffer + m.size());
        FZ_CHECK(mi.pchEndRead == mi.pchBuffer + m.eof);
        FZ_CHECK(mi.pchNext == mi.pchBuffer + m.pos);
        FZ_CHECK(file_pos(mi) == m.pos);
        // The block is the file: compare all of it when small, else a window around the position.
        int64_t lo = 0, hi = m.size();
        if (hi > 4096) {
            lo = std::max<int64_t>(0, m.pos - 512);
            hi = std::min<int64_t>(m.size(), m.pos + 512);
        }
        for (int64_t i = lo; i < hi; ++i)
            if (m.known[static_cast<size_t>(i)])
                FZ_CHECK(static_cast<unsigned char>(mi.pchBuffer[i]) == m.bytes[static_cast<size_t>(i)]);
        return;
    }
    FZ_CHECK(mi.pIOProc == s.proc);
    FZ_CHECK(s.disk().proc_id == (s.proc == disk_proc_a ? 0 : 1));
    if (!m.buffered) {
        FZ_CHECK(mi.pchBuffer == nullptr && mi.cchBuffer == 0);
        FZ_CHECK(mi.lDiskOffset == m.pos);
        return;
    }
    FZ_CHECK(mi.pchBuffer != nullptr);
    if (s.caller_buf) FZ_CHECK(mi.pchBuffer == s.caller_buf);
    FZ_CHECK(mi.cchBuffer == m.bufsize);
    FZ_CHECK(mi.lBufOffset >= 0);
    FZ_CHECK(mi.pchEndWrite == mi.pchBuffer + window(m, mi.lBufOffset));
    FZ_CHECK(mi.pchEndRead >= mi.pchBuffer && mi.pchEndRead <= mi.pchEndWrite);
    FZ_CHECK(mi.pchNext >= mi.pchBuffer && mi.pchNext <= mi.pchEndWrite);
    FZ_CHECK(file_pos(mi) == m.pos);
    if (!m.tainted) {
        const int64_t valid = mi.pchEndRead - mi.pchBuffer;
        FZ_CHECK(valid == 0 || mi.lBufOffset + valid <= m.end());
        for (int64_t i = 0; i < valid; ++i)
            FZ_CHECK(static_cast<unsigned char>(mi.pchBuffer[i]) == m.byte(mi.lBufOffset + i));
    }
}

// After a successful flush or close: the disk is the model.
void check_disk(Slot& s) {
    if (s.m.is_mem || s.m.tainted) return;
    const Disk& d = s.disk();
    FZ_CHECK(d.size() == s.m.end());
    // A large file's generated bytes are stored once written back (a direct-access flush writes the whole
    // buffered region): compare as far as either side stores.
    const size_t common = std::min(d.data.size(), s.m.bytes.size());
    FZ_CHECK(common == 0 || std::memcmp(d.data.data(), s.m.bytes.data(), common) == 0);
    for (int64_t i = static_cast<int64_t>(common); i < static_cast<int64_t>(std::max(d.data.size(), s.m.bytes.size())); ++i)
        FZ_CHECK(d.at(i) == s.m.byte(i));
}

// ---------------------------------------------------------------- operations
struct Op {
    Reader& r;
    Slot& s;
    Model& m;
    unsigned long fired0;
    bool fired() { return !s.m.is_mem && s.h && s.disk().fired != fired0; }
};

LONG pick_count(Reader& r, const Model& m, bool& null_ptr) {
    null_ptr = false;
    switch (r.u8() % 9) {
    case 0: return 0;
    case 1: return 1 + r.u8() % 16;
    case 2: return 1 + r.u8();
    case 3: return 1 + r.u16() % 4096;
    case 4: return std::max<LONG>(1, (m.is_mem ? 16 : m.bufsize) + static_cast<int8_t>(r.u8()) % 3);
    case 5: return 8191 + r.u8() % 3;
    case 6: return 1 + r.u16() % 20000;
    case 7: null_ptr = true; return 1 + r.u8();
    default: return -static_cast<LONG>(1 + r.u8());
    }
}

void op_read(Op& o) {
    Model& m = o.m;
    bool null_ptr;
    LONG n = pick_count(o.r, m, null_ptr);
    std::vector<char> buf(static_cast<size_t>(std::max<LONG>(n, 0)), '\x7f');
    LONG expect;
    if (n == 0) expect = 0;
    else if (n < 0 || null_ptr || !m.can_read) expect = -1;
    else expect = static_cast<LONG>(std::min<int64_t>(n, std::max<int64_t>(0, m.end() - m.pos)));
    if (expect > 0 && !m.is_mem) expect = static_cast<LONG>(room_below_2gb(m.pos, expect));
    LONG r = mmioRead(o.s.h, null_ptr ? nullptr : buf.data(), n);
    FZ_TRACE("read %d at %lld -> %d (expect %d)\n", n, static_cast<long long>(m.pos), r, expect);
    if (o.fired() || m.tainted) {
        FZ_CHECK(r >= -1 && r <= std::max<LONG>(n, 0));
        if (expect == -1) FZ_CHECK(r == -1);
    } else {
        FZ_CHECK(r == expect);
    }
    if (r > 0) {
        if (!m.tainted) {
            for (LONG i = 0; i < r; ++i) {
                size_t at = static_cast<size_t>(m.pos + i);
                if (!m.is_mem || m.known[at]) FZ_CHECK(static_cast<unsigned char>(buf[static_cast<size_t>(i)]) == m.byte(m.pos + i));
            }
        }
        m.pos += r;
    }
}

void op_write(Op& o) {
    Model& m = o.m;
    bool null_ptr;
    LONG n = pick_count(o.r, m, null_ptr);
    std::vector<char> buf;
    fill(buf, static_cast<size_t>(std::max<LONG>(n, 0)), o.r.u8());
    LONG expect;
    if (n == 0) expect = 0;
    else if (n < 0 || null_ptr || !m.can_write) expect = -1;
    else if (m.is_mem) {
        int64_t ns = grown_size(m, m.pos + n);
        if (ns > m.size() + kGrowGuard) return;  // not worth a gigabyte
        expect = ns >= 0 ? n : static_cast<LONG>(std::max<int64_t>(0, m.size() - m.pos));
    } else {
        expect = static_cast<LONG>(room_below_2gb(m.pos, n));  // 0 at 2 GB - 1
    }
    LONG r = mmioWrite(o.s.h, null_ptr ? nullptr : buf.data(), n);
    FZ_TRACE("write %d at %lld -> %d (expect %d)\n", n, static_cast<long long>(m.pos), r, expect);
    // A write never takes the position past the largest LONG.
    if (r > 0) FZ_CHECK(m.pos + r <= kLongMax);
    if (o.fired()) {
        FZ_CHECK(r >= -1 && r <= std::max<LONG>(expect, 0));
        if (expect == -1) FZ_CHECK(r == -1);
    } else {
        FZ_CHECK(r == expect);
    }
    if (r > 0) {
        if (m.is_mem) model_grow(m, grown_size(m, m.pos + r));
        model_write(m, buf.data(), r);
    }
}

void op_seek(Op& o) {
    Model& m = o.m;
    int origin = o.r.u8() % 5;
    if (origin == 4) origin = 3 + o.r.u8();  // invalid origin
    LONG off;
    uint8_t how = o.r.u8();
    switch (how % 6) {
    case 0: off = static_cast<int8_t>(o.r.u8()); break;
    case 1: off = static_cast<LONG>(o.r.u16() % 20000); break;
    case 2: off = static_cast<LONG>((m.bufsize ? m.bufsize : 64) * (o.r.u8() % 4)) + static_cast<int8_t>(o.r.u8()) % 2; break;
    case 3:  // anywhere, or (high bit) close below 2 GB - 1, where the buffer window is cut short
        off = (how & 0x80) ? static_cast<LONG>(kLongMax - o.r.u16() % 20000) : static_cast<LONG>(o.r.u32());
        break;
    case 4: off = 0; break;
    default: off = -static_cast<LONG>(m.pos); break;
    }
    int64_t t;
    if (origin == SEEK_SET) t = off;
    else if (origin == SEEK_CUR) t = m.pos + off;
    else if (origin == SEEK_END) t = m.is_mem ? m.end() - off : m.end() + off;  // memory: Windows' size - lOffset
    else t = -1;
    LONG expect = (t < 0 || t > kLongMax) ? -1 : static_cast<LONG>(t);
    int64_t ns = m.size();
    if (m.is_mem && expect >= 0 && t > m.size()) {
        ns = grown_size(m, t);
        if (ns > m.size() + kGrowGuard) return;
        if (ns < 0) expect = -1;
    }
    LONG r = mmioSeek(o.s.h, off, origin);
    FZ_TRACE("seek %d,%d from %lld -> %d (expect %d)\n", off, origin, static_cast<long long>(m.pos), r, expect);
    if (o.fired() || (m.tainted && origin == SEEK_END)) {
        if (r != -1 && !m.tainted) FZ_CHECK(r == expect);
        if (expect == -1) FZ_CHECK(r == -1);
    } else {
        FZ_CHECK(r == expect);
    }
    if (r != -1) {
        if (m.is_mem) model_grow(m, ns);
        m.pos = r;
    }
}

void op_flush(Op& o) {
    UINT flags = (o.r.u8() & 1) ? MMIO_EMPTYBUF : 0;
    MMRESULT rc = mmioFlush(o.s.h, flags);
    FZ_TRACE("flush %#x -> %u\n", flags, rc);
    if (o.fired() || o.m.tainted) FZ_CHECK(rc == MMSYSERR_NOERROR || rc == MMIOERR_CANNOTWRITE);
    else FZ_CHECK(rc == MMSYSERR_NOERROR);
    if (rc == MMSYSERR_NOERROR) {
        check_disk(o.s);
        MMIOINFO mi;
        FZ_CHECK(mmioGetInfo(o.s.h, &mi, 0) == 0);
        if (!o.m.is_mem) FZ_CHECK(!(mi.dwFlags & MMIO_DIRTY));
        if ((flags & MMIO_EMPTYBUF) && mi.pchBuffer && !o.m.is_mem) FZ_CHECK(mi.pchEndRead == mi.pchBuffer);
    }
}

void op_setbuffer(Op& o) {
    Slot& s = o.s;
    Model& m = o.m;
    int mode = o.r.u8() % 6;
    if (m.is_mem && mode == 0) mode = 1;  // NULL/0 drops a memory file's block (not modelled)
    LONG size = 1 + o.r.u16() % 4096;
    if (o.r.u8() % 4 == 0) size = 8192 + o.r.u8() % 3;
    char* p = nullptr;
    LONG cch = 0;
    switch (mode) {
    case 0: break;                                   // unbuffered
    case 1: case 2: cch = size; break;               // internal buffer
    case 3: cch = size; p = reinterpret_cast<char*>(1); break;  // caller buffer (allocated below)
    case 4: p = reinterpret_cast<char*>(1); break;   // caller pointer, 0 bytes
    default: cch = -static_cast<LONG>(1 + o.r.u8()); break;
    }
    std::unique_ptr<char[]> ubuf;
    char* mblock = nullptr;
    uint32_t seed = o.r.u8();
    if (p) {
        size_t n = static_cast<size_t>(cch);  // exact size (new char[0] / malloc(0) are valid, unique)
        if (m.is_mem) {
            mblock = static_cast<char*>(std::malloc(n));  // a memory file's block may be realloc'd by the engine
            for (size_t i = 0; i < n; ++i) mblock[i] = static_cast<char>(pattern(seed, static_cast<uint32_t>(i)));
            p = mblock;
        } else {
            ubuf.reset(new char[n]);
            std::memset(ubuf.get(), 0xCD, n);
            p = ubuf.get();
        }
    }
    MMRESULT expect;
    if (cch < 0) expect = MMSYSERR_INVALPARAM;
    else expect = MMSYSERR_NOERROR;  // Windows: a pointer with size 0 is accepted, memory files take NULL + size
    MMRESULT rc = mmioSetBuffer(s.h, p, cch, 0);
    FZ_TRACE("setbuffer %s %d -> %u (expect %u)\n", p ? "caller" : "NULL", cch, rc, expect);
    if (o.fired() || (m.tainted && expect == MMSYSERR_NOERROR))
        FZ_CHECK(rc == expect || rc == MMIOERR_CANNOTWRITE || rc == MMIOERR_CANNOTSEEK);
    else FZ_CHECK(rc == expect);
    if (rc != MMSYSERR_NOERROR) {
        std::free(mblock);
        return;
    }
    if (m.is_mem) {
        if (p) {
            std::free(s.block);  // the engine no longer uses the old caller block
            s.block = mblock;
            m.own_block = false;
            m.bytes.assign(reinterpret_cast<unsigned char*>(p), reinterpret_cast<unsigned char*>(p) + cch);
            m.known.assign(static_cast<size_t>(cch), 1);
            m.eof = cch;
        } else {
            std::free(s.block);  // a new internal block replaces a caller block too
            s.block = nullptr;
            m.own_block = true;
            m.bytes.resize(static_cast<size_t>(cch), 0);
            m.known.resize(static_cast<size_t>(cch), 1);
            m.eof = std::min<int64_t>(m.eof, cch);
        }
        m.pos = std::min<int64_t>(m.pos, cch);
        return;
    }
    m.buffered = cch > 0 || p;  // a caller pointer of 0 bytes is reported as the buffer (Windows)
    m.bufsize = cch;
    s.caller_buf = p;
    if (ubuf) s.keep.push_back(std::move(ubuf));
}

// Direct buffer access: optionally consume / write bytes at pchNext, then mmioSetInfo or mmioAdvance.
void op_direct(Op& o, bool write) {
    Slot& s = o.s;
    Model& m = o.m;
    MMIOINFO mi;
    FZ_CHECK(mmioGetInfo(s.h, &mi, 0) == 0);
    uint8_t how = o.r.u8();
    uint16_t amount = o.r.u16();
    int finisher = o.r.u8() % 4;  // 0 setinfo, 1 advance MMIO_WRITE, 2 advance MMIO_READ, 3 advance with NULL info
    if (mi.pchBuffer) {
        if (write) {
            // Only on writable files, and (disk files) from inside the valid data: bytes between pchEndRead and
            // pchNext would be whatever the buffer held.
            if (!m.can_write || (!m.is_mem && mi.pchNext > mi.pchEndRead)) return;
            int64_t room = mi.pchEndWrite - mi.pchNext;
            int64_t k = room ? amount % (room + 1) : 0;
            if (how & 1) k = room;  // fill the buffer, the documented pattern
            FZ_CHECK(m.is_mem || m.pos + k <= kLongMax);  // the window ends at 2 GB - 1
            for (int64_t i = 0; i < k; ++i) mi.pchNext[i] = static_cast<char>(pattern(how, static_cast<uint32_t>(i)));
            std::vector<char> copy(mi.pchNext, mi.pchNext + k);
            mi.pchNext += k;
            mi.dwFlags |= MMIO_DIRTY;
            if (m.is_mem) m.eof = std::max(m.eof, m.pos + k);
            model_write(m, copy.data(), k);
        } else {
            // Read (consume) bytes at pchNext and compare with the model.
            int64_t avail = std::max<int64_t>(0, mi.pchEndRead - mi.pchNext);
            int64_t k = avail ? amount % (avail + 1) : 0;
            for (int64_t i = 0; i < k && !m.tainted; ++i) {
                size_t at = static_cast<size_t>(m.pos + i);
                if (!m.is_mem || m.known[at]) FZ_CHECK(static_cast<unsigned char>(mi.pchNext[i]) == m.byte(m.pos + i));
            }
            mi.pchNext += k;
            m.pos += k;
        }
    } else {
        finisher = finisher == 0 ? 0 : 3;
    }
    // mmioGetInfo reports MMIO_DIRTY while buffered writes are unflushed. Handed back with pchNext past
    // pchEndRead (an earlier mmioSetInfo skipped forward without writing), the engine takes the bytes in
    // between as written (documented: "the whole buffered region up to max(pchEndRead, pchNext)"), i.e.
    // whatever the buffer held: see the [open] case in regressions.cpp. A reader that did not write does not
    // claim it: clear the flag then.
    if (!write && !m.is_mem && mi.pchNext > mi.pchEndRead) mi.dwFlags &= ~static_cast<DWORD>(MMIO_DIRTY);
    MMRESULT rc;
    if (finisher == 0) {
        rc = mmioSetInfo(s.h, &mi, 0);
        FZ_TRACE("direct %s setinfo -> %u\n", write ? "write" : "read", rc);
        FZ_CHECK(rc == MMSYSERR_NOERROR);
        return;
    }
    UINT fl = finisher == 1 ? MMIO_WRITE : MMIO_READ;
    if (finisher == 3) fl = (how & 2) ? MMIO_WRITE : MMIO_READ;
    MMIOINFO* arg = finisher == 3 ? nullptr : &mi;
    if (finisher == 3 && mi.pchBuffer) {  // mmioAdvance(NULL) does not see our pchNext: hand it over first
        FZ_CHECK(mmioSetInfo(s.h, &mi, 0) == MMSYSERR_NOERROR);
    }
    // Expected result.
    MMRESULT expect = MMSYSERR_NOERROR;
    int64_t grow_to = -1;
    if (!mi.pchBuffer) {
        expect = MMIOERR_UNBUFFERED;
    } else if (m.is_mem) {
        if ((fl & MMIO_WRITE) && m.pos >= m.size()) {
            if (!m.grow) expect = MMIOERR_CANNOTEXPAND;
            else grow_to = m.size() + m.grow;
        }
    } else if (!(fl & MMIO_WRITE) && !m.can_read) {
        expect = MMIOERR_CANNOTREAD;
    }
    rc = mmioAdvance(s.h, arg, fl);
    FZ_TRACE("direct %s advance %s%s -> %u (expect %u)\n", write ? "write" : "read", fl ? "WRITE" : "READ",
             arg ? "" : " (NULL)", rc, expect);
    if (o.fired() || (m.tainted && expect == MMSYSERR_NOERROR))
        FZ_CHECK(rc == expect || rc == MMIOERR_CANNOTWRITE || rc == MMIOERR_CANNOTREAD);
    else FZ_CHECK(rc == expect);
    if (grow_to >= 0 && rc == MMSYSERR_NOERROR) model_grow(m, grow_to);
    if (arg && rc != MMSYSERR_INVALPARAM) {
        // mmioAdvance hands back the updated state: it must be what mmioGetInfo reports.
        MMIOINFO now;
        FZ_CHECK(mmioGetInfo(s.h, &now, 0) == 0);
        FZ_CHECK(now.pchBuffer == arg->pchBuffer && now.pchNext == arg->pchNext && now.pchEndRead == arg->pchEndRead &&
                 now.pchEndWrite == arg->pchEndWrite && now.lBufOffset == arg->lBufOffset);
    }
    if (rc == MMSYSERR_NOERROR && !m.is_mem && mi.pchBuffer && !(fl & MMIO_WRITE) && !o.fired() && !m.tainted) {
        // A read advance fills the window from the position: as much as the file has, up to the buffer size,
        // never past 2 GB - 1.
        MMIOINFO now;
        FZ_CHECK(mmioGetInfo(s.h, &now, 0) == 0);
        FZ_CHECK(now.pchNext == now.pchBuffer);
        FZ_CHECK(now.pchEndRead - now.pchNext == std::min<int64_t>(window(m, m.pos), std::max<int64_t>(0, m.end() - m.pos)));
    }
}

// mmioSetInfo moving pchNext (a position change), with or without MMIO_DIRTY, or to an invalid place.
void op_setinfo(Op& o) {
    Slot& s = o.s;
    Model& m = o.m;
    MMIOINFO mi;
    FZ_CHECK(mmioGetInfo(s.h, &mi, 0) == 0);
    uint8_t how = o.r.u8();
    uint16_t where = o.r.u16();
    if (how % 8 == 7) {
        FZ_CHECK(mmioSetInfo(s.h, nullptr, 0) == MMSYSERR_INVALPARAM);
        return;
    }
    if (!mi.pchBuffer) {
        FZ_CHECK(mmioSetInfo(s.h, &mi, 0) == MMSYSERR_NOERROR);  // unbuffered: nothing to apply
        return;
    }
    uintptr_t base = reinterpret_cast<uintptr_t>(mi.pchBuffer);
    int64_t span = mi.pchEndWrite - mi.pchBuffer;
    if (how % 8 == 6) {  // outside the buffer: refused, nothing changes
        uintptr_t bad = (how & 0x10) ? base - 1 - (where % 64) : base + static_cast<uintptr_t>(span) + 1 + (where % 64);
        mi.pchNext = reinterpret_cast<char*>(bad);
        if (how & 0x20) mi.dwFlags |= MMIO_DIRTY;
        FZ_CHECK(mmioSetInfo(s.h, &mi, 0) == MMSYSERR_INVALPARAM);
        return;
    }
    int64_t x = where % (span + 1);
    bool dirty = (how & 0x40) != 0;
    // MMIO_DIRTY without writing: on a disk file only where the buffer holds file data.
    if (dirty && !m.is_mem && (x > mi.pchEndRead - mi.pchBuffer || !m.can_write)) dirty = false;
    if (dirty && m.is_mem && !m.can_write) dirty = false;
    mi.pchNext = mi.pchBuffer + x;
    if (dirty) mi.dwFlags |= MMIO_DIRTY;
    else mi.dwFlags &= ~static_cast<DWORD>(MMIO_DIRTY);
    MMRESULT rc = mmioSetInfo(s.h, &mi, 0);
    FZ_TRACE("setinfo next=%lld dirty=%d -> %u\n", static_cast<long long>(x), dirty, rc);
    FZ_CHECK(rc == MMSYSERR_NOERROR);
    m.pos = (m.is_mem ? 0 : mi.lBufOffset) + x;
    if (dirty && m.is_mem) m.eof = std::max(m.eof, m.pos);
}

void op_close(Slot& s) {
    Model& m = s.m;
    unsigned long fired0 = m.is_mem ? 0 : s.disk().fired;
    char* final_block = nullptr;
    if (m.is_mem) {
        MMIOINFO mi;
        FZ_CHECK(mmioGetInfo(s.h, &mi, 0) == 0);
        final_block = mi.pchBuffer;
    }
    MMRESULT rc = mmioClose(s.h, 0);
    FZ_TRACE("close -> %u\n", rc);
    if (!m.is_mem && (s.disk().fired != fired0 || m.tainted)) {
        FZ_CHECK(rc == MMSYSERR_NOERROR || rc == MMIOERR_CANNOTWRITE || rc == MMIOERR_CANNOTCLOSE);
    } else {
        FZ_CHECK(rc == MMSYSERR_NOERROR);
    }
    if (rc == MMSYSERR_NOERROR) check_disk(s);
    if (!m.is_mem) FZ_CHECK(!s.disk().open);  // MMIOM_CLOSE is sent even when the flush fails
    FZ_CHECK(mmioClose(s.h, 0) == MMSYSERR_INVALHANDLE);
    if (m.is_mem && s.block) {
        // The application's block (possibly moved by expansion) holds the file.
        s.block = final_block;
        for (int64_t i = 0; i < m.eof; ++i)
            if (m.known[static_cast<size_t>(i)]) FZ_CHECK(static_cast<unsigned char>(s.block[i]) == m.bytes[static_cast<size_t>(i)]);
        std::free(s.block);
        s.block = nullptr;
    }
    s.stale = s.h;
    s.h = nullptr;
    s.keep.clear();
    s.caller_buf = nullptr;
    if (!m.is_mem) s.disk() = Disk{};
    s.m = Model{};
}

// Calls on a closed or garbage handle.
void op_stale(Reader& r, Slot& s) {
    HMMIO h;
    uint8_t how = r.u8();
    if (how % 3 == 0 && s.stale) {
        h = s.stale;
    } else {
        uintptr_t v;
        switch (how % 4) {
        case 0: v = 0; break;
        case 1: v = r.u8(); break;
        case 2: v = static_cast<uintptr_t>(r.u32()) & ~static_cast<uintptr_t>(1); break;
        default: v = static_cast<uintptr_t>(r.u32()) | 1; break;
        }
        h = reinterpret_cast<HMMIO>(v);
    }
    for (Slot* o : g_slots)
        if (o->h && o->h == h) return;  // happens to be a live handle: not stale
    char b[8] = {};
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    MMCKINFO ck;
    std::memset(&ck, 0, sizeof ck);
    switch (r.u8() % 12) {
    case 0: FZ_CHECK(mmioRead(h, b, 4) == -1); break;
    case 1: FZ_CHECK(mmioWrite(h, b, 4) == -1); break;
    case 2: FZ_CHECK(mmioSeek(h, 0, SEEK_CUR) == -1); break;
    case 3: FZ_CHECK(mmioGetInfo(h, &mi, 0) == MMSYSERR_INVALHANDLE); break;
    case 4: FZ_CHECK(mmioSetInfo(h, &mi, 0) == MMSYSERR_INVALHANDLE); break;
    case 5: FZ_CHECK(mmioFlush(h, 0) == MMSYSERR_INVALHANDLE); break;
    case 6: FZ_CHECK(mmioAdvance(h, &mi, MMIO_READ) == MMSYSERR_INVALHANDLE); break;
    case 7: FZ_CHECK(mmioSetBuffer(h, nullptr, 64, 0) == MMSYSERR_INVALHANDLE); break;
    case 8: FZ_CHECK(mmioClose(h, 0) == MMSYSERR_INVALHANDLE); break;
    case 9: FZ_CHECK(mmioSendMessage(h, MMIOM_USER, 0, 0) == MMSYSERR_INVALHANDLE); break;
    case 10: FZ_CHECK(mmioDescend(h, &ck, nullptr, 0) == MMSYSERR_INVALHANDLE); break;
    default: FZ_CHECK(mmioCreateChunk(h, &ck, 0) == MMSYSERR_INVALHANDLE); break;
    }
}

void op_message(Op& o) {
    uint8_t how = o.r.u8();
    UINT msg = (how & 1) ? MMIOM_USER + o.r.u8() : o.r.u8() % 8;
    LRESULT r = mmioSendMessage(o.s.h, msg, 1, 2);
    if (msg < MMIOM_USER) FZ_CHECK(r == MMSYSERR_INVALPARAM);
    else if (!o.m.is_mem) FZ_CHECK(r == static_cast<LRESULT>(msg ^ 0x5A5A));
}

void op_fault(Op& o) {
    uint8_t kind = o.r.u8();
    uint8_t after = o.r.u8() % 4;
    if (o.m.is_mem) return;
    o.s.disk().arm(kind % (kFailClose + 1), after);
    FZ_TRACE("arm fault %d after %d\n", kind % (kFailClose + 1), after);
}

// ---------------------------------------------------------------- registry operations
void op_registry(Reader& r) {
    uint8_t what = r.u8();
    uint8_t how = r.u8();
    FOURCC fcc = (how & 1) ? kFccB : kFccA;
    LPMMIOPROC proc = kProcs[(how >> 1) & 1];
    bool wide = (how & 4) != 0;
    auto install = wide ? mmioInstallIOProcW : mmioInstallIOProcA;
    switch (what % 5) {
    case 0:
    case 1: {  // install
        DWORD flags = MMIO_INSTALLPROC | ((how & 0x80) ? MMIO_GLOBALPROC : 0) | ((how & 0x40) ? MMIO_UNICODEPROC : 0);
        if (g_reg.size() >= 16) return;
        FZ_CHECK(install(fcc, proc, flags) == proc);
        g_reg.push_back(RegEntry{fcc, proc, (flags & MMIO_GLOBALPROC) != 0, wide || (flags & MMIO_UNICODEPROC)});
        FZ_TRACE("install %08x proc %d global=%d unicode=%d\n", fcc, proc == disk_proc_b, g_reg.back().global,
                 g_reg.back().unicode);
        break;
    }
    case 2: {  // remove (by procedure or any)
        LPMMIOPROC which = (how & 0x40) ? nullptr : proc;
        long i = reg_select(fcc, which);
        LPMMIOPROC expect = nullptr;
        if (i >= 0) {
            LPMMIOPROC p = g_reg[static_cast<size_t>(i)].proc;
            long regs = std::count_if(g_reg.begin(), g_reg.end(), [p](const RegEntry& e) { return e.proc == p; });
            if (!(regs == 1 && uses(p) > 0)) {
                expect = p;
                g_reg.erase(g_reg.begin() + i);
            }
        }
        LPMMIOPROC got = install(fcc, which, MMIO_REMOVEPROC);
        FZ_TRACE("remove %08x -> %p (expect %p)\n", fcc, reinterpret_cast<void*>(got), reinterpret_cast<void*>(expect));
        FZ_CHECK(got == expect);
        break;
    }
    case 3: {  // find
        long i = reg_select(fcc, nullptr);
        FZ_CHECK(install(fcc, nullptr, MMIO_FINDPROC) == (i >= 0 ? g_reg[static_cast<size_t>(i)].proc : nullptr));
        break;
    }
    default:  // no operation flag / install of NULL
        FZ_CHECK(install(fcc, proc, 0) == nullptr);
        FZ_CHECK(install(fcc, nullptr, MMIO_INSTALLPROC) == nullptr);
        break;
    }
}

// ---------------------------------------------------------------- open
struct NameCase {
    const char* name;
    FOURCC fcc;  // 0: not a compound name
};
const NameCase kCompound[] = {
    {"snd.fza+part", mmioFOURCC('F', 'Z', 'A', ' ')},
    {"C:\\dir\\SND.FzB+element", mmioFOURCC('F', 'Z', 'B', ' ')},
    {"x.y.fza+", mmioFOURCC('F', 'Z', 'A', ' ')},
    {"dir/a.zzz+b", mmioFOURCC('Z', 'Z', 'Z', ' ')},  // nothing installed for it
};

void op_open(Reader& r, Slot& s) {
    if (s.h) return;
    Model& m = s.m;
    m = Model{};
    uint8_t kind = r.u8() % 8;
    uint8_t fl = r.u8();
    static const DWORD rws[] = {MMIO_READ, MMIO_WRITE, MMIO_READWRITE};
    DWORD rw = rws[fl % 3];
    DWORD flags = rw | ((fl & 0x04) ? MMIO_CREATE : 0) | ((fl & 0x08) ? MMIO_DENYWRITE : 0);
    m.rw = rw;
    m.can_read = rw != MMIO_WRITE;
    m.can_write = rw != MMIO_READ;
    uint32_t len = r.u16() % 20000;
    uint32_t seed = r.u8();
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    if (kind <= 2) {  // memory files
        m.is_mem = true;
        s.fcc = FOURCC_MEM;
        mi.fccIOProc = FOURCC_MEM;
        LONG size = static_cast<LONG>(len % 8192);
        if (kind == 2 && size == 0) size = 1;  // NULL block of size 0: no block at all (not modelled)
        m.grow = kind == 0 ? 0 : 1 + r.u16() % 4096;
        if (kind == 2 && (fl & 0x10)) m.grow = 0;  // fixed internal block
        mi.adwInfo[0] = m.grow;
        mi.cchBuffer = size;
        m.bytes.assign(static_cast<size_t>(size), 0);
        m.known.assign(static_cast<size_t>(size), 1);
        if (kind < 2) {  // caller block (malloc'd: an expandable one is reallocated by the engine)
            s.block = static_cast<char*>(std::malloc(static_cast<size_t>(size)));
            for (LONG i = 0; i < size; ++i) {
                s.block[i] = static_cast<char>(pattern(seed, static_cast<uint32_t>(i)));
                m.bytes[static_cast<size_t>(i)] = static_cast<unsigned char>(s.block[i]);
            }
            mi.pchBuffer = s.block;
        } else {
            m.own_block = true;
        }
        m.eof = (flags & MMIO_CREATE) ? 0 : size;
        s.h = mmioOpenA(nullptr, &mi, flags);
        FZ_TRACE("open mem kind %d size %d grow %u flags %#x -> %p\n", kind, size, m.grow, flags, static_cast<void*>(s.h));
        FZ_CHECK(s.h != nullptr && mi.wErrorRet == 0);
        return;
    }
    if (kind == 7) {  // invalid requests: refused with MMSYSERR_INVALPARAM
        mi.fccIOProc = FOURCC_MEM;
        DWORD bad = MMIO_READ;
        if (fl & 1) mi.cchBuffer = -1 - static_cast<LONG>(seed);
        else bad = MMIO_RWMODE;
        FZ_CHECK(mmioOpenA(nullptr, &mi, bad) == nullptr);
        FZ_CHECK(mi.wErrorRet == MMSYSERR_INVALPARAM);
        return;
    }
    // Disk files behind disk_proc_a / disk_proc_b.
    Disk& d = s.disk();
    d = Disk{};
    d.data.resize(len);
    for (uint32_t i = 0; i < len; ++i) d.data[i] = pattern(seed, i);
    d.writeflush_zero = (fl & 0x20) != 0;
    // A large file: ending past the 2 GB limit of LONG positions (4 GB), or at it or up to 7000 bytes below it.
    if (fl & 0x80) d.far_end = (seed & 0x80) ? (int64_t{1} << 32) : kLongMax + 1 - (seed % 8) * 1000;
    mi.adwInfo[0] = static_cast<DWORD>(s.index);
    // Buffer.
    uint8_t bsel = r.u8();
    LONG bsize = 1 + r.u16() % 4096;
    std::unique_ptr<char[]> ubuf;
    switch (bsel % 6) {
    case 0: break;
    case 1: flags |= MMIO_ALLOCBUF; m.buffered = true; m.bufsize = MMIO_DEFAULTBUFFER; break;
    case 2: flags |= MMIO_ALLOCBUF; mi.cchBuffer = bsize; m.buffered = true; m.bufsize = bsize; break;
    case 3:
        ubuf.reset(new char[static_cast<size_t>(bsize)]);
        mi.pchBuffer = ubuf.get();
        mi.cchBuffer = bsize;
        m.buffered = true;
        m.bufsize = bsize;
        s.caller_buf = ubuf.get();
        break;
    case 4:
        ubuf.reset(new char[static_cast<size_t>(bsize)]);
        flags |= MMIO_ALLOCBUF;
        mi.pchBuffer = ubuf.get();
        mi.cchBuffer = bsize;
        m.buffered = true;
        m.bufsize = bsize;
        s.caller_buf = ubuf.get();  // Windows uses the caller's buffer even with MMIO_ALLOCBUF
        break;
    default:
        ubuf.reset(new char[16]);
        mi.pchBuffer = ubuf.get();  // a pointer without a size: reported as a buffer of 0 bytes (Windows)
        m.buffered = true;
        s.caller_buf = ubuf.get();
        break;
    }
    // How the procedure is chosen.
    std::string name = "file" + std::to_string(s.index) + ".bin";
    FOURCC want_fcc = 0;
    LPMMIOPROC expect_proc = nullptr;
    bool unicode = false;
    bool use_w = (bsel & 0x40) != 0;
    if (kind == 3) {  // pIOProc
        LPMMIOPROC p = kProcs[(bsel >> 3) & 1];
        mi.pIOProc = p;
        mi.fccIOProc = (bsel & 0x10) ? kFccB : 0;  // ignored for the choice, reported back
        if (bsel & 0x20) flags |= MMIO_UNICODEPROC;
        expect_proc = p;
        want_fcc = mi.fccIOProc;
        for (size_t i = g_reg.size(); i-- > 0;)
            if (g_reg[i].proc == p) {
                unicode = g_reg[i].unicode;
                break;
            }
        if (flags & MMIO_UNICODEPROC) unicode = true;
    } else {
        if (kind == 4 || kind == 5) {  // fccIOProc
            want_fcc = kind == 4 ? kFccA : kFccB;
            mi.fccIOProc = want_fcc;
        } else {  // compound name
            const NameCase& nc = kCompound[(bsel >> 3) % 4];
            name = nc.name;
            want_fcc = nc.fcc;
        }
        long i = reg_select(want_fcc, nullptr);
        if (i >= 0) {
            expect_proc = g_reg[static_cast<size_t>(i)].proc;
            unicode = g_reg[static_cast<size_t>(i)].unicode;
        }
    }
    bool fail_open = (fl & 0x40) && expect_proc;
    if (fail_open) d.arm(kFailOpen, 0);
    d.check_name = true;
    d.expect_name = name;
    d.expect_wide = unicode;
    if (use_w) {
        std::u16string w(name.begin(), name.end());
        s.h = mmioOpenW(reinterpret_cast<LPWSTR>(&w[0]), &mi, flags);
    } else {
        s.h = mmioOpenA(&name[0], &mi, flags);
    }
    FZ_TRACE("open disk kind %d name %s buf %d/%d flags %#x unicode %d -> %p\n", kind, name.c_str(), bsel % 6,
             m.bufsize, flags, unicode, static_cast<void*>(s.h));
    if (!expect_proc) {
        // An extension with no procedure is a missing file (Windows); an fccIOProc with none, INVALIDFILE.
        FZ_CHECK(s.h == nullptr && mi.wErrorRet == (kind >= 6 ? MMIOERR_FILENOTFOUND : MMIOERR_INVALIDFILE));
        d = Disk{};
        s.caller_buf = nullptr;
        m = Model{};
        return;
    }
    FZ_CHECK(d.name_ok);
    if (fail_open) {
        FZ_CHECK(s.h == nullptr && mi.wErrorRet == MMIOERR_CANNOTOPEN);
        d = Disk{};
        s.caller_buf = nullptr;
        m = Model{};
        return;
    }
    FZ_CHECK(s.h != nullptr && mi.wErrorRet == 0);
    d.check_name = false;
    s.proc = expect_proc;
    s.fcc = want_fcc;
    m.bytes.assign(d.data.begin(), d.data.end());
    m.far_end = d.far_end;  // 0 after MMIO_CREATE
    m.eof = static_cast<int64_t>(m.bytes.size());
    if (ubuf) s.keep.push_back(std::move(ubuf));
}

void run_op(Reader& r) {
    uint8_t b = r.u8();
    Slot& s = *g_slots[(b >> 5) & 1];
    int code = b & 0x1F;
    if (code >= 28) {
        op_registry(r);
        return;
    }
    if (code >= 26) {
        op_stale(r, s);
        return;
    }
    if (!s.h || code >= 24) {
        if (s.h) op_close(s);
        else op_open(r, s);
        check_state(s);
        return;
    }
    Op o{r, s, s.m, s.m.is_mem ? 0 : s.disk().fired};
    switch (code) {
    case 0: case 1: case 2: op_read(o); break;
    case 3: case 4: case 5: op_write(o); break;
    case 6: case 7: case 8: op_seek(o); break;
    case 9: case 10: op_flush(o); break;
    case 11: case 12: op_setbuffer(o); break;
    case 13: case 14: op_direct(o, false); break;
    case 15: case 16: case 17: op_direct(o, true); break;
    case 18: case 19: op_setinfo(o); break;
    case 20: op_message(o); break;
    default: op_fault(o); break;
    }
    check_state(s);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    Slot a, b;
    a.index = 0;
    b.index = 1;
    g_slots[0] = &a;
    g_slots[1] = &b;
    g_reg.clear();
    g_disks[0] = Disk{};
    g_disks[1] = Disk{};
    Reader r(data, size);
    for (int i = 0; i < kMaxOps && !r.empty(); ++i) run_op(r);
    // Tear down: disarm faults, close what is open, remove every installed procedure.
    for (Slot* s : g_slots) {
        if (!s->h) continue;
        if (!s->m.is_mem) s->disk().disarm();
        op_close(*s);
    }
    for (size_t i = g_reg.size(); i-- > 0;) {
        auto install = g_reg[i].unicode ? mmioInstallIOProcW : mmioInstallIOProcA;
        FZ_CHECK(install(g_reg[i].fcc, g_reg[i].proc, MMIO_REMOVEPROC) == g_reg[i].proc);
    }
    FZ_CHECK(mmioInstallIOProcA(kFccA, nullptr, MMIO_FINDPROC) == nullptr);
    FZ_CHECK(mmioInstallIOProcA(kFccB, nullptr, MMIO_FINDPROC) == nullptr);
    g_reg.clear();
    return 0;
}
