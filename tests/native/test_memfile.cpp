// Memory files (FOURCC_MEM): fixed, created, expandable (internal and application blocks).
#include <catch.hpp>
#include <cstdlib>
#include <cstring>
#include <string>

#include "rec_proc.h"

namespace {
HMMIO open_mem(char* buf, LONG size, DWORD grow, DWORD flags) {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.fccIOProc = FOURCC_MEM;
    mi.pchBuffer = buf;
    mi.cchBuffer = size;
    mi.adwInfo[0] = grow;
    return mmioOpenA(nullptr, &mi, flags);
}
}  // namespace

TEST_CASE("fixed memory file: the whole block is readable; writes never pass the end", "[mem]") {
    char block[8];
    std::memcpy(block, "ABCDEFGH", 8);
    HMMIO h = open_mem(block, 8, 0, MMIO_READWRITE);
    REQUIRE(h);
    char b[16] = {};
    REQUIRE(mmioRead(h, b, 16) == 8);
    REQUIRE(std::string(b, 8) == "ABCDEFGH");
    REQUIRE(mmioRead(h, b, 1) == 0);
    REQUIRE(mmioSeek(h, 6, SEEK_SET) == 6);
    REQUIRE(mmioWrite(h, "xyz", 3) == 2);  // only what fits
    REQUIRE(mmioWrite(h, "q", 1) == 0);
    REQUIRE(std::string(block, 8) == "ABCDEFxy");
    REQUIRE(mmioSeek(h, 0, SEEK_END) == 8);
    REQUIRE(mmioSeek(h, 9, SEEK_SET) == -1);  // fixed block: no position past its end
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == 8);
    REQUIRE(mmioClose(h, 0) == 0);
}

TEST_CASE("MMIO_CREATE memory file: EOF starts at 0 and grows with writes", "[mem]") {
    char block[16];
    std::memset(block, '#', sizeof block);
    HMMIO h = open_mem(block, 16, 0, MMIO_READWRITE | MMIO_CREATE);
    char b[16];
    REQUIRE(mmioRead(h, b, 4) == 0);
    REQUIRE(mmioSeek(h, 0, SEEK_END) == 0);
    REQUIRE(mmioWrite(h, "hello", 5) == 5);
    REQUIRE(mmioSeek(h, 0, SEEK_END) == 5);
    REQUIRE(mmioSeek(h, 0, SEEK_SET) == 0);
    REQUIRE(mmioRead(h, b, 16) == 5);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.pchBuffer == block);
    REQUIRE(mi.pchEndRead == block + 5);
    REQUIRE(mi.pchEndWrite == block + 16);
    REQUIRE(mmioClose(h, 0) == 0);
}

TEST_CASE("expandable internal memory file grows in increments", "[mem]") {
    HMMIO h = open_mem(nullptr, 4, 10, MMIO_READWRITE | MMIO_CREATE);
    REQUIRE(h);
    std::string data(25, 'm');
    REQUIRE(mmioWrite(h, data.data(), 25) == 25);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.cchBuffer == 34);  // 4 + 3 * 10
    REQUIRE(mi.pchEndRead - mi.pchBuffer == 25);
    REQUIRE(mmioSeek(h, 0, SEEK_SET) == 0);
    char b[40];
    REQUIRE(mmioRead(h, b, 40) == 25);
    REQUIRE(std::string(b, 25) == data);
    REQUIRE(mmioSeek(h, 50, SEEK_SET) == 50);  // expandable: seeking past the block grows it
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.cchBuffer == 54);
    REQUIRE(mmioClose(h, 0) == 0);
}

TEST_CASE("expandable application block grows through the platform realloc", "[mem]") {
    char* block = static_cast<char*>(std::malloc(4));
    std::memcpy(block, "abcd", 4);
    HMMIO h = open_mem(block, 4, 8, MMIO_READWRITE);
    REQUIRE(mmioSeek(h, 0, SEEK_END) == 4);
    REQUIRE(mmioWrite(h, "efgh", 4) == 4);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.cchBuffer == 12);
    REQUIRE(std::string(mi.pchBuffer, 8) == "abcdefgh");
    char* now = mi.pchBuffer;
    REQUIRE(mmioClose(h, 0) == 0);
    std::free(now);  // the application owns the (moved) block
}

