// Buffered I/O through the recording procedure: data and exact message sequences.
#include <catch.hpp>
#include <cstring>
#include <string>

#include "rec_proc.h"

TEST_CASE("open sends only MMIOM_OPEN; close of a clean file only MMIOM_CLOSE", "[buffered][sequence]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_READ | MMIO_ALLOCBUF);
    REQUIRE(h);
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "CLOSE 0"}));
}

TEST_CASE("buffered read: one buffer-sized MMIOM_READ, small reads served from the buffer", "[buffered][sequence]") {
    RecScope rs;
    rs.rec.disk.assign(100, 0);
    for (int i = 0; i < 100; ++i) rs.rec.disk[i] = static_cast<char>(i);
    HMMIO h = open_rec(MMIO_READ | MMIO_ALLOCBUF, 16);
    REQUIRE(h);
    char b[8];
    for (int i = 0; i < 4; ++i) {
        REQUIRE(mmioRead(h, b, 4) == 4);
        REQUIRE(b[0] == static_cast<char>(i * 4));
    }
    REQUIRE(mmioRead(h, b, 4) == 4);  // refill
    REQUIRE(b[0] == 16);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "READ 16@0", "READ 16@16"}));
    mmioClose(h, 0);
}

TEST_CASE("buffered read spanning the buffer end copies the tail and refills", "[buffered]") {
    RecScope rs;
    rs.rec.disk.assign(40, 0);
    for (int i = 0; i < 40; ++i) rs.rec.disk[i] = static_cast<char>(i);
    HMMIO h = open_rec(MMIO_READ | MMIO_ALLOCBUF, 16);
    char b[40];
    REQUIRE(mmioRead(h, b, 10) == 10);
    REQUIRE(mmioRead(h, b, 10) == 10);
    for (int i = 0; i < 10; ++i) REQUIRE(b[i] == static_cast<char>(10 + i));
    REQUIRE(mmioRead(h, b, 40) == 20);  // 12 left in buffer... reaches EOF
    for (int i = 0; i < 20; ++i) REQUIRE(b[i] == static_cast<char>(20 + i));
    REQUIRE(mmioRead(h, b, 4) == 0);  // at EOF
    mmioClose(h, 0);
}

TEST_CASE("large reads bypass the buffer", "[buffered][sequence]") {
    RecScope rs;
    rs.rec.disk.assign(100, 'x');
    HMMIO h = open_rec(MMIO_READ | MMIO_ALLOCBUF, 16);
    char b[64];
    REQUIRE(mmioRead(h, b, 64) == 64);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "READ 64@0"}));
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == 64);
    mmioClose(h, 0);
}

TEST_CASE("reads at EOF return 0, read errors -1", "[buffered]") {
    RecScope rs;
    rs.rec.disk.assign(4, 'a');
    HMMIO h = open_rec(MMIO_READ | MMIO_ALLOCBUF, 16);
    char b[8];
    REQUIRE(mmioRead(h, b, 2) == 2);
    rs.rec.fail_reads = 1;
    REQUIRE(mmioRead(h, b, 8) == 2);  // buffered bytes, then EOF (a failing refill after data keeps the count)
    REQUIRE(mmioRead(h, b, 8) == 0);
    REQUIRE(mmioSeek(h, 100, SEEK_SET) == 100);
    rs.rec.fail_reads = 1;
    REQUIRE(mmioRead(h, b, 1) == -1);  // refill fails
    mmioClose(h, 0);
}

TEST_CASE("buffered write: no message until a flush point; mmioClose sends WRITEFLUSH", "[buffered][sequence]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_WRITE | MMIO_CREATE | MMIO_ALLOCBUF, 16);
    REQUIRE(mmioWrite(h, "hello", 5) == 5);
    REQUIRE(mmioWrite(h, " world", 6) == 6);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin"}));
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "WRITEFLUSH 11@0", "CLOSE 0"}));
    REQUIRE(rs.rec.disk_str() == "hello world");
}

