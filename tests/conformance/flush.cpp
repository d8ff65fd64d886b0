// Conformance: mmioFlush (and MMIO_EMPTYBUF), and the flush done by mmioClose.
// Spec: mmioFlush.md, mmioClose.md, concepts-buffered-services.md.
#include <catch.hpp>

#include "support_files.h"

using namespace confa;

namespace {

HMMIO openBuffered(const std::string& path, DWORD flags, LONG bufSize = 0) {
    MMIOINFO in = zeroInfo();
    in.cchBuffer = bufSize;
    return openA(path, &in, flags | MMIO_ALLOCBUF);
}

Bytes readN(HMMIO h, LONG n) {
    Bytes b((size_t)n);
    LONG got = mmioRead(h, reinterpret_cast<HPSTR>(b.data()), n);
    b.resize(got > 0 ? (size_t)got : 0);
    return b;
}

LONG writeBytes(HMMIO h, const Bytes& b) {
    return mmioWrite(h, reinterpret_cast<const char*>(b.data()), (LONG)b.size());
}

Bytes slice(const Bytes& b, size_t from, size_t n) {
    return Bytes(b.begin() + (long)from, b.begin() + (long)(from + n));
}

Bytes concat(Bytes a, const Bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

// An I/O procedure whose writes always fail (a "full disk").
LRESULT CALLBACK failingWriteProc(LPSTR lpmmioinfo, UINT msg, LPARAM l1, LPARAM l2) {
    MMIOINFO* mi = reinterpret_cast<MMIOINFO*>(lpmmioinfo);
    switch (msg) {
    case MMIOM_OPEN:
        mi->lDiskOffset = 0;
        return MMSYSERR_NOERROR;
    case MMIOM_CLOSE:
        return 0;
    case MMIOM_READ:
        return 0;
    case MMIOM_WRITE:
    case MMIOM_WRITEFLUSH:
        return -1;
    case MMIOM_SEEK: {
        LONG base = l2 == SEEK_CUR ? mi->lDiskOffset : 0;
        LONG pos = base + (LONG)l1;
        if (pos < 0) return -1;
        mi->lDiskOffset = pos;
        return pos;
    }
    default:
        return 0;
    }
}

}  // namespace

TEST_CASE("mmioFlush: buffered writes reach the disk only when flushed", "[mmioFlush]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes data = pattern(100, 60);
    Hmmio h(openBuffered(d.a("f.dat"), MMIO_CREATE | MMIO_WRITE));
    REQUIRE(h);
    CHECK(writeBytes(h, data) == 100);
    // concepts-buffered-services.md: "With buffered I/O, the file I/O manager maintains an
    // intermediate buffer larger than the blocks of information you are reading or writing. It
    // accesses the device only when the buffer must be filled from or written to the disk."
    CHECK(fileSize(d.w(L"f.dat")) == 0);
    // mmioFlush.md: "The mmioFlush function writes the I/O buffer of a file to disk if the buffer
    // has been written to." / "Returns zero if successful"
    CHECK(mmioFlush(h, 0) == 0);
    CHECK(readFile(d.w(L"f.dat")) == data);
    // The position is unchanged and writing goes on after it.
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 100);
    const Bytes more = pattern(50, 61);
    CHECK(writeBytes(h, more) == 50);
    CHECK(mmioFlush(h, 0) == 0);
    CHECK(readFile(d.w(L"f.dat")) == concat(data, more));
    // Flushing again with nothing new written changes nothing.
    CHECK(mmioFlush(h, 0) == 0);
    CHECK(h.close() == 0);
    CHECK(readFile(d.w(L"f.dat")) == concat(data, more));
}

TEST_CASE("mmioFlush: a buffer that was not written to is not written", "[mmioFlush]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(200, 62);
    REQUIRE(writeFile(d.w(L"f.dat"), content));
    for (DWORD mode : {(DWORD)MMIO_READ, (DWORD)MMIO_READWRITE}) {
        INFO("mode " << mode);
        REQUIRE(writeFile(d.w(L"f.dat"), content));
        Hmmio h(openBuffered(d.a("f.dat"), mode));
        REQUIRE(h);
        CHECK(readN(h, 10) == slice(content, 0, 10));
        // Someone else changes the file behind the (clean) buffer.
        const Bytes other = pattern(20, 63);
        REQUIRE(writeFileAt(d.w(L"f.dat"), 50, other));
        // mmioFlush.md: "writes the I/O buffer of a file to disk if the buffer has been written to."
        CHECK(mmioFlush(h, 0) == 0);
        CHECK(h.close() == 0);
        Bytes expect = content;
        std::memcpy(&expect[50], other.data(), other.size());
        CHECK(readFile(d.w(L"f.dat")) == expect);
    }
}

