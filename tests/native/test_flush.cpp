// No silent data loss: failed or short writes at flush points keep the unwritten bytes buffered.
#include <catch.hpp>
#include <cstring>
#include <string>

#include "rec_proc.h"

TEST_CASE("mmioFlush failure returns CANNOTWRITE and a later flush retries", "[flush]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_WRITE | MMIO_CREATE | MMIO_ALLOCBUF, 16);
    REQUIRE(mmioWrite(h, "payload", 7) == 7);
    rs.rec.fail_writes = 1;
    REQUIRE(mmioFlush(h, 0) == MMIOERR_CANNOTWRITE);
    REQUIRE(rs.rec.disk.empty());
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE((mi.dwFlags & MMIO_DIRTY) != 0);
    REQUIRE(mmioFlush(h, 0) == 0);
    REQUIRE(rs.rec.disk_str() == "payload");
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "WRITEFLUSH 7@0", "WRITEFLUSH 7@0", "CLOSE 0"}));
}

TEST_CASE("a short write keeps only the unwritten tail", "[flush]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_WRITE | MMIO_CREATE | MMIO_ALLOCBUF, 16);
    REQUIRE(mmioWrite(h, "0123456789", 10) == 10);
    rs.rec.short_write = 4;
    REQUIRE(mmioFlush(h, 0) == MMIOERR_CANNOTWRITE);
    REQUIRE(rs.rec.disk_str() == "0123");
    REQUIRE(mmioFlush(h, 0) == 0);
    REQUIRE(rs.rec.disk_str() == "0123456789");
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "WRITEFLUSH 10@0", "WRITEFLUSH 6@4"}));
    REQUIRE(mmioClose(h, 0) == 0);
}

TEST_CASE("mmioClose with a failing flush: CANNOTWRITE, still sends CLOSE and frees the handle", "[flush]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_WRITE | MMIO_CREATE | MMIO_ALLOCBUF, 16);
    REQUIRE(mmioWrite(h, "abc", 3) == 3);
    rs.rec.fail_writes = 5;
    REQUIRE(mmioClose(h, 0) == MMIOERR_CANNOTWRITE);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "WRITEFLUSH 3@0", "CLOSE 0"}));
    REQUIRE(mmioClose(h, 0) == MMSYSERR_INVALHANDLE);
}

TEST_CASE("mmioClose returns the procedure's MMIOM_CLOSE answer", "[close]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_READ);
    rs.rec.close_result = MMIOERR_CANNOTCLOSE;
    REQUIRE(mmioClose(h, MMIO_FHOPEN) == MMIOERR_CANNOTCLOSE);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "CLOSE 16"}));
}

TEST_CASE("mmioSetBuffer: failing flush aborts and keeps the old buffer and data", "[flush][setbuffer]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_WRITE | MMIO_CREATE | MMIO_ALLOCBUF, 16);
    REQUIRE(mmioWrite(h, "keep", 4) == 4);
    MMIOINFO before;
    REQUIRE(mmioGetInfo(h, &before, 0) == 0);
    rs.rec.fail_writes = 1;
    REQUIRE(mmioSetBuffer(h, nullptr, 64, 0) == MMIOERR_CANNOTWRITE);
    MMIOINFO after;
    REQUIRE(mmioGetInfo(h, &after, 0) == 0);
    REQUIRE(after.pchBuffer == before.pchBuffer);
    REQUIRE(after.cchBuffer == 16);
    REQUIRE(mmioSetBuffer(h, nullptr, 64, 0) == 0);
    REQUIRE(rs.rec.disk_str() == "keep");
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "WRITEFLUSH 4@0", "WRITEFLUSH 4@0"}));
    REQUIRE(mmioGetInfo(h, &after, 0) == 0);
    REQUIRE(after.cchBuffer == 64);
    REQUIRE(mmioClose(h, 0) == 0);
}

TEST_CASE("a spill failure during mmioWrite returns the bytes accepted, data stays buffered", "[flush]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_WRITE | MMIO_CREATE | MMIO_ALLOCBUF, 8);
    REQUIRE(mmioWrite(h, "abcdef", 6) == 6);
    rs.rec.fail_writes = 1;
    REQUIRE(mmioWrite(h, "ghij", 4) == 2);  // filled the buffer, spill failed
    REQUIRE(mmioWrite(h, "ij", 2) == 2);    // spill succeeds now
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.disk_str() == "abcdefghij");
}

TEST_CASE("seek out of a dirty buffer whose flush fails returns -1 and keeps position and data", "[flush]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_WRITE | MMIO_CREATE | MMIO_ALLOCBUF, 8);
    REQUIRE(mmioWrite(h, "ab", 2) == 2);
    rs.rec.fail_writes = 1;
    REQUIRE(mmioSeek(h, 100, SEEK_SET) == -1);
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == 2);
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.disk_str() == "ab");
}
