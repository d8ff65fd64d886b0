// libFuzzer target: RIFF chunk navigation (mmioDescend / mmioAscend / mmioCreateChunk) on arbitrary bytes.
//
// Input layout (all of it fuzzer-controlled):
//   byte 0   file kind: 0 fixed read-only memory file on a caller block, 1 fixed read-write memory file,
//            2 expandable memory file (internal block, increment from byte 1), 3 disk file behind a custom
//            I/O procedure (buffer from byte 1: 0 = unbuffered, 1 = default 8 KiB, n = n bytes)
//   byte 1   buffer size / expansion increment
//   byte 2   number of operations N (at most kMaxOps)
//   N x 8    operations (see run_op)
//   rest     the file's bytes
// First the whole file is walked like a RIFF reader does (descend into every RIFF/LIST, ascend out of every
// chunk); then the operations run: descend / ascend / create with fuzzer-chosen flags, ids, types, parent
// chunks (including garbage MMCKINFOs), plus seeks, reads and writes in between; then the walk runs again.
//
// Invariants (a violation aborts, so libFuzzer keeps the input):
//   - no crash, leak, hang or out-of-bounds access (ASan/UBSan/libFuzzer);
//   - every return code is in the set documented for the function (Microsoft's page plus the choices
//     recorded in the engine's comments): descend {0, CHUNKNOTFOUND, INVALIDFILE, CANNOTREAD, CANNOTSEEK,
//     INVALPARAM}, ascend {0, CANNOTSEEK, CANNOTWRITE}, create {0, CANNOTSEEK, CANNOTWRITE, INVALPARAM};
//     INVALPARAM exactly when more than one FIND/CREATE flag is given; CANNOTREAD only after the disk refused a
//     write (reads never fail otherwise);
//   - mmioDescend answers exactly what a reference search over the file's current bytes answers (same result
//     code; on success the same MMCKINFO): headers in sequence, non-matching chunks skipped with their pad
//     byte, the search bounded by the parent, the end of file and 2 GB;
//   - a failed descend leaves the last header it examined in *pmmcki (as Windows does; unchanged when none was
//     read or the flags were refused);
//   - a successful descend: the chunk matches the search (ckid / RIFF+fccType / LIST+fccType), starts at or
//     after the position the search started from, its header lies inside the parent when a parent is given,
//     fccType is 0 for other chunks, dwFlags is 0, the position is after the header (+4 for RIFF/LIST),
//     and the header bytes in the file are ckid, cksize (and fccType);
//     with WNG_FUZZ_STRICT_PARENT=1 also dwDataOffset + cksize <= the parent's end (see docs/reliability.md);
//   - a successful ascend: out of a created (MMIO_DIRTY) chunk cksize is the data size (written to the size
//     field when cksize was different), a pad byte
//     0 follows odd sizes, the position is after it; otherwise the position is dwDataOffset + cksize + pad;
//   - a successful create: dwDataOffset = start + 8, dwFlags = MMIO_DIRTY, the header is in the file, the
//     position is after it; a read-only file gives MMIOERR_CANNOTWRITE;
//   - a RIFF walk always terminates with strictly increasing positions.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "fuzz_disk.h"

using namespace fuzzdisk;

