// Minimal reproducers of the engine bugs the fuzzers and the fault-injection tests found (one TEST_CASE each,
// named after the bug; see docs/reliability.md). Built natively with the mmio core and run under ASan/UBSan.
// Cases tagged [.][open] would reproduce issues that are reported but not fixed yet (hidden from the default
// run; `fuzz-regressions "[open]"`). There are none at present.
#include <catch.hpp>
#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

#include "winmm_ng/mmio_abi.h"

namespace {

void put32(std::string& s, uint32_t v) {
    for (int i = 0; i < 4; ++i) s.push_back(static_cast<char>(v >> (8 * i)));
}

MMIOINFO mem_info(char* block, LONG size, DWORD grow) {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.fccIOProc = FOURCC_MEM;
    mi.pchBuffer = block;
    mi.cchBuffer = size;
    mi.adwInfo[0] = grow;
    return mi;
}

}  // namespace

// fuzz_riff: a chunk size taken from the file made mmioDescend seek far past the end of an expandable memory
// file, which grows the block to reach the target (1.7 GB from a 250-byte file). Fixed in mmio_riff.cpp: a
// skip past the end of a memory file's data ends the search with MMIOERR_CHUNKNOTFOUND, as on a disk file.
TEST_CASE("mmioDescend does not grow an expandable memory file to a chunk size read from it", "[fuzz][riff]") {
    std::string f;
    f += "JUNK";
    put32(f, 0x7FFF0000u);  // a corrupt size: 2 GB of junk
    f += "abcd";
    MMIOINFO mi = mem_info(nullptr, static_cast<LONG>(f.size()), 16);
    HMMIO h = mmioOpenA(nullptr, &mi, MMIO_READWRITE);
    REQUIRE(h);
    REQUIRE(mmioWrite(h, f.data(), static_cast<LONG>(f.size())) == static_cast<LONG>(f.size()));
    REQUIRE(mmioSeek(h, 0, SEEK_SET) == 0);
    MMCKINFO ck;
    std::memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    CHECK(mmioDescend(h, &ck, nullptr, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    CHECK(info.cchBuffer == static_cast<LONG>(f.size()));  // not grown
    CHECK(mmioClose(h, 0) == 0);
}

// The same bytes in a fixed memory file and on a disk give the same answer (was MMIOERR_CANNOTSEEK for the
// memory file: the skip seek past the block failed).
TEST_CASE("mmioDescend past the end of a fixed memory file: MMIOERR_CHUNKNOTFOUND", "[fuzz][riff]") {
    std::string f;
    f += "fmt ";
    put32(f, 100);  // claims 100 bytes, the file has 4
    f += "abcd";
    MMIOINFO mi = mem_info(&f[0], static_cast<LONG>(f.size()), 0);
    HMMIO h = mmioOpenA(nullptr, &mi, MMIO_READ);
    REQUIRE(h);
    MMCKINFO ck;
    std::memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    CHECK(mmioDescend(h, &ck, nullptr, MMIO_FINDCHUNK) == MMIOERR_CHUNKNOTFOUND);
    CHECK(mmioClose(h, 0) == 0);
}

// fuzz_ops: mmioGetInfo reported MMIO_DIRTY on a memory file after mmioWrite; handing the structure back
// unchanged to mmioSetInfo (the documented get/access/set pattern, here without writing) then moved the end
// of the file up to pchNext when the position was past the end. Fixed in mmio_engine.cpp (sync_info): memory
// files have nothing to flush and never report MMIO_DIRTY.
TEST_CASE("mmioGetInfo + mmioSetInfo unchanged leaves a memory file's end alone", "[fuzz][direct]") {
    char block[64];
    std::memset(block, 0, sizeof block);
    MMIOINFO mi = mem_info(block, sizeof block, 0);
    HMMIO h = mmioOpenA(nullptr, &mi, MMIO_READWRITE | MMIO_CREATE);
    REQUIRE(h);
    REQUIRE(mmioWrite(h, "x", 1) == 1);
    REQUIRE(mmioSeek(h, 15, SEEK_SET) == 15);  // past the end, inside the block
    MMIOINFO info;
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    CHECK((info.dwFlags & MMIO_DIRTY) == 0);
    REQUIRE(mmioSetInfo(h, &info, 0) == 0);
    CHECK(mmioSeek(h, 0, SEEK_END) == 1);
    CHECK(mmioClose(h, 0) == 0);
}

namespace {

// A procedure over one in-memory disk (for the cases below).
std::string g_disk;
bool g_fail_next_seek = false;
LRESULT CALLBACK string_proc(LPSTR lpmmioinfo, UINT msg, LPARAM p1, LPARAM p2) {
    MMIOINFO* mi = reinterpret_cast<MMIOINFO*>(lpmmioinfo);
    switch (msg) {
    case MMIOM_OPEN:
        if (mi->dwFlags & MMIO_CREATE) g_disk.clear();
        mi->lDiskOffset = 0;
        return 0;
    case MMIOM_READ: {
        long off = mi->lDiskOffset;
        long n = std::max<long>(0, std::min<long>(static_cast<long>(p2), static_cast<long>(g_disk.size()) - off));
        if (n > 0) std::memcpy(reinterpret_cast<char*>(p1), g_disk.data() + off, static_cast<size_t>(n));
        mi->lDiskOffset += n;
        return n;
    }
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH: {
        long off = mi->lDiskOffset;
        if (g_disk.size() < static_cast<size_t>(off + p2)) g_disk.resize(static_cast<size_t>(off + p2), '\0');
        g_disk.replace(static_cast<size_t>(off), static_cast<size_t>(p2), reinterpret_cast<const char*>(p1), static_cast<size_t>(p2));
        mi->lDiskOffset += static_cast<LONG>(p2);
        return p2;
    }
    case MMIOM_SEEK: {
        if (g_fail_next_seek) {
            g_fail_next_seek = false;
            return -1;
        }
        long base = p2 == SEEK_SET ? 0 : p2 == SEEK_CUR ? mi->lDiskOffset : static_cast<long>(g_disk.size());
        if (base + p1 < 0) return -1;
        mi->lDiskOffset = static_cast<LONG>(base + p1);
        return mi->lDiskOffset;
    }
    default:
        return 0;
    }
}

}  // namespace

// Fixed (found by fuzz_ops): an application moves pchNext past pchEndRead with mmioSetInfo without
// MMIO_DIRTY (skipping forward in the buffer), then hands a fresh mmioGetInfo structure back unchanged, e.g. to
// mmioAdvance. mmioGetInfo reports MMIO_DIRTY because earlier mmioWrite data is unflushed, and the engine then
// takes [pchEndRead, pchNext) as written: bytes the buffer happened to hold (uninitialised memory) reach the
// file, and the file grows. Fix (mmio_engine.cpp, apply_direct): pchEndRead moves up to pchNext only when
// pchNext moved forward in this call, since only then can the caller have written there.
TEST_CASE("a get/set round trip with the reported MMIO_DIRTY does not write buffer garbage", "[fuzz_ops][direct]") {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = string_proc;
    mi.cchBuffer = 64;
    char name[] = "x";
    HMMIO h = mmioOpenA(name, &mi, MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF);
    REQUIRE(h);
    REQUIRE(mmioWrite(h, "abc", 3) == 3);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    info.pchNext = info.pchBuffer + 40;  // skip forward, nothing written
    info.dwFlags &= ~static_cast<DWORD>(MMIO_DIRTY);
    REQUIRE(mmioSetInfo(h, &info, 0) == 0);
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    REQUIRE((info.dwFlags & MMIO_DIRTY) != 0);  // "abc" is still unflushed
    REQUIRE(mmioSetInfo(h, &info, 0) == 0);  // handed back unchanged
    REQUIRE(mmioFlush(h, 0) == 0);
    CHECK(g_disk == "abc");  // was: 40 bytes, 37 of them whatever the buffer held
    CHECK(mmioClose(h, 0) == 0);
}

// Fixed (found by fuzz_riff): a buffered write at a position just below 2 GB is accepted whole, so
// the position (LONG buf_off + offset in the buffer) passes 0x7FFFFFFF: signed overflow in cur_pos()
// (mmio_internal.h), caught by UBSan at the next call that computes the position; the procedure would then be
// asked to write at a negative offset. The procedure allows the seek (seeking past the end is its decision).
// Fix (mmio_engine.cpp): the buffer window of a disk file never reaches past 2 GB - 1 (reset_buffer_at caps
// pchEndWrite), and reads and writes, buffered or not, transfer only what fits below it (0 at the limit);
// direct buffer access is covered too, since pchNext can only go up to pchEndWrite.
TEST_CASE("a write never takes the position past 2 GB - 1", "[fuzz_riff][2gb]") {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = string_proc;
    mi.cchBuffer = 512;
    char name[] = "x";
    HMMIO h = mmioOpenA(name, &mi, MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF);
    REQUIRE(h);
    REQUIRE(mmioSeek(h, 0x7FFFFFF8, SEEK_SET) == 0x7FFFFFF8);
    char data[260] = {};
    LONG r = mmioWrite(h, data, sizeof data);
    CHECK(r <= 7);  // at most up to 0x7FFFFFFF
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 0x7FFFFFF8 + (r > 0 ? r : 0));  // UBSan: signed overflow here
    mmioClose(h, 0);  // the flush fails (the string disk cannot hold 2 GB): not this test's business
    g_disk.clear();
}

namespace {

// A read-only 3 GB file behind a procedure: byte i is big_byte(i); seeks past 0x7FFFFFFF are refused.
constexpr int64_t kBigSize = int64_t{3} << 30;
unsigned char big_byte(int64_t i) { return static_cast<unsigned char>((i * 7) ^ (i >> 8)); }
LRESULT CALLBACK big_file_proc(LPSTR lpmmioinfo, UINT msg, LPARAM p1, LPARAM p2) {
    MMIOINFO* mi = reinterpret_cast<MMIOINFO*>(lpmmioinfo);
    switch (msg) {
    case MMIOM_OPEN: mi->lDiskOffset = 0; return 0;
    case MMIOM_READ: {
        const int64_t off = mi->lDiskOffset;
        const int64_t n = std::max<int64_t>(0, std::min<int64_t>(p2, kBigSize - off));
        for (int64_t i = 0; i < n; ++i) reinterpret_cast<unsigned char*>(p1)[i] = big_byte(off + i);
        // Like a procedure over a real file: reading across 2 GB works, only its LONG offset wraps.
        mi->lDiskOffset = static_cast<LONG>(static_cast<uint32_t>(off + n));
        return static_cast<LRESULT>(n);
    }
    case MMIOM_SEEK: {
        const int64_t base = p2 == SEEK_SET ? 0 : p2 == SEEK_CUR ? mi->lDiskOffset : kBigSize;
        const int64_t t = base + static_cast<LONG>(p1);
        if (t < 0 || t > 0x7FFFFFFF) return -1;
        mi->lDiskOffset = static_cast<LONG>(t);
        return static_cast<LRESULT>(t);
    }
    case MMIOM_CLOSE: return 0;
    default: return -1;
    }
}

}  // namespace

// Fixed (found by fuzz_ops once its model knew the 2 GB buffer window and its disk could hold a 4 GB file):
// mmioAdvance(MMIO_READ) near 2 GB read a whole buffer, so pchEndRead passed pchEndWrite and the window, and
// reading on from there carried the LONG position past 0x7FFFFFFF (signed overflow in cur_pos(), UBSan).
// Fix (mmio_engine.cpp, mmioAdvance): the MMIOM_READ asks for the window only, and none is sent at the limit.
TEST_CASE("mmioAdvance(MMIO_READ) near 2 GB fills only the buffer window", "[fuzz_ops][2gb]") {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = big_file_proc;
    mi.cchBuffer = 4096;
    char name[] = "big";
    HMMIO h = mmioOpenA(name, &mi, MMIO_READ | MMIO_ALLOCBUF);
    REQUIRE(h);
    REQUIRE(mmioSeek(h, 0x7FFFFF00, SEEK_SET) == 0x7FFFFF00);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    REQUIRE(mmioAdvance(h, &info, MMIO_READ) == 0);
    CHECK(info.lBufOffset == 0x7FFFFF00);
    CHECK(info.pchEndWrite - info.pchBuffer == 0xFF);  // the window: up to 2 GB - 1
    CHECK(info.pchEndRead - info.pchBuffer == 0xFF);   // was 4096
    CHECK(static_cast<unsigned char>(info.pchBuffer[0]) == big_byte(0x7FFFFF00));
    CHECK(static_cast<unsigned char>(info.pchBuffer[0xFE]) == big_byte(0x7FFFFFFE));
    char b[300];
    CHECK(mmioRead(h, b, sizeof b) == 0xFF);
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 0x7FFFFFFF);  // was past it (UBSan: signed overflow)
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    REQUIRE(mmioAdvance(h, &info, MMIO_READ) == 0);  // at the limit: nothing to read
    CHECK(info.pchEndRead == info.pchBuffer);
    CHECK(info.pchEndWrite == info.pchBuffer);
    CHECK(mmioRead(h, b, 1) == 0);
    CHECK(mmioClose(h, 0) == 0);
}

