// winmm-ng mmio: RIFF chunk navigation (mmioDescend, mmioAscend, mmioCreateChunk).
// All three work on the locked file through the buffered engine, so walking chunks that are already in
// the I/O buffer costs no I/O-procedure message at all.
#include <climits>

#include "mmio_internal.h"

namespace wng_mmio {
namespace {

inline DWORD le32(const unsigned char* p) {
    return static_cast<DWORD>(p[0]) | (static_cast<DWORD>(p[1]) << 8) | (static_cast<DWORD>(p[2]) << 16) |
           (static_cast<DWORD>(p[3]) << 24);
}

inline void put_le32(unsigned char* p, DWORD v) {
    p[0] = static_cast<unsigned char>(v);
    p[1] = static_cast<unsigned char>(v >> 8);
    p[2] = static_cast<unsigned char>(v >> 16);
    p[3] = static_cast<unsigned char>(v >> 24);
}

}  // namespace
}  // namespace wng_mmio

using namespace wng_mmio;

static MMRESULT mmioDescend_impl(HMMIO hmmio, LPMMCKINFO pmmcki, const MMCKINFO* pmmckiParent, UINT fuDescend) {
    Locked l(hmmio);
    if (!l.get()) return MMSYSERR_INVALHANDLE;
    if (!pmmcki) return MMSYSERR_INVALPARAM;
    Slot& s = *l.get();
    UINT mode = fuDescend & (MMIO_FINDCHUNK | MMIO_FINDRIFF | MMIO_FINDLIST);
    if (mode & (mode - 1)) return MMSYSERR_INVALPARAM;
    const int64_t end = pmmckiParent ? static_cast<int64_t>(pmmckiParent->dwDataOffset) + pmmckiParent->cksize : INT64_MAX;
    const FOURCC want_id = pmmcki->ckid;
    const FOURCC want_type = pmmcki->fccType;
    // Windows reports every header it examines in the caller's structure, so a failed search leaves the last
    // one there (a failure before any header was read leaves the structure as it was).
    for (;;) {
        const LONG pos = cur_pos(s.f);
        if (static_cast<int64_t>(pos) + 8 > end) return MMIOERR_CHUNKNOTFOUND;
        unsigned char hdr[12];
        LONG r = read_locked(s, reinterpret_cast<char*>(hdr), 8);
        if (r < 0) return MMIOERR_CANNOTREAD;
        if (r < 8) return MMIOERR_CHUNKNOTFOUND;
        const FOURCC id = le32(hdr);
        const DWORD size = le32(hdr + 4);
        pmmcki->ckid = id;
        pmmcki->cksize = size;
        pmmcki->fccType = 0;
        pmmcki->dwDataOffset = static_cast<DWORD>(pos) + 8;
        const bool is_list = id == FOURCC_RIFF || id == FOURCC_LIST;
        bool candidate;
        switch (mode) {
        case MMIO_FINDCHUNK: candidate = want_id == 0 || id == want_id; break;  // ckid 0: the next chunk
        case MMIO_FINDRIFF: candidate = id == FOURCC_RIFF; break;
        case MMIO_FINDLIST: candidate = id == FOURCC_LIST; break;
        default: candidate = true; break;
        }
        if (candidate && is_list) {
            if (size < 4) return MMIOERR_INVALIDFILE;
            r = read_locked(s, reinterpret_cast<char*>(hdr + 8), 4);
            if (r < 0) return MMIOERR_CANNOTREAD;
            if (r < 4) return MMIOERR_CHUNKNOTFOUND;
            pmmcki->fccType = le32(hdr + 8);
            if ((mode == MMIO_FINDRIFF || mode == MMIO_FINDLIST) && want_type != 0 && pmmcki->fccType != want_type)
                candidate = false;
        }
        if (candidate) {
            pmmcki->dwFlags = 0;
            return MMSYSERR_NOERROR;
        }
        const int64_t next = static_cast<int64_t>(pos) + 8 + size + (size & 1);
        if (next > end || next > kLongMax) return MMIOERR_CHUNKNOTFOUND;
        // A memory file ends where its data ends: a skip past that is the end of the search, as it is on a
        // disk file. (Seeking there would grow an expandable block to a size taken from the file's bytes.)
        if (s.f.is_mem && next > s.f.end_read - s.f.buf) return MMIOERR_CHUNKNOTFOUND;
        if (seek_locked(s, static_cast<LONG>(next), SEEK_SET) < 0) return MMIOERR_CANNOTSEEK;
    }
}
// mmioDescend: reads chunk headers at the current position (8 bytes, plus the 4-byte form/list type of a
// RIFF/LIST candidate) and skips non-matching chunks by seeking past their data and pad byte; inside the
// buffer this sends no message. On success the position is after the header (after the type for
// RIFF/LIST) and *pmmcki is filled (fccType = 0 for other chunks, dwFlags = 0). As on Windows: MMIO_FINDCHUNK
// with ckid 0 matches the next chunk whatever its id; FINDRIFF/FINDLIST match on pmmcki->fccType, and
// fccType == 0 matches any form/list type; every header examined is written to *pmmcki (ckid, cksize, fccType
// (0 unless a RIFF/LIST type was read), dwDataOffset), so a failed search leaves the last one there.
// Chosen where Windows' behaviour is not known: with a parent the search stops at
// parent->dwDataOffset + parent->cksize; running out of file or parent, a truncated header, or a skip target
// past the parent or beyond 2 GB -> MMIOERR_CHUNKNOTFOUND; a RIFF/LIST candidate whose size is below 4 ->
// MMIOERR_INVALIDFILE; a read error -> MMIOERR_CANNOTREAD; a failed skip seek -> MMIOERR_CANNOTSEEK; the
// chunk found is returned even if its size runs past the parent or the file (callers read what exists);
// more than one FIND flag, or pmmcki == NULL -> MMSYSERR_INVALPARAM (*pmmcki unchanged); dwFlags is only
// written (0) on success.
extern "C" MMRESULT WINAPI mmioDescend(HMMIO hmmio, LPMMCKINFO pmmcki, const MMCKINFO* pmmckiParent, UINT fuDescend) {
    MMRESULT r = mmioDescend_impl(hmmio, pmmcki, pmmckiParent, fuDescend);
    MMIO_TRACE("mmioDescend(%p, %p, %p, 0x%x) = %u", (void*)hmmio, (void*)pmmcki, (const void*)pmmckiParent, fuDescend, r);
    return r;
}