namespace {

constexpr int kMaxOps = 64;
constexpr int kSlots = 8;
constexpr int64_t kGrowGuard = 1 << 20;  // expandable files: skip requests that would grow by more than this

const FOURCC kIds[] = {
    FOURCC_RIFF, FOURCC_LIST, mmioFOURCC('W', 'A', 'V', 'E'), mmioFOURCC('f', 'm', 't', ' '),
    mmioFOURCC('d', 'a', 't', 'a'), mmioFOURCC('A', 'V', 'I', ' '), mmioFOURCC('h', 'd', 'r', 'l'),
    mmioFOURCC('m', 'o', 'v', 'i'), mmioFOURCC('i', 'd', 'x', '1'), mmioFOURCC('J', 'U', 'N', 'K'),
    mmioFOURCC('I', 'N', 'F', 'O'), mmioFOURCC('s', 't', 'r', 'l'), mmioFOURCC('s', 't', 'r', 'h'),
    mmioFOURCC('f', 'a', 'c', 't'), mmioFOURCC('0', '0', 'd', 'c'), 0,
};

inline DWORD le32(const unsigned char* p) {
    return static_cast<DWORD>(p[0]) | (static_cast<DWORD>(p[1]) << 8) | (static_cast<DWORD>(p[2]) << 16) |
           (static_cast<DWORD>(p[3]) << 24);
}

bool strict_parent() {
    static int v = -1;
    if (v < 0) {
        const char* e = std::getenv("WNG_FUZZ_STRICT_PARENT");
        v = e && *e == '1';
    }
    return v == 1;
}

struct Ctx {
    HMMIO h = nullptr;
    int kind = 0;
    bool writable = false;
    MMCKINFO slot[kSlots];
    char* block = nullptr;  // caller block of kinds 0 and 1
};

// The file position, from mmioGetInfo (no I/O-procedure message).
int64_t position(HMMIO h) {
    MMIOINFO mi;
    FZ_CHECK(mmioGetInfo(h, &mi, 0) == MMSYSERR_NOERROR);
    if (!mi.pchBuffer) return mi.lDiskOffset;
    return static_cast<int64_t>(mi.lBufOffset) + (mi.pchNext - mi.pchBuffer);
}

int64_t block_size(HMMIO h) {
    MMIOINFO mi;
    FZ_CHECK(mmioGetInfo(h, &mi, 0) == MMSYSERR_NOERROR);
    return mi.cchBuffer;
}

// Reads `n` file bytes at `off` without going through mmioRead/mmioSeek: memory files straight from the
// block (bounded by the end of file), disk files from the disk after a flush. False if not available.
bool file_bytes(Ctx& c, int64_t off, unsigned char* out, int n) {
    if (off < 0) return false;
    if (c.kind == 3) {
        if (mmioFlush(c.h, 0) != MMSYSERR_NOERROR) return false;
        const auto& d = g_disks[0].data;
        if (off + n > static_cast<int64_t>(d.size())) return false;
        std::memcpy(out, d.data() + off, static_cast<size_t>(n));
        return true;
    }
    MMIOINFO mi;
    FZ_CHECK(mmioGetInfo(c.h, &mi, 0) == MMSYSERR_NOERROR);
    if (off + n > mi.pchEndRead - mi.pchBuffer) return false;
    std::memcpy(out, mi.pchBuffer + off, static_cast<size_t>(n));
    return true;
}

// The whole file as it is now (memory files: the block up to the end of data; disk files: the disk after a
// flush). False if not available (a failed flush).
// (No copy: a descend only reads, so the bytes stay put while it runs.)
struct Bytes {
    const unsigned char* p = nullptr;
    int64_t n = 0;
};
bool whole_file(Ctx& c, Bytes& out) {
    if (c.kind == 3) {
        if (mmioFlush(c.h, 0) != MMSYSERR_NOERROR) return false;
        out.p = g_disks[0].data.data();
        out.n = static_cast<int64_t>(g_disks[0].data.size());
        return true;
    }
    MMIOINFO mi;
    FZ_CHECK(mmioGetInfo(c.h, &mi, 0) == MMSYSERR_NOERROR);
    out.p = reinterpret_cast<const unsigned char*>(mi.pchBuffer);
    out.n = mi.pchEndRead - mi.pchBuffer;
    return true;
}

// Reference search: what mmioDescend must answer for `file` from `start` (the rules in the engine's comment,
// written out independently): headers are read in sequence, non-matching chunks skipped with their pad byte.
MMRESULT ref_descend(const Bytes& file, int64_t start, int64_t end, UINT mode, FOURCC want_id, FOURCC want_type,
                     MMCKINFO& out) {
    const int64_t eof = file.n;
    for (int64_t pos = start;;) {
        if (pos + 8 > end || pos + 8 > eof) return MMIOERR_CHUNKNOTFOUND;
        const FOURCC id = le32(file.p + pos);
        const DWORD size = le32(file.p + pos + 4);
        out.ckid = id;
        out.cksize = size;
        out.fccType = 0;
        out.dwDataOffset = static_cast<DWORD>(pos + 8);
        const bool is_list = id == FOURCC_RIFF || id == FOURCC_LIST;
        bool candidate = mode == MMIO_FINDCHUNK ? want_id == 0 || id == want_id
                         : mode == MMIO_FINDRIFF ? id == FOURCC_RIFF
                         : mode == MMIO_FINDLIST ? id == FOURCC_LIST
                                                 : true;
        FOURCC type = 0;
        if (candidate && is_list) {
            if (size < 4) return MMIOERR_INVALIDFILE;
            if (pos + 12 > eof) return MMIOERR_CHUNKNOTFOUND;
            type = le32(file.p + pos + 8);
            out.fccType = type;
            if ((mode == MMIO_FINDRIFF || mode == MMIO_FINDLIST) && want_type && type != want_type) candidate = false;
        }
        if (candidate) {
            out.dwFlags = 0;
            return MMSYSERR_NOERROR;
        }
        const int64_t next = pos + 8 + size + (size & 1);
        if (next > end || next > kLongMax) return MMIOERR_CHUNKNOTFOUND;
        pos = next;
    }
}

bool descend_rc_ok(MMRESULT rc) {
    return rc == MMSYSERR_NOERROR || rc == MMIOERR_CHUNKNOTFOUND || rc == MMIOERR_INVALIDFILE ||
           rc == MMIOERR_CANNOTSEEK || rc == MMSYSERR_INVALPARAM;
}

MMRESULT checked_descend(Ctx& c, MMCKINFO* ck, const MMCKINFO* parent, UINT flags) {
    const MMCKINFO before = *ck;
    const MMCKINFO par = parent ? *parent : MMCKINFO{};
    const UINT mode0 = flags & (MMIO_FINDCHUNK | MMIO_FINDRIFF | MMIO_FINDLIST);
    Bytes file;
    const bool have_ref = !(mode0 & (mode0 - 1)) && whole_file(c, file);
    const int64_t start = position(c.h);
    const MMRESULT rc = mmioDescend(c.h, ck, parent, flags);
    if (have_ref) {
        // The engine must find what the reference finds, or fail the same way.
        MMCKINFO ref = before;
        const int64_t end = parent ? static_cast<int64_t>(par.dwDataOffset) + par.cksize : INT64_MAX;
        const MMRESULT want = ref_descend(file, start, end, mode0, before.ckid, before.fccType, ref);
        FZ_TRACE("  reference: %u (ck %08x size %u off %u)\n", want, ref.ckid, ref.cksize, ref.dwDataOffset);
        FZ_CHECK(rc == want);
        FZ_CHECK(std::memcmp(&ref, ck, sizeof ref) == 0);
    }
    FZ_TRACE("descend at %lld id=%08x type=%08x parent=%s flags=%#x -> %u (ck %08x size %u type %08x off %u)\n",
             static_cast<long long>(start), before.ckid, before.fccType, parent ? "yes" : "no", flags, rc, ck->ckid,
             ck->cksize, ck->fccType, ck->dwDataOffset);
    FZ_CHECK(descend_rc_ok(rc) || (rc == MMIOERR_CANNOTREAD && c.kind == 3 && g_disks[0].fired > 0));
    const UINT mode = flags & (MMIO_FINDCHUNK | MMIO_FINDRIFF | MMIO_FINDLIST);
    const bool multi = (mode & (mode - 1)) != 0;
    FZ_CHECK((rc == MMSYSERR_INVALPARAM) == multi);
    if (rc != MMSYSERR_NOERROR) {
        if (multi) FZ_CHECK(std::memcmp(&before, ck, sizeof before) == 0);
        return rc;
    }
    const bool is_list = ck->ckid == FOURCC_RIFF || ck->ckid == FOURCC_LIST;
    if (mode == MMIO_FINDCHUNK && before.ckid) FZ_CHECK(ck->ckid == before.ckid);
    if (mode == MMIO_FINDRIFF) FZ_CHECK(ck->ckid == FOURCC_RIFF && (before.fccType == 0 || ck->fccType == before.fccType));
    if (mode == MMIO_FINDLIST) FZ_CHECK(ck->ckid == FOURCC_LIST && (before.fccType == 0 || ck->fccType == before.fccType));
    if (!is_list) FZ_CHECK(ck->fccType == 0);
    else FZ_CHECK(ck->cksize >= 4);
    FZ_CHECK(ck->dwFlags == 0);
    FZ_CHECK(static_cast<int64_t>(ck->dwDataOffset) >= start + 8);
    if (parent) {
        const int64_t pend = static_cast<int64_t>(par.dwDataOffset) + par.cksize;
        FZ_CHECK(static_cast<int64_t>(ck->dwDataOffset) <= pend);
        if (strict_parent()) FZ_CHECK(static_cast<int64_t>(ck->dwDataOffset) + ck->cksize <= pend);
    }
    FZ_CHECK(position(c.h) == static_cast<int64_t>(ck->dwDataOffset) + (is_list ? 4 : 0));
    unsigned char hdr[12];
    const int n = is_list ? 12 : 8;
    const int64_t at = static_cast<int64_t>(ck->dwDataOffset) - 8;
    if (file_bytes(c, at, hdr, n)) {
        FZ_CHECK(le32(hdr) == ck->ckid);
        FZ_CHECK(le32(hdr + 4) == ck->cksize);
        if (is_list) FZ_CHECK(le32(hdr + 8) == ck->fccType);
    }
    return rc;
}

MMRESULT checked_ascend(Ctx& c, MMCKINFO* ck) {
    const MMCKINFO before = *ck;
    const int64_t start = position(c.h);
    const MMRESULT rc = mmioAscend(c.h, ck, 0);
    FZ_TRACE("ascend at %lld (id=%08x size %u off %u flags %#x) -> %u, now at %lld\n", static_cast<long long>(start),
             before.ckid, before.cksize, before.dwDataOffset, before.dwFlags, rc, static_cast<long long>(position(c.h)));
    FZ_CHECK(rc == MMSYSERR_NOERROR || rc == MMIOERR_CANNOTSEEK || rc == MMIOERR_CANNOTWRITE);
    if (rc != MMSYSERR_NOERROR) return rc;
    FZ_CHECK(ck->ckid == before.ckid && ck->fccType == before.fccType && ck->dwDataOffset == before.dwDataOffset &&
             ck->dwFlags == before.dwFlags);
    if (before.dwFlags & MMIO_DIRTY) {
        const int64_t size = start - before.dwDataOffset;
        FZ_CHECK(size >= 0);
        FZ_CHECK(static_cast<int64_t>(ck->cksize) == size);
        FZ_CHECK(position(c.h) == start + (size & 1));
        unsigned char b[4];
        // The size field is rewritten only when cksize was not already right (documented choice), so it is
        // only known to hold the size then: a later overwrite of the header is the application's business.
        if (before.cksize != static_cast<DWORD>(size) && file_bytes(c, static_cast<int64_t>(before.dwDataOffset) - 4, b, 4))
            FZ_CHECK(le32(b) == ck->cksize);
        if ((size & 1) && file_bytes(c, start, b, 1)) FZ_CHECK(b[0] == 0);
    } else {
        FZ_CHECK(ck->cksize == before.cksize);
        FZ_CHECK(position(c.h) == static_cast<int64_t>(before.dwDataOffset) + before.cksize + (before.cksize & 1));
    }
    return rc;
}

MMRESULT checked_create(Ctx& c, MMCKINFO* ck, UINT flags) {
    const MMCKINFO before = *ck;
    const int64_t start = position(c.h);
    const MMRESULT rc = mmioCreateChunk(c.h, ck, flags);
    FZ_TRACE("create at %lld id=%08x size %u flags %#x -> %u\n", static_cast<long long>(start), before.ckid,
             before.cksize, flags, rc);
    FZ_CHECK(rc == MMSYSERR_NOERROR || rc == MMIOERR_CANNOTSEEK || rc == MMIOERR_CANNOTWRITE ||
             rc == MMSYSERR_INVALPARAM);
    const UINT m = flags & (MMIO_CREATERIFF | MMIO_CREATELIST);
    FZ_CHECK((rc == MMSYSERR_INVALPARAM) == (m == (MMIO_CREATERIFF | MMIO_CREATELIST)));
    if (rc == MMSYSERR_INVALPARAM) return rc;
    if (!c.writable) FZ_CHECK(rc == MMIOERR_CANNOTWRITE);
    if (rc != MMSYSERR_NOERROR) return rc;
    const FOURCC id = m == MMIO_CREATERIFF ? FOURCC_RIFF : m == MMIO_CREATELIST ? FOURCC_LIST : before.ckid;
    FZ_CHECK(ck->ckid == id && ck->cksize == before.cksize && ck->fccType == before.fccType);
    FZ_CHECK(static_cast<int64_t>(ck->dwDataOffset) == start + 8);
    FZ_CHECK(ck->dwFlags == MMIO_DIRTY);
    FZ_CHECK(position(c.h) == start + (m ? 12 : 8));
    unsigned char hdr[12];
    if (file_bytes(c, start, hdr, m ? 12 : 8)) {
        FZ_CHECK(le32(hdr) == id && le32(hdr + 4) == before.cksize);
        if (m) FZ_CHECK(le32(hdr + 8) == before.fccType);
    }
    return rc;
}

// The usual reader loop: descend into everything, recurse into RIFF/LIST, ascend. Bounded depth; each
// level must move strictly forward.
void walk(Ctx& c, const MMCKINFO* parent, int depth, int& budget) {
    for (;;) {
        if (--budget < 0) return;
        const int64_t before = position(c.h);
        MMCKINFO ck;
        std::memset(&ck, 0, sizeof ck);
        if (checked_descend(c, &ck, parent, 0) != MMSYSERR_NOERROR) return;
        FZ_CHECK(static_cast<int64_t>(ck.dwDataOffset) > before);
        if ((ck.ckid == FOURCC_RIFF || ck.ckid == FOURCC_LIST) && depth < 16) walk(c, &ck, depth + 1, budget);
        if (c.kind == 2 && static_cast<int64_t>(ck.dwDataOffset) + ck.cksize > block_size(c.h) + kGrowGuard) return;
        if (checked_ascend(c, &ck) != MMSYSERR_NOERROR) return;
        FZ_CHECK(position(c.h) > before);
    }
}

void run_walk(Ctx& c) {
    if (mmioSeek(c.h, 0, SEEK_SET) != 0) return;
    int budget = 4096;
    walk(c, nullptr, 0, budget);
}

void run_op(Ctx& c, const uint8_t* op) {
    const uint8_t k = op[0], a = op[1], b = op[2], f = op[3];
    const uint32_t v = le32(op + 4);
    MMCKINFO& ck = c.slot[a % kSlots];
    switch (k % 8) {
    case 0:
    case 1:
    case 2: {  // descend
        const MMCKINFO* parent = (b % (kSlots + 1)) == kSlots ? nullptr : &c.slot[b % (kSlots + 1)];
        static const UINT modes[] = {0, MMIO_FINDCHUNK, MMIO_FINDRIFF, MMIO_FINDLIST};
        UINT flags = modes[f % 4];
        if (f & 0x80) flags |= modes[1 + (f >> 2) % 3];  // sometimes two FIND flags (invalid unless the same)
        MMCKINFO search = ck;
        search.ckid = (f & 0x40) ? v : kIds[op[4] % 16];
        search.fccType = (f & 0x20) ? v : kIds[op[5] % 16];
        if (parent == &ck) parent = &c.slot[(a + 1) % kSlots];
        const MMCKINFO par = parent ? *parent : MMCKINFO{};
        if (checked_descend(c, &search, parent ? &par : nullptr, flags) == MMSYSERR_NOERROR) ck = search;
        break;
    }
    case 3:  // ascend
        if (c.kind == 2 && !(ck.dwFlags & MMIO_DIRTY) &&
            static_cast<int64_t>(ck.dwDataOffset) + ck.cksize > block_size(c.h) + kGrowGuard)
            break;
        checked_ascend(c, &ck);
        break;
    case 4: {  // create
        static const UINT cf[] = {0, MMIO_CREATERIFF, MMIO_CREATELIST, MMIO_CREATERIFF | MMIO_CREATELIST};
        MMCKINFO n = ck;
        n.ckid = (b & 0x80) ? v : kIds[op[4] % 16];
        n.fccType = kIds[op[5] % 16];
        n.cksize = (b & 0x40) ? v : (b & 0x3F);
        if (checked_create(c, &n, cf[f % 4]) == MMSYSERR_NOERROR) ck = n;
        break;
    }
    case 5: {  // seek
        LONG target;
        switch (b % 4) {
        case 0: target = static_cast<LONG>(v % 70000); break;
        case 1: target = static_cast<LONG>(static_cast<int64_t>(ck.dwDataOffset) + static_cast<int8_t>(f)); break;
        case 2: target = static_cast<LONG>(v); break;
        default: target = static_cast<LONG>(position(c.h) + static_cast<int8_t>(f)); break;
        }
        if (c.kind == 2 && static_cast<int64_t>(target) > block_size(c.h) + kGrowGuard) break;
        const int64_t before = position(c.h);
        const LONG r = mmioSeek(c.h, target, SEEK_SET);
        FZ_TRACE("seek %d -> %d\n", target, r);
        if (r == -1) FZ_CHECK(position(c.h) == before);
        else FZ_CHECK(r == target && position(c.h) == target);
        break;
    }
    case 6:  // garbage into a chunk structure (later used as parent / ascended)
        switch (b % 5) {
        case 0: ck.ckid = v; break;
        case 1: ck.cksize = v; break;
        case 2: ck.fccType = v; break;
        case 3: ck.dwDataOffset = v; break;
        default: ck.dwFlags = v; break;
        }
        break;
    default: {  // read or write a few bytes
        const LONG n = static_cast<LONG>(v % 300);
        std::vector<char> buf(static_cast<size_t>(n), static_cast<char>(f));
        if (b & 1) {
            const int64_t at = position(c.h);
            const LONG r = mmioWrite(c.h, buf.data(), n);
            FZ_TRACE("write %d at %lld -> %d\n", n, static_cast<long long>(at), r);
            FZ_CHECK(r <= std::min<int64_t>(n, kLongMax - at));  // positions end at 2 GB - 1
            if (!c.writable) FZ_CHECK(r == (n ? -1 : 0));
        } else {
            const LONG r = mmioRead(c.h, buf.data(), n);
            FZ_TRACE("read %d -> %d\n", n, r);
            FZ_CHECK(r <= n);
            // Reads fail only when writing the dirty buffer first fails (the disk refuses to grow past kDiskCap).
            if (r < 0) FZ_CHECK(c.kind == 3 && g_disks[0].fired > 0);
        }
        break;
    }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 3) return 0;
    Ctx c;
    std::memset(c.slot, 0, sizeof c.slot);
    c.kind = data[0] % 4;
    const uint8_t bufsel = data[1];
    const int nops = std::min<int>(data[2], kMaxOps);
    size_t ops_len = std::min<size_t>(static_cast<size_t>(nops) * 8, size - 3);
    const uint8_t* ops = data + 3;
    const int real_ops = static_cast<int>(ops_len / 8);
    const uint8_t* file = ops + ops_len;
    const size_t file_len = size - 3 - ops_len;

    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    switch (c.kind) {
    case 0:
    case 1:
        c.block = static_cast<char*>(std::malloc(file_len));  // exact size: ASan sees any overrun
        if (file_len) std::memcpy(c.block, file, file_len);
        mi.fccIOProc = FOURCC_MEM;
        mi.pchBuffer = c.block;
        mi.cchBuffer = static_cast<LONG>(file_len);
        c.writable = c.kind == 1;
        c.h = mmioOpenA(nullptr, &mi, c.kind == 0 ? MMIO_READ : MMIO_READWRITE);
        break;
    case 2:
        mi.fccIOProc = FOURCC_MEM;
        // A NULL block of size 0 would be no block at all (as on Windows): an empty file gets a 1-byte block
        // with MMIO_CREATE (end of file 0), which still grows.
        mi.cchBuffer = file_len ? static_cast<LONG>(file_len) : 1;
        mi.adwInfo[0] = 1 + bufsel * 16u;
        c.writable = true;
        c.h = mmioOpenA(nullptr, &mi, MMIO_READWRITE | (file_len ? 0 : MMIO_CREATE));
        if (c.h && file_len) {
            FZ_CHECK(mmioWrite(c.h, reinterpret_cast<const char*>(file), static_cast<LONG>(file_len)) ==
                     static_cast<LONG>(file_len));
        }
        break;
    default: {
        Disk& d = g_disks[0];
        d = Disk{};
        d.data.assign(file, file + file_len);
        mi.pIOProc = disk_proc_a;
        mi.adwInfo[0] = 0;
        DWORD flags = MMIO_READWRITE;
        if (bufsel == 1) flags |= MMIO_ALLOCBUF;  // default size
        else if (bufsel > 1) {
            flags |= MMIO_ALLOCBUF;
            mi.cchBuffer = bufsel;
        }
        c.writable = true;
        c.h = mmioOpenA(const_cast<char*>("riff.bin"), &mi, flags);
        break;
    }
    }
    FZ_CHECK(c.h != nullptr);

    run_walk(c);
    for (int i = 0; i < real_ops; ++i) run_op(c, ops + 8 * i);
    run_walk(c);

    const MMRESULT rc = mmioClose(c.h, 0);
    FZ_CHECK(rc == MMSYSERR_NOERROR || (rc == MMIOERR_CANNOTWRITE && c.kind == 3 && g_disks[0].fired > 0));
    FZ_CHECK(mmioClose(c.h, 0) == MMSYSERR_INVALHANDLE);
    std::free(c.block);
    if (c.kind == 3) g_disks[0] = Disk{};
    return 0;
}