namespace {

// A procedure that opens its file at the end, like an append mode, just below 2 GB.
LRESULT CALLBACK open_at_end_proc(LPSTR lpmmioinfo, UINT msg, LPARAM p1, LPARAM p2) {
    MMIOINFO* mi = reinterpret_cast<MMIOINFO*>(lpmmioinfo);
    if (msg == MMIOM_OPEN) {
        mi->lDiskOffset = 0x7FFFFFF0;
        return 0;
    }
    return string_proc(lpmmioinfo, msg, p1, p2);
}

}  // namespace

// Fixed (found by reading the code for issue 14, not by a fuzzer: the fuzz disks always open at 0): the buffer
// window was capped below 2 GB wherever the engine placed it, but not by mmioOpen, which starts the buffer at
// the lDiskOffset the procedure set in MMIOM_OPEN. A write through the full-size buffer then carried the LONG
// position past 0x7FFFFFFF. Fix (mmio_open.cpp): the same cap after MMIOM_OPEN.
TEST_CASE("a buffer placed by mmioOpen near 2 GB ends at 2 GB - 1", "[2gb]") {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = open_at_end_proc;
    mi.cchBuffer = 512;
    char name[] = "x";
    HMMIO h = mmioOpenA(name, &mi, MMIO_READWRITE | MMIO_ALLOCBUF);
    REQUIRE(h);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    CHECK(info.lBufOffset == 0x7FFFFFF0);
    CHECK(info.pchEndWrite - info.pchBuffer == 15);  // was 512
    char data[100] = {};
    CHECK(mmioWrite(h, data, sizeof data) == 15);
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 0x7FFFFFFF);  // was past it (UBSan: signed overflow)
    mmioClose(h, 0);  // the flush fails (the string disk cannot hold 2 GB): not this test's business
    g_disk.clear();
}