static MMRESULT mmioAscend_impl(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuAscend) {
    (void)fuAscend;
    Locked l(hmmio);
    if (!l.get()) return MMSYSERR_INVALHANDLE;
    if (!pmmcki) return MMSYSERR_INVALPARAM;
    Slot& s = *l.get();
    if (pmmcki->dwFlags & MMIO_DIRTY) {
        const LONG cur = cur_pos(s.f);
        const int64_t size = static_cast<int64_t>(cur) - pmmcki->dwDataOffset;
        if (size < 0 || pmmcki->dwDataOffset < 4) return MMIOERR_CANNOTSEEK;
        if (size != pmmcki->cksize) {
            if (seek_locked(s, static_cast<LONG>(pmmcki->dwDataOffset - 4), SEEK_SET) < 0) return MMIOERR_CANNOTSEEK;
            unsigned char b[4];
            put_le32(b, static_cast<DWORD>(size));
            if (write_locked(s, reinterpret_cast<const char*>(b), 4) != 4) return MMIOERR_CANNOTWRITE;
            if (seek_locked(s, cur, SEEK_SET) != cur) return MMIOERR_CANNOTSEEK;
            pmmcki->cksize = static_cast<DWORD>(size);
        }
        if (size & 1) {
            const char zero = 0;
            if (write_locked(s, &zero, 1) != 1) return MMIOERR_CANNOTWRITE;
        }
        return MMSYSERR_NOERROR;
    }
    const int64_t next = static_cast<int64_t>(pmmcki->dwDataOffset) + pmmcki->cksize + (pmmcki->cksize & 1);
    if (next > kLongMax) return MMIOERR_CANNOTSEEK;
    if (seek_locked(s, static_cast<LONG>(next), SEEK_SET) < 0) return MMIOERR_CANNOTSEEK;
    return MMSYSERR_NOERROR;
}
// mmioAscend: for a chunk marked MMIO_DIRTY (made by mmioCreateChunk) the current position is the end of
// its data: if the size differs from cksize the size field is rewritten (seek to dwDataOffset - 4, write 4
// bytes, seek back) and pmmcki->cksize updated, then a zero pad byte is written after odd-sized data.
// Otherwise it seeks to dwDataOffset + cksize + pad. All through the buffer (writes reach the procedure at
// the next flush point). Chosen: a position before dwDataOffset, a size-field offset below 0 or a target
// beyond 2 GB -> MMIOERR_CANNOTSEEK; a failed write -> MMIOERR_CANNOTWRITE; pmmcki == NULL ->
// MMSYSERR_INVALPARAM; fuAscend is ignored; dwFlags is left as it was.
extern "C" MMRESULT WINAPI mmioAscend(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuAscend) {
    MMRESULT r = mmioAscend_impl(hmmio, pmmcki, fuAscend);
    MMIO_TRACE("mmioAscend(%p, %p, 0x%x) = %u", (void*)hmmio, (void*)pmmcki, fuAscend, r);
    return r;
}