TEST_CASE("buffer spills during writes use MMIOM_WRITE", "[buffered][sequence]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_WRITE | MMIO_CREATE | MMIO_ALLOCBUF, 8);
    REQUIRE(mmioWrite(h, "abcdef", 6) == 6);
    REQUIRE(mmioWrite(h, "ghijkl", 6) == 6);  // fills 8, spills, 4 buffered
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "WRITE 8@0"}));
    REQUIRE(mmioFlush(h, 0) == 0);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "WRITE 8@0", "WRITEFLUSH 4@8"}));
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.log.back() == "CLOSE 0");
    REQUIRE(rs.rec.log.size() == 4);
    REQUIRE(rs.rec.disk_str() == "abcdefghijkl");
}

TEST_CASE("writes of at least a buffer go straight to MMIOM_WRITE after the dirty bytes", "[buffered][sequence]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_WRITE | MMIO_CREATE | MMIO_ALLOCBUF, 8);
    REQUIRE(mmioWrite(h, "ab", 2) == 2);
    std::string big(20, 'z');
    REQUIRE(mmioWrite(h, big.data(), 20) == 20);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "WRITE 2@0", "WRITE 20@2"}));
    REQUIRE(mmioWrite(h, "c", 1) == 1);
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.disk_str() == "ab" + big + "c");
}

TEST_CASE("WRITEFLUSH answered with 0 is repeated as WRITE", "[buffered][sequence]") {
    RecScope rs;
    rs.rec.writeflush_unknown = true;
    HMMIO h = open_rec(MMIO_WRITE | MMIO_CREATE | MMIO_ALLOCBUF, 16);
    REQUIRE(mmioWrite(h, "data", 4) == 4);
    REQUIRE(mmioFlush(h, 0) == 0);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "WRITEFLUSH 4@0", "WRITE 4@0"}));
    REQUIRE(rs.rec.disk_str() == "data");
    REQUIRE(mmioClose(h, 0) == 0);
}

TEST_CASE("flush seeks the procedure first when lDiskOffset is not where the bytes go", "[buffered][sequence]") {
    RecScope rs;
    rs.rec.disk.assign(32, '.');
    HMMIO h = open_rec(MMIO_READWRITE | MMIO_ALLOCBUF, 8);
    char b[4];
    REQUIRE(mmioRead(h, b, 4) == 4);  // buffer [0,8), disk offset 8
    REQUIRE(mmioWrite(h, "XY", 2) == 2);  // at 4
    REQUIRE(mmioFlush(h, 0) == 0);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "READ 8@0", "SEEK 4,0", "WRITEFLUSH 2@4"}));
    REQUIRE(rs.rec.disk_str().substr(0, 8) == "....XY..");
    mmioClose(h, 0);
}

TEST_CASE("seek inside the buffered data sends no message; outside sends one SEEK", "[buffered][sequence]") {
    RecScope rs;
    rs.rec.disk.assign(100, 'q');
    HMMIO h = open_rec(MMIO_READ | MMIO_ALLOCBUF, 16);
    char b[4];
    REQUIRE(mmioRead(h, b, 4) == 4);
    rs.rec.clear_log();
    REQUIRE(mmioSeek(h, 10, SEEK_SET) == 10);
    REQUIRE(mmioSeek(h, -2, SEEK_CUR) == 8);
    REQUIRE(mmioSeek(h, 16, SEEK_SET) == 16);  // end of buffered data is still inside
    REQUIRE(rs.rec.log.empty());
    REQUIRE(mmioSeek(h, 50, SEEK_SET) == 50);
    REQUIRE(rs.rec.log == seq({"SEEK 50,0"}));
    REQUIRE(mmioRead(h, b, 4) == 4);
    REQUIRE(rs.rec.log == seq({"SEEK 50,0", "READ 16@50"}));
    mmioClose(h, 0);
}

