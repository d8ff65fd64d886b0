// Direct buffer access: mmioGetInfo / mmioSetInfo / mmioAdvance, and mmioSetBuffer on disk files.
#include <catch.hpp>
#include <cstring>
#include <string>

#include "rec_proc.h"

TEST_CASE("reading through the buffer with mmioAdvance(MMIO_READ) (the documented sample loop)", "[direct][sequence]") {
    RecScope rs;
    for (int i = 0; i < 40; ++i) rs.rec.disk.push_back(static_cast<char>('a' + i % 26));
    HMMIO h = open_rec(MMIO_READ | MMIO_ALLOCBUF, 16);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    std::string got;
    for (int n = 0; n < 40; ++n) {
        if (mi.pchNext == mi.pchEndRead) REQUIRE(mmioAdvance(h, &mi, MMIO_READ) == 0);
        got.push_back(*mi.pchNext++);
    }
    REQUIRE(mmioSetInfo(h, &mi, 0) == 0);
    REQUIRE(got == rs.rec.disk_str());
    REQUIRE(mmioAdvance(h, &mi, MMIO_READ) == 0);  // EOF: still success, pchNext == pchEndRead
    REQUIRE(mi.pchNext == mi.pchEndRead);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "READ 16@0", "READ 16@16", "READ 16@32", "READ 16@40"}));
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == 40);
    mmioClose(h, 0);
}

TEST_CASE("writing through the buffer: MMIO_DIRTY + mmioAdvance(MMIO_WRITE) sends WRITE", "[direct][sequence]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_WRITE | MMIO_CREATE | MMIO_ALLOCBUF, 8);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.pchEndWrite - mi.pchNext == 8);
    for (int n = 0; n < 20; ++n) {
        if (mi.pchNext == mi.pchEndWrite) {
            mi.dwFlags |= MMIO_DIRTY;
            REQUIRE(mmioAdvance(h, &mi, MMIO_WRITE) == 0);
            REQUIRE((mi.dwFlags & MMIO_DIRTY) == 0);
            REQUIRE(mi.pchNext == mi.pchBuffer);
        }
        *mi.pchNext++ = static_cast<char>('A' + n);
    }
    mi.dwFlags |= MMIO_DIRTY;
    REQUIRE(mmioSetInfo(h, &mi, 0) == 0);
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.disk_str() == "ABCDEFGHIJKLMNOPQRST");
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "WRITE 8@0", "WRITE 8@8", "WRITEFLUSH 4@16", "CLOSE 0"}));
}

TEST_CASE("without MMIO_DIRTY the directly written buffer is not written", "[direct]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_WRITE | MMIO_CREATE | MMIO_ALLOCBUF, 8);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    std::memcpy(mi.pchNext, "lost", 4);
    mi.pchNext += 4;
    REQUIRE(mmioSetInfo(h, &mi, 0) == 0);
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.disk.empty());
}

TEST_CASE("mmioAdvance errors", "[direct]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_READ);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mmioAdvance(h, &mi, MMIO_READ) == MMIOERR_UNBUFFERED);
    mmioClose(h, 0);
    h = open_rec(MMIO_WRITE | MMIO_ALLOCBUF, 8);
    REQUIRE(mmioAdvance(h, nullptr, MMIO_READ) == MMIOERR_CANNOTREAD);
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    mi.pchNext = mi.pchEndWrite;
    mi.dwFlags |= MMIO_DIRTY;
    rs.rec.fail_writes = 1;
    REQUIRE(mmioAdvance(h, &mi, MMIO_WRITE) == MMIOERR_CANNOTWRITE);
    REQUIRE((mi.dwFlags & MMIO_DIRTY) != 0);  // still buffered
    REQUIRE(mmioAdvance(h, &mi, MMIO_WRITE) == 0);
    REQUIRE(rs.rec.disk.size() == 8);
    mi.pchNext = mi.pchBuffer - 1;  // invalid pointer from the application
    REQUIRE(mmioSetInfo(h, &mi, 0) == MMSYSERR_INVALPARAM);
    REQUIRE(mmioAdvance(h, &mi, MMIO_WRITE) == MMSYSERR_INVALPARAM);
    mmioClose(h, 0);
    h = open_rec(MMIO_READ | MMIO_ALLOCBUF, 8);
    rs.rec.fail_reads = 1;
    REQUIRE(mmioAdvance(h, nullptr, MMIO_READ) == MMIOERR_CANNOTREAD);
    mmioClose(h, 0);
}

TEST_CASE("read-write file: mmioAdvance(MMIO_READ) flushes the dirty buffer before reading", "[direct][sequence]") {
    RecScope rs;
    rs.rec.disk.assign(24, '.');
    HMMIO h = open_rec(MMIO_READWRITE | MMIO_ALLOCBUF, 8);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mmioAdvance(h, &mi, MMIO_READ) == 0);
    mi.pchNext[0] = 'X';
    mi.pchNext += 8;
    mi.dwFlags |= MMIO_DIRTY;
    REQUIRE(mmioAdvance(h, &mi, MMIO_READ) == 0);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "READ 8@0", "SEEK 0,0", "WRITE 8@0", "READ 8@8"}));
    REQUIRE(rs.rec.disk_str() == "X" + std::string(23, '.'));
    mmioClose(h, 0);
}

TEST_CASE("mmioSetBuffer: enable, resize, caller buffer, disable", "[setbuffer][sequence]") {
    RecScope rs;
    rs.rec.disk.assign(64, 's');
    HMMIO h = open_rec(MMIO_READWRITE);
    char b[4];
    REQUIRE(mmioRead(h, b, 4) == 4);  // unbuffered
    REQUIRE(mmioSetBuffer(h, nullptr, 16, 0) == 0);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.cchBuffer == 16);
    REQUIRE(mi.lBufOffset == 4);
    REQUIRE(mmioRead(h, b, 4) == 4);
    REQUIRE(mmioWrite(h, "W", 1) == 1);
    char mine[32];
    REQUIRE(mmioSetBuffer(h, mine, 32, 0) == 0);  // writes the dirty byte first
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.pchBuffer == mine);
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == 9);
    REQUIRE(mmioSetBuffer(h, nullptr, 0, 0) == 0);  // unbuffered again: resync the procedure's position
    REQUIRE(mmioRead(h, b, 1) == 1);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "READ 4@0", "READ 16@4", "SEEK 8,0", "WRITEFLUSH 1@8", "READ 1@9"}));
    REQUIRE(rs.rec.disk[8] == 'W');
    mmioClose(h, 0);
}

TEST_CASE("mmioGetInfo reports MMIO_DIRTY after buffered writes and the open flags", "[direct]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, 16);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.dwFlags == (MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF));
    REQUIRE(mmioWrite(h, "x", 1) == 1);
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE((mi.dwFlags & MMIO_DIRTY) != 0);
    REQUIRE(mmioFlush(h, 0) == 0);
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE((mi.dwFlags & MMIO_DIRTY) == 0);
    mmioClose(h, 0);
}