static MMRESULT mmioCreateChunk_impl(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuCreate) {
    Locked l(hmmio);
    if (!l.get()) return MMSYSERR_INVALHANDLE;
    if (!pmmcki) return MMSYSERR_INVALPARAM;
    Slot& s = *l.get();
    UINT m = fuCreate & (MMIO_CREATERIFF | MMIO_CREATELIST);
    if (m == (MMIO_CREATERIFF | MMIO_CREATELIST)) return MMSYSERR_INVALPARAM;
    if (m == MMIO_CREATERIFF) pmmcki->ckid = FOURCC_RIFF;
    else if (m == MMIO_CREATELIST) pmmcki->ckid = FOURCC_LIST;
    const LONG pos = cur_pos(s.f);
    if (pos < 0 || pos > kLongMax - 12) return MMIOERR_CANNOTSEEK;
    unsigned char hdr[12];
    put_le32(hdr, pmmcki->ckid);
    put_le32(hdr + 4, pmmcki->cksize);
    LONG n = 8;
    if (m) {
        put_le32(hdr + 8, pmmcki->fccType);
        n = 12;
    }
    pmmcki->dwDataOffset = static_cast<DWORD>(pos) + 8;
    pmmcki->dwFlags = MMIO_DIRTY;
    if (write_locked(s, reinterpret_cast<const char*>(hdr), n) != n) return MMIOERR_CANNOTWRITE;
    return MMSYSERR_NOERROR;
}
// mmioCreateChunk: writes the header at the current position in one mmioWrite-equivalent (8 bytes: ckid,
// cksize; 12 with the form/list type for MMIO_CREATERIFF / MMIO_CREATELIST, which also set ckid), sets
// dwDataOffset = position + 8 and dwFlags = MMIO_DIRTY; the position ends after the header.
// Chosen: both CREATE flags or pmmcki == NULL -> MMSYSERR_INVALPARAM; a short or failed header write ->
// MMIOERR_CANNOTWRITE (dwDataOffset and dwFlags are filled in before the write).
extern "C" MMRESULT WINAPI mmioCreateChunk(HMMIO hmmio, LPMMCKINFO pmmcki, UINT fuCreate) {
    MMRESULT r = mmioCreateChunk_impl(hmmio, pmmcki, fuCreate);
    MMIO_TRACE("mmioCreateChunk(%p, %p, 0x%x) = %u", (void*)hmmio, (void*)pmmcki, fuCreate, r);
    return r;
}