// faults-native (tests/stress): mmioSetBuffer(NULL, 0) dropped the buffer before re-seeking the procedure to the
// file position; when that MMIOM_SEEK failed it returned MMIOERR_CANNOTSEEK with the file now at the
// procedure's position (after the last buffer fill), and a retry "succeeded" (already unbuffered), so the next
// write went to the wrong place. Fixed in mmio_engine.cpp: the seek comes first, a failure changes nothing.
TEST_CASE("mmioSetBuffer(NULL, 0) whose seek fails keeps the buffer and the position", "[faults][setbuffer]") {
    g_disk = "0123456789abcdefghijklmnopqrstuvwxyz";
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = string_proc;
    mi.cchBuffer = 16;
    char name[] = "x";
    HMMIO h = mmioOpenA(name, &mi, MMIO_READWRITE | MMIO_ALLOCBUF);
    REQUIRE(h);
    REQUIRE(mmioSeek(h, 3, SEEK_SET) == 3);
    char b[4];
    REQUIRE(mmioRead(h, b, 4) == 4);  // the buffer holds 3..18, the procedure is at 19
    g_fail_next_seek = true;
    CHECK(mmioSetBuffer(h, nullptr, 0, 0) == MMIOERR_CANNOTSEEK);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    CHECK(info.pchBuffer != nullptr);  // nothing changed
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 7);
    REQUIRE(mmioSetBuffer(h, nullptr, 0, 0) == 0);
    REQUIRE(mmioWrite(h, "QQ", 2) == 2);
    CHECK(mmioClose(h, 0) == 0);
    CHECK(g_disk == "0123456QQ9abcdefghijklmnopqrstuvwxyz");
}