TEST_CASE("memory files send only OPEN and CLOSE to the MEM procedure", "[mem][sequence]") {
    // The MEM procedure can be shadowed by an install, so watch it through a shadowing recorder that is
    // not used: a memory file opened with the built-in never reaches it.
    RecScope rs;
    char block[8] = {};
    HMMIO h = open_mem(block, 8, 0, MMIO_READWRITE);
    REQUIRE(mmioWrite(h, "1234", 4) == 4);
    REQUIRE(mmioFlush(h, 0) == 0);
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.log.empty());
    REQUIRE(std::string(block, 4) == "1234");
}

TEST_CASE("memory file direct access: mmioGetInfo exposes the block itself", "[mem][direct]") {
    char block[8];
    std::memcpy(block, "12345678", 8);
    HMMIO h = open_mem(block, 8, 0, MMIO_READWRITE | MMIO_CREATE);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.pchNext == block);
    std::memcpy(mi.pchNext, "zz", 2);
    mi.pchNext += 2;
    mi.dwFlags |= MMIO_DIRTY;
    REQUIRE(mmioSetInfo(h, &mi, 0) == 0);
    REQUIRE(mmioSeek(h, 0, SEEK_END) == 2);  // MMIO_DIRTY moved the end of file
    REQUIRE(mmioClose(h, 0) == 0);
}

TEST_CASE("mmioAdvance on memory files: MMIO_WRITE grows expandable, CANNOTEXPAND for fixed", "[mem][direct]") {
    char block[4] = {};
    HMMIO h = open_mem(block, 4, 0, MMIO_READWRITE | MMIO_CREATE);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mmioAdvance(h, &mi, MMIO_WRITE) == 0);  // room left: nothing to do
    mi.pchNext = mi.pchEndWrite;
    mi.dwFlags |= MMIO_DIRTY;
    REQUIRE(mmioAdvance(h, &mi, MMIO_WRITE) == MMIOERR_CANNOTEXPAND);
    REQUIRE(mmioAdvance(h, &mi, MMIO_READ) == 0);
    REQUIRE(mmioClose(h, 0) == 0);

    h = open_mem(nullptr, 4, 16, MMIO_READWRITE | MMIO_CREATE);
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    std::memcpy(mi.pchNext, "wxyz", 4);
    mi.pchNext += 4;
    mi.dwFlags |= MMIO_DIRTY;
    REQUIRE(mmioAdvance(h, &mi, MMIO_WRITE) == 0);
    REQUIRE(mi.cchBuffer == 20);
    REQUIRE(mi.pchEndWrite - mi.pchNext == 16);
    REQUIRE(std::string(mi.pchBuffer, 4) == "wxyz");
    REQUIRE(mmioSetInfo(h, &mi, 0) == 0);
    REQUIRE(mmioSeek(h, 0, SEEK_END) == 4);
    REQUIRE(mmioClose(h, 0) == 0);
}

TEST_CASE("memory file mmioSetBuffer: resize internal, switch to caller block, unbuffer, new internal block", "[mem]") {
    HMMIO h = open_mem(nullptr, 8, 0, MMIO_READWRITE | MMIO_CREATE);
    REQUIRE(mmioWrite(h, "abcdef", 6) == 6);
    REQUIRE(mmioSetBuffer(h, nullptr, 4, 0) == 0);  // shrink: EOF clamped
    REQUIRE(mmioSeek(h, 0, SEEK_END) == 4);
    char other[3] = {'x', 'y', 'z'};
    REQUIRE(mmioSetBuffer(h, other, 3, 0) == 0);
    REQUIRE(mmioSeek(h, 0, SEEK_SET) == 0);
    char b[8];
    REQUIRE(mmioRead(h, b, 8) == 3);
    REQUIRE(std::string(b, 3) == "xyz");
    // NULL + size on a caller block: a new internal block holding the old bytes (as Windows allows)
    REQUIRE(mmioSetBuffer(h, nullptr, 5, MMIO_ALLOCBUF) == 0);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.pchBuffer != nullptr);
    REQUIRE(mi.pchBuffer != other);
    REQUIRE(mi.cchBuffer == 5);
    REQUIRE(mi.dwFlags == (MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF));  // ALLOCBUF = allocated by mmio
    REQUIRE(mi.pchNext == mi.pchBuffer + 3);
    REQUIRE(mi.pchEndRead == mi.pchBuffer + 3);
    REQUIRE(std::string(mi.pchBuffer, 3) == "xyz");
    REQUIRE(mi.pchBuffer[3] == 0);
    // NULL/0: no block at all (Windows); reads give nothing, writes fail, the position is 0
    REQUIRE(mmioSetBuffer(h, nullptr, 0, 0) == 0);
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.pchBuffer == nullptr);
    REQUIRE(mi.pchNext == nullptr);
    REQUIRE(mi.pchEndRead == nullptr);
    REQUIRE(mi.pchEndWrite == nullptr);
    REQUIRE(mi.cchBuffer == 0);
    REQUIRE(mi.dwFlags == (MMIO_READWRITE | MMIO_CREATE));
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == 0);
    REQUIRE(mmioRead(h, b, 4) == 0);
    REQUIRE(mmioWrite(h, "q", 1) == -1);
    REQUIRE(mmioAdvance(h, nullptr, MMIO_WRITE) == MMIOERR_UNBUFFERED);
    // a pointer with size 0 is accepted and reported
    REQUIRE(mmioSetBuffer(h, other, 0, 0) == 0);
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.pchBuffer == other);
    REQUIRE(mi.pchEndRead == other);
    REQUIRE(mi.pchEndWrite == other);
    REQUIRE(mi.cchBuffer == 0);
    REQUIRE(mmioRead(h, b, 4) == 0);
    REQUIRE(mmioWrite(h, "q", 1) == 0);  // a fixed block of 0 bytes: nothing fits
    // and NULL + size after that: an empty new block
    REQUIRE(mmioSetBuffer(h, nullptr, 16, 0) == 0);
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.pchEndRead == mi.pchBuffer);
    REQUIRE(mi.pchEndWrite == mi.pchBuffer + 16);
    REQUIRE(mmioWrite(h, "hello", 5) == 5);
    REQUIRE(mmioSeek(h, 0, SEEK_END) == 5);
    REQUIRE(mmioClose(h, 0) == 0);
}