TEST_CASE("SEEK_END writes dirty data first and asks the procedure", "[buffered][sequence]") {
    RecScope rs;
    rs.rec.disk.assign(10, 'a');
    HMMIO h = open_rec(MMIO_READWRITE | MMIO_ALLOCBUF, 16);
    REQUIRE(mmioSeek(h, 0, SEEK_END) == 10);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "SEEK 0,2"}));
    REQUIRE(mmioWrite(h, "bbbb", 4) == 4);
    REQUIRE(mmioSeek(h, -2, SEEK_END) == 12);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "SEEK 0,2", "WRITE 4@10", "SEEK -2,2"}));
    REQUIRE(rs.rec.disk_str() == "aaaaaaaaaabbbb");
    mmioClose(h, 0);
}

TEST_CASE("seek errors: negative target and bad origin return -1 and keep the position", "[buffered]") {
    RecScope rs;
    rs.rec.disk.assign(10, 'a');
    HMMIO h = open_rec(MMIO_READ | MMIO_ALLOCBUF, 16);
    REQUIRE(mmioSeek(h, 3, SEEK_SET) == 3);
    REQUIRE(mmioSeek(h, -5, SEEK_SET) == -1);
    REQUIRE(mmioSeek(h, -5, SEEK_CUR) == -1);
    REQUIRE(mmioSeek(h, 0, 7) == -1);
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == 3);
    REQUIRE(mmioSeek(h, 1000, SEEK_SET) == 1000);  // past EOF is allowed
    char b[2];
    REQUIRE(mmioRead(h, b, 2) == 0);
    mmioClose(h, 0);
}

TEST_CASE("read after write in the same buffer sees the written bytes", "[buffered]") {
    RecScope rs;
    rs.rec.disk.assign(20, '-');
    HMMIO h = open_rec(MMIO_READWRITE | MMIO_ALLOCBUF, 64);
    char b[8] = {};
    REQUIRE(mmioRead(h, b, 2) == 2);
    REQUIRE(mmioWrite(h, "ABC", 3) == 3);
    REQUIRE(mmioSeek(h, 0, SEEK_SET) == 0);
    REQUIRE(mmioRead(h, b, 8) == 8);
    REQUIRE(std::string(b, 8) == "--ABC---");
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.disk_str() == "--ABC" + std::string(15, '-'));
}

TEST_CASE("writing past the end of the file data extends it; gaps are the procedure's business", "[buffered]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, 8);
    REQUIRE(mmioWrite(h, "12", 2) == 2);
    REQUIRE(mmioSeek(h, 6, SEEK_SET) == 6);
    REQUIRE(mmioWrite(h, "78", 2) == 2);
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.disk == std::vector<char>({'1', '2', 0, 0, 0, 0, '7', '8'}));
}

TEST_CASE("mmioFlush MMIO_EMPTYBUF empties the buffer: the next read refills", "[buffered][sequence]") {
    RecScope rs;
    rs.rec.disk.assign(32, 'k');
    HMMIO h = open_rec(MMIO_READ | MMIO_ALLOCBUF, 16);
    char b[4];
    REQUIRE(mmioRead(h, b, 4) == 4);
    REQUIRE(mmioFlush(h, MMIO_EMPTYBUF) == 0);
    REQUIRE(mmioRead(h, b, 4) == 4);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "READ 16@0", "SEEK 4,0", "READ 16@4"}));
    mmioClose(h, 0);
}

TEST_CASE("unbuffered files pass each call to the procedure", "[unbuffered][sequence]") {
    RecScope rs;
    rs.rec.disk.assign(10, 'u');
    HMMIO h = open_rec(MMIO_READWRITE);
    char b[4];
    REQUIRE(mmioRead(h, b, 4) == 4);
    REQUIRE(mmioWrite(h, "ww", 2) == 2);
    REQUIRE(mmioSeek(h, 1, SEEK_SET) == 1);
    REQUIRE(mmioSeek(h, 0, SEEK_END) == 10);
    REQUIRE(mmioFlush(h, 0) == 0);
    REQUIRE(mmioClose(h, 0) == 0);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "READ 4@0", "WRITE 2@4", "SEEK 1,0", "SEEK 0,2", "CLOSE 0"}));
    MMIOINFO mi;
    (void)mi;
}