TEST_CASE("mmioFlush: MMIO_EMPTYBUF empties the buffer after writing it", "[mmioFlush]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(200, 64);
    REQUIRE(writeFile(d.w(L"f.dat"), content));
    Hmmio h(openBuffered(d.a("f.dat"), MMIO_READWRITE));
    REQUIRE(h);
    CHECK(readN(h, 10) == slice(content, 0, 10));
    CHECK(mmioWrite(h, "abcde", 5) == 5);
    // Someone else changes bytes 40..59 behind the buffer.
    const Bytes other = pattern(20, 65);
    REQUIRE(writeFileAt(d.w(L"f.dat"), 40, other));
    // mmioFlush.md: "MMIO_EMPTYBUF | Empties the buffer after writing it to the disk."
    CHECK(mmioFlush(h, MMIO_EMPTYBUF) == 0);
    Bytes expect = content;
    std::memcpy(&expect[10], "abcde", 5);
    std::memcpy(&expect[40], other.data(), other.size());
    CHECK(readFile(d.w(L"f.dat")) == expect);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    // An empty buffer holds nothing more to read.
    CHECK(info.pchNext == info.pchEndRead);
    CHECK(mmioSetInfo(h, &info, 0) == 0);
    // The next read comes from the disk, so it sees the other writer's bytes.
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 15);
    CHECK(readN(h, 50) == slice(expect, 15, 50));
    CHECK(h.close() == 0);
    CHECK(readFile(d.w(L"f.dat")) == expect);
}

TEST_CASE("mmioClose: closing flushes the buffer", "[mmioClose]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes data = pattern(3000, 66);
    SECTION("MMIO_ALLOCBUF") {
        Hmmio h(openBuffered(d.a("c.dat"), MMIO_CREATE | MMIO_WRITE));
        REQUIRE(h);
        CHECK(writeBytes(h, data) == 3000);
        // mmioFlush.md: "Closing a file with the mmioClose function automatically flushes its
        // buffer." / mmioClose.md: "Returns zero if successful"
        CHECK(h.close() == 0);
    }
    SECTION("caller's buffer") {
        static char mine[4096];
        MMIOINFO in = zeroInfo();
        in.pchBuffer = mine;
        in.cchBuffer = sizeof mine;
        Hmmio h(openA(d.a("c.dat"), &in, MMIO_CREATE | MMIO_READWRITE));
        REQUIRE(h);
        CHECK(writeBytes(h, data) == 3000);
        // concepts-buffered-services.md: "when you close a file by using the mmioClose function,
        // you do not have to call mmioFlush to flush an I/O buffer — the mmioClose function
        // automatically flushes it."
        CHECK(h.close() == 0);
    }
    SECTION("buffer set by mmioSetBuffer") {
        Hmmio h(openA(d.a("c.dat"), nullptr, MMIO_CREATE | MMIO_READWRITE));
        REQUIRE(h);
        REQUIRE(mmioSetBuffer(h, nullptr, 16384, 0) == 0);
        CHECK(writeBytes(h, data) == 3000);
        CHECK(h.close() == 0);
    }
    CHECK(readFile(d.w(L"c.dat")) == data);
}

TEST_CASE("mmioFlush: a buffer that cannot be written gives MMIOERR_CANNOTWRITE", "[mmioFlush]") {
    MMIOINFO in = zeroInfo();
    in.pIOProc = failingWriteProc;
    HMMIO h = mmioOpenA(const_cast<char*>("full-disk"), &in, MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF);
    REQUIRE(h != nullptr);
    CHECK(mmioWrite(h, "0123456789", 10) == 10);
    // mmioFlush.md: "MMIOERR_CANNOTWRITE | The contents of the buffer could not be written to
    // disk." / "If there is insufficient disk space to write the buffer, mmioFlush fails, even if
    // the preceding calls of the mmioWrite function were successful."
    CHECK(mmioFlush(h, 0) == MMIOERR_CANNOTWRITE);
    // mmioClose.md: "The error value can originate from the mmioFlush function ...
    // MMIOERR_CANNOTWRITE | The contents of the buffer could not be written to disk."
    // concepts-buffered-services.md: "Similarly, mmioClose could fail when it is flushing its I/O
    // buffer."
    CHECK(mmioClose(h, 0) == MMIOERR_CANNOTWRITE);
}

TEST_CASE("mmioFlush: an unbuffered file has nothing to flush", "[mmioFlush][decision]") {
    // [decision] mmioFlush.md is silent on unbuffered files; with no buffer there is nothing to
    // write, so we expect success.
    TempDir d;
    REQUIRE(d.ok());
    Hmmio h(openA(d.a("u.dat"), nullptr, MMIO_CREATE | MMIO_WRITE));
    REQUIRE(h);
    CHECK(mmioWrite(h, "abc", 3) == 3);
    CHECK(mmioFlush(h, 0) == 0);
    CHECK(mmioFlush(h, MMIO_EMPTYBUF) == 0);
    CHECK(readFile(d.w(L"u.dat")) == Bytes{'a', 'b', 'c'});
}