TEST_CASE("memory file mmioSetBuffer: handing back mmio's own block keeps it; a larger size is refused", "[mem]") {
    HMMIO h = open_mem(nullptr, 8, 0, MMIO_READWRITE);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    char* own = mi.pchBuffer;
    REQUIRE(mmioSetBuffer(h, own, 9, 0) == MMSYSERR_INVALPARAM);
    REQUIRE(mmioSetBuffer(h, own, 8, 0) == 0);
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.pchBuffer == own);
    REQUIRE((mi.dwFlags & MMIO_ALLOCBUF) != 0);
    REQUIRE(mmioClose(h, 0) == 0);  // frees it once (ASan would see a double free or a leak)
}

TEST_CASE("memory file open errors", "[mem]") {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.fccIOProc = FOURCC_MEM;
    mi.cchBuffer = -5;
    REQUIRE(mmioOpenA(nullptr, &mi, MMIO_READWRITE) == nullptr);
    REQUIRE(mi.wErrorRet == MMSYSERR_INVALPARAM);
    // NULL block of size 0 (Windows: opens with no block): reads nothing, writes fail
    mi.cchBuffer = 0;
    HMMIO h = mmioOpenA(nullptr, &mi, MMIO_READWRITE);
    REQUIRE(h);
    REQUIRE(mi.wErrorRet == 0);
    MMIOINFO got;
    REQUIRE(mmioGetInfo(h, &got, 0) == 0);
    REQUIRE(got.pchBuffer == nullptr);
    REQUIRE(got.cchBuffer == 0);
    char b[2];
    REQUIRE(mmioRead(h, b, 2) == 0);
    REQUIRE(mmioWrite(h, b, 2) == -1);
    REQUIRE(mmioClose(h, 0) == 0);
    // NULL block of size 0 with MMIO_ALLOCBUF: an internal block of MMIO_DEFAULTBUFFER zero bytes
    h = mmioOpenA(nullptr, &mi, MMIO_READWRITE | MMIO_ALLOCBUF);
    REQUIRE(h);
    REQUIRE(mmioGetInfo(h, &got, 0) == 0);
    REQUIRE(got.cchBuffer == MMIO_DEFAULTBUFFER);
    REQUIRE(got.pchEndRead == got.pchBuffer + MMIO_DEFAULTBUFFER);
    REQUIRE(got.dwFlags == (MMIO_READWRITE | MMIO_ALLOCBUF));
    REQUIRE(got.pchBuffer[0] == 0);
    REQUIRE(got.pchBuffer[MMIO_DEFAULTBUFFER - 1] == 0);
    REQUIRE(mmioSeek(h, 16, SEEK_END) == MMIO_DEFAULTBUFFER - 16);  // SEEK_END counts back from the end
    REQUIRE(mmioClose(h, 0) == 0);
}