TEST_CASE("open mode: read from write-only and write to read-only give -1", "[open]") {
    RecScope rs;
    rs.rec.disk.assign(10, 'r');
    HMMIO h = open_rec(MMIO_WRITE | MMIO_ALLOCBUF);
    char b[4];
    REQUIRE(mmioRead(h, b, 4) == -1);
    mmioClose(h, 0);
    h = open_rec(MMIO_READ | MMIO_ALLOCBUF);
    REQUIRE(mmioWrite(h, "x", 1) == -1);
    h = (mmioClose(h, 0), open_rec(MMIO_READ));
    REQUIRE(mmioWrite(h, "x", 1) == -1);
    mmioClose(h, 0);
}

TEST_CASE("bad counts and pointers", "[buffered]") {
    RecScope rs;
    rs.rec.disk.assign(10, 'r');
    HMMIO h = open_rec(MMIO_READWRITE | MMIO_ALLOCBUF);
    char b[4];
    REQUIRE(mmioRead(h, b, -1) == -1);
    REQUIRE(mmioWrite(h, b, -1) == -1);
    REQUIRE(mmioRead(h, nullptr, 4) == -1);
    REQUIRE(mmioWrite(h, nullptr, 4) == -1);
    REQUIRE(mmioRead(h, b, 0) == 0);
    REQUIRE(mmioWrite(h, b, 0) == 0);
    REQUIRE(mmioGetInfo(h, nullptr, 0) == MMSYSERR_INVALPARAM);
    REQUIRE(mmioSetInfo(h, nullptr, 0) == MMSYSERR_INVALPARAM);
    REQUIRE(mmioSetBuffer(h, nullptr, -1, 0) == MMSYSERR_INVALPARAM);
    mmioClose(h, 0);
}

TEST_CASE("MMIO_ALLOCBUF default size is MMIO_DEFAULTBUFFER; cchBuffer overrides", "[open]") {
    RecScope rs;
    HMMIO h = open_rec(MMIO_READ | MMIO_ALLOCBUF);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.cchBuffer == MMIO_DEFAULTBUFFER);
    REQUIRE(mi.pchBuffer != nullptr);
    REQUIRE(mi.pchNext == mi.pchBuffer);
    REQUIRE(mi.pchEndRead == mi.pchBuffer);
    REQUIRE(mi.pchEndWrite == mi.pchBuffer + MMIO_DEFAULTBUFFER);
    HMMIO got = mi.hmmio;
    LPMMIOPROC proc = mi.pIOProc;
    REQUIRE(got == h);
    REQUIRE(proc == rec_proc_a);
    mmioClose(h, 0);
    h = open_rec(MMIO_READ | MMIO_ALLOCBUF, 1000);
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.cchBuffer == 1000);
    mmioClose(h, 0);
    h = open_rec(MMIO_READ);
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.pchBuffer == nullptr);
    REQUIRE(mi.cchBuffer == 0);
    mmioClose(h, 0);
}

TEST_CASE("a caller-supplied buffer is used for buffered I/O", "[open]") {
    RecScope rs;
    rs.rec.disk.assign(10, 'c');
    char mine[32];
    HMMIO h = open_rec(MMIO_READ, 32, mine);
    MMIOINFO mi;
    REQUIRE(mmioGetInfo(h, &mi, 0) == 0);
    REQUIRE(mi.pchBuffer == mine);
    char b[2];
    REQUIRE(mmioRead(h, b, 2) == 2);
    REQUIRE(rs.rec.log == seq({"OPEN file.bin", "READ 32@0"}));
    REQUIRE(mine[0] == 'c');
    mmioClose(h, 0);
}
