// Conformance: reading, writing and seeking through the I/O buffer; mmioSetBuffer.
// Spec: mmioRead.md, mmioWrite.md, mmioSeek.md, mmioSetBuffer.md, concepts-buffered-services.md,
// concepts-basic-services.md, concepts-seeking-to-a-new-position-in-a-file.md,
// concepts-changing-the-i-o-buffer-size.md.
#include <catch.hpp>

#include "support_files.h"

using namespace confa;

namespace {

// How a test file is buffered.
struct Buffering {
    const char* name;
    LONG alloc;       // < 0: unbuffered; 0: MMIO_ALLOCBUF default; > 0: MMIO_ALLOCBUF with cchBuffer
    LONG callerSize;  // > 0: a caller buffer of this size given in MMIOINFO (no MMIO_ALLOCBUF)
};

const Buffering kBufferings[] = {
    {"unbuffered", -1, 0},          {"MMIO_ALLOCBUF default", 0, 0}, {"MMIO_ALLOCBUF 16", 16, 0},
    {"MMIO_ALLOCBUF 61", 61, 0},    {"MMIO_ALLOCBUF 512", 512, 0},   {"MMIO_ALLOCBUF 4096", 4096, 0},
    {"caller buffer 100", -1, 100},
};

struct Opened {
    std::vector<char> callerBuf;
    Hmmio h;
};

void openWith(Opened& o, const std::string& path, const Buffering& b, DWORD flags) {
    MMIOINFO in = zeroInfo();
    if (b.callerSize > 0) {
        o.callerBuf.assign((size_t)b.callerSize, 0);
        in.pchBuffer = o.callerBuf.data();
        in.cchBuffer = b.callerSize;
    } else if (b.alloc >= 0) {
        flags |= MMIO_ALLOCBUF;
        in.cchBuffer = b.alloc;
    }
    o.h = openA(path, &in, flags);
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

}  // namespace

// ------------------------------------------------------------ seeking

TEST_CASE("mmioSeek: SEEK_SET, SEEK_CUR and SEEK_END move the position", "[mmioSeek]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(1000, 20);
    REQUIRE(writeFile(d.w(L"s.dat"), content));
    for (const Buffering& b : kBufferings) {
        INFO(b.name);
        Opened o;
        openWith(o, d.a("s.dat"), b, MMIO_READ);
        REQUIRE(o.h);
        HMMIO h = o.h;
        // mmioSeek.md: "SEEK_SET | Seeks to lOffset bytes from the beginning of the file." /
        // "Returns the new file position, in bytes, relative to the beginning of the file."
        CHECK(mmioSeek(h, 100, SEEK_SET) == 100);
        CHECK(readN(h, 10) == slice(content, 100, 10));
        // "SEEK_CUR | Seeks to lOffset bytes from the current file position."
        CHECK(mmioSeek(h, -50, SEEK_CUR) == 60);
        CHECK(readN(h, 10) == slice(content, 60, 10));
        CHECK(mmioSeek(h, 300, SEEK_CUR) == 370);
        CHECK(readN(h, 10) == slice(content, 370, 10));
        CHECK(mmioSeek(h, 0, SEEK_CUR) == 380);
        // "SEEK_END | Seeks to lOffset bytes from the end of the file." Windows (Wine's conformance test,
        // mmio.c) counts a positive lOffset backwards: mmioSeek(h, 10, SEEK_END) is 10 bytes before the end.
        CHECK(mmioSeek(h, 10, SEEK_END) == 990);
        CHECK(readN(h, 10) == slice(content, 990, 10));
        // "mmioSeek(hFile, 0L, SEEK_END);" "moves to the end of an open file"
        CHECK(mmioSeek(h, 0, SEEK_END) == 1000);
        // "mmioSeek(hFile, 0L, SEEK_SET);" "moves to the beginning of an open file"
        CHECK(mmioSeek(h, 0L, SEEK_SET) == 0);
        CHECK(readN(h, 10) == slice(content, 0, 10));
    }
}

TEST_CASE("mmioSeek: a negative SEEK_END offset lands past the end (size - lOffset)", "[mmioSeek][decision]") {
    // [decision] Windows counts a positive SEEK_END offset backwards (size - lOffset); for a negative one Microsoft's
    // concept page (concepts-seeking-to-a-new-position-in-a-file.md: "mmioSeek(hFile, -10L, SEEK_END)" moves "to a
    // position 10 bytes from the end") and that rule disagree. We keep Windows' one linear rule: -10 gives
    // size + 10, and reading there gives 0 bytes (docs/mmio.md, mmioSeek).
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(1000, 23);
    REQUIRE(writeFile(d.w(L"e.dat"), content));
    for (const Buffering& b : kBufferings) {
        INFO(b.name);
        Opened o;
        openWith(o, d.a("e.dat"), b, MMIO_READ);
        REQUIRE(o.h);
        CHECK(mmioSeek(o.h, -10, SEEK_END) == 1010);
        char c[4];
        CHECK(mmioRead(o.h, c, 4) == 0);
        CHECK(mmioSeek(o.h, 0, SEEK_CUR) == 1010);
    }
    MMIOINFO mi = zeroInfo();
    std::vector<char> block(content.begin(), content.end());
    mi.fccIOProc = FOURCC_MEM;
    mi.pchBuffer = block.data();
    mi.cchBuffer = static_cast<LONG>(block.size());
    Hmmio h(mmioOpenA(nullptr, &mi, MMIO_READ));
    REQUIRE(h);
    CHECK(mmioSeek(h, 10, SEEK_END) == 990);
    CHECK(mmioSeek(h, -10, SEEK_END) == -1);  // past a fixed block: refused, as any target past it is
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 990);
}

TEST_CASE("mmioSeek: seeking past the end and writing extends the file", "[mmioSeek][decision]") {
    // [decision] mmioSeek.md: "Seeking to an invalid location in the file, such as past the end of
    // the file, might not cause mmioSeek to return an error, but it might cause subsequent I/O
    // operations on the file to fail." We expect the seek to succeed and a following write to
    // extend the file, the gap reading back as zero bytes, as with Win32 files.
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(100, 21);
    const Bytes tail = pattern(10, 22);
    for (const Buffering& b : kBufferings) {
        INFO(b.name);
        REQUIRE(writeFile(d.w(L"s.dat"), content));
        {
            Opened o;
            openWith(o, d.a("s.dat"), b, MMIO_READWRITE);
            REQUIRE(o.h);
            CHECK(mmioSeek(o.h, 200, SEEK_SET) == 200);
            CHECK(writeBytes(o.h, tail) == 10);
            CHECK(mmioSeek(o.h, 0, SEEK_CUR) == 210);
            CHECK(mmioSeek(o.h, 0, SEEK_END) == 210);
            CHECK(o.h.close() == 0);
        }
        Bytes expect = content;
        expect.resize(200, 0);
        expect.insert(expect.end(), tail.begin(), tail.end());
        CHECK(readFile(d.w(L"s.dat")) == expect);
    }
}

// ------------------------------------------------------------ reading

TEST_CASE("mmioRead: reads at the end of the file return 0", "[mmioRead]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(300, 23);
    REQUIRE(writeFile(d.w(L"r.dat"), content));
    REQUIRE(writeFile(d.w(L"empty.dat"), Bytes()));
    for (const Buffering& b : kBufferings) {
        INFO(b.name);
        Opened o;
        openWith(o, d.a("r.dat"), b, MMIO_READ);
        REQUIRE(o.h);
        CHECK(readN(o.h, 1000) == content);
        char buf[16];
        // mmioRead.md: "If the end of the file has been reached and no more bytes can be read, the
        // return value is 0."
        CHECK(mmioRead(o.h, buf, sizeof buf) == 0);
        CHECK(mmioRead(o.h, buf, sizeof buf) == 0);
        CHECK(mmioSeek(o.h, 0, SEEK_END) == 300);
        CHECK(mmioRead(o.h, buf, sizeof buf) == 0);
        // A zero-byte request is not an error either.
        CHECK(mmioSeek(o.h, 5, SEEK_SET) == 5);
        CHECK(mmioRead(o.h, buf, 0) == 0);
        CHECK(mmioSeek(o.h, 0, SEEK_CUR) == 5);

        Opened e;
        openWith(e, d.a("empty.dat"), b, MMIO_READ);
        REQUIRE(e.h);
        CHECK(mmioRead(e.h, buf, sizeof buf) == 0);
    }
}

TEST_CASE("mmioRead: a read across the end returns the bytes up to the end", "[mmioRead]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(1000, 24);
    REQUIRE(writeFile(d.w(L"r.dat"), content));
    for (const Buffering& b : kBufferings) {
        INFO(b.name);
        Opened o;
        openWith(o, d.a("r.dat"), b, MMIO_READ);
        REQUIRE(o.h);
        CHECK(mmioSeek(o.h, 990, SEEK_SET) == 990);
        Bytes buf(100, 0xEE);
        // mmioRead.md: "Returns the number of bytes actually read."
        CHECK(mmioRead(o.h, reinterpret_cast<HPSTR>(buf.data()), 100) == 10);
        CHECK(slice(buf, 0, 10) == slice(content, 990, 10));
        CHECK(buf[10] == 0xEE);
        CHECK(mmioSeek(o.h, 0, SEEK_CUR) == 1000);
    }
}

// ------------------------------------------------------------ writing

TEST_CASE("mmioWrite: the position advances by the bytes written", "[mmioWrite]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes data = pattern(5000, 25);
    for (const Buffering& b : kBufferings) {
        INFO(b.name);
        {
            Opened o;
            openWith(o, d.a("w.dat"), b, MMIO_CREATE | MMIO_WRITE);
            REQUIRE(o.h);
            size_t at = 0;
            for (size_t len : {1u, 7u, 16u, 100u, 0u, 1000u, 3876u}) {
                // mmioWrite.md: "Returns the number of bytes actually written." "The current file
                // position is incremented by the number of bytes written."
                CHECK(mmioWrite(o.h, reinterpret_cast<const char*>(data.data() + at), (LONG)len) == (LONG)len);
                at += len;
                CHECK(mmioSeek(o.h, 0, SEEK_CUR) == (LONG)at);
            }
            CHECK(o.h.close() == 0);
        }
        CHECK(readFile(d.w(L"w.dat")) == data);
    }
}

// ------------------------------------------------------------ integrity

TEST_CASE("mmioRead: buffered and unbuffered I/O keep data intact under mixed I/O", "[mmioRead][mmioWrite][mmioSeek]") {
    // concepts-buffered-services.md: "The buffering is transparent — you read and seek as if you
    // were using unbuffered I/O." Random reads, writes and seeks are checked against a byte model
    // (see exerciseAgainstModel), then the file on disk is compared with the model.
    TempDir d;
    REQUIRE(d.ok());
    std::uint32_t seed = 200;
    for (const Buffering& b : kBufferings) {
        for (std::uint32_t maxLen : {40u, 700u, 20000u}) {
            INFO(b.name << ", longest operation " << maxLen);
            Bytes model;
            long pos = 0;
            {
                Opened o;
                openWith(o, d.a("m.dat"), b, MMIO_CREATE | MMIO_READWRITE);
                REQUIRE(o.h);
                Rng rng(++seed);
                CHECK(exerciseAgainstModel(o.h, model, pos, rng, maxLen > 1000 ? 150 : 500, maxLen) == "");
                CHECK(o.h.close() == 0);
            }
            CHECK(readFile(d.w(L"m.dat")) == model);
            // Reopen and check by reading only.
            {
                Opened o;
                openWith(o, d.a("m.dat"), b, MMIO_READ);
                REQUIRE(o.h);
                Rng rng(++seed);
                Bytes same = model;
                pos = 0;
                CHECK(exerciseAgainstModel(o.h, same, pos, rng, 200, maxLen, false) == "");
            }
        }
    }
}

TEST_CASE("mmioWrite: chunked writes and reads agree at every buffer boundary", "[mmioWrite][mmioRead]") {
    // mmioWrite.md: "Returns the number of bytes actually written."; mmioRead.md: "Returns the
    // number of bytes actually read." Write a file in chunks of every length from 1 to 2B+1 for a
    // B-byte buffer, read it back in chunks of another length, and compare with the disk.
    TempDir d;
    REQUIRE(d.ok());
    for (LONG bufSize : {16L, 61L}) {
        const size_t total = (size_t)(3 * bufSize + 5);
        const Bytes data = pattern(total, (std::uint32_t)bufSize);
        for (LONG chunk = 1; chunk <= 2 * bufSize + 1; ++chunk) {
            INFO("buffer " << bufSize << ", chunk " << chunk);
            MMIOINFO in = zeroInfo();
            in.cchBuffer = bufSize;
            {
                Hmmio h(openA(d.a("c.dat"), &in, MMIO_CREATE | MMIO_WRITE | MMIO_ALLOCBUF));
                REQUIRE(h);
                size_t at = 0;
                bool ok = true;
                while (at < total) {
                    LONG n = (LONG)std::min<size_t>((size_t)chunk, total - at);
                    ok = ok && mmioWrite(h, reinterpret_cast<const char*>(data.data() + at), n) == n;
                    at += (size_t)n;
                }
                CHECK(ok);
                CHECK(h.close() == 0);
            }
            CHECK(readFile(d.w(L"c.dat")) == data);
            {
                in = zeroInfo();
                in.cchBuffer = bufSize;
                Hmmio h(openA(d.a("c.dat"), &in, MMIO_READ | MMIO_ALLOCBUF));
                REQUIRE(h);
                const LONG rchunk = 2 * bufSize + 2 - chunk;
                Bytes back;
                for (;;) {
                    Bytes part = readN(h, rchunk);
                    if (part.empty()) break;
                    back.insert(back.end(), part.begin(), part.end());
                    if (back.size() > total) break;
                }
                CHECK(back == data);
            }
        }
    }
}

// ------------------------------------------------------------ mmioSetBuffer

TEST_CASE("mmioSetBuffer: enables buffering with an internal 16K buffer", "[mmioSetBuffer]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(40000, 26);
    REQUIRE(writeFile(d.w(L"SAMPLE.TXT"), content));
    // concepts-changing-the-i-o-buffer-size.md: "opens a file named SAMPLE.TXT for unbuffered I/O,
    // and then enables buffered I/O with an internal 16K buffer using the mmioSetBuffer function."
    Hmmio h(openA(d.a("SAMPLE.TXT"), nullptr, MMIO_READ));
    REQUIRE(h);
    CHECK(readN(h, 10) == slice(content, 0, 10));
    // mmioSetBuffer.md: "To enable buffering using an internal buffer, set pchBuffer to NULL and
    // cchBuffer to the desired buffer size." / "Returns zero if successful"
    CHECK(mmioSetBuffer(h, nullptr, 16384L, 0) == 0);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    CHECK(info.pchBuffer != nullptr);
    CHECK(info.cchBuffer == 16384);
    // The position is kept and reading goes on where it was.
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 10);
    CHECK(readN(h, 30000) == slice(content, 10, 30000));
}

TEST_CASE("mmioSetBuffer: resizes an internal buffer", "[mmioSetBuffer]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(30000, 27);
    REQUIRE(writeFile(d.w(L"r.dat"), content));
    Hmmio h(openA(d.a("r.dat"), nullptr, MMIO_READWRITE | MMIO_ALLOCBUF));
    REQUIRE(h);
    CHECK(readN(h, 100) == slice(content, 0, 100));
    // mmioSetBuffer.md: "If buffered I/O is already enabled using an internal buffer, you can
    // reallocate the buffer to a different size by setting pchBuffer to NULL and cchBuffer to the
    // new buffer size."
    for (LONG size : {20000L, 100L, 8192L}) {
        INFO("new size " << size);
        CHECK(mmioSetBuffer(h, nullptr, size, 0) == 0);
        MMIOINFO info = zeroInfo();
        REQUIRE(mmioGetInfo(h, &info, 0) == 0);
        CHECK(info.cchBuffer == size);
        CHECK(info.pchBuffer != nullptr);
    }
    // "The contents of the buffer can be changed after resizing." (the buffer, not the file: the
    // position and the data read are the file's)
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 100);
    CHECK(readN(h, 200) == slice(content, 100, 200));
}

TEST_CASE("mmioSetBuffer: written data survives a change of buffer", "[mmioSetBuffer]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes a = pattern(10, 28), b = pattern(10, 29);
    Hmmio h(openA(d.a("w.dat"), nullptr, MMIO_CREATE | MMIO_READWRITE | MMIO_ALLOCBUF));
    REQUIRE(h);
    CHECK(writeBytes(h, a) == 10);
    // mmioSetBuffer.md: "MMIOERR_CANNOTWRITE | The contents of the old buffer could not be written
    // to disk, so the operation was aborted." (so the old buffer's contents are written)
    CHECK(mmioSetBuffer(h, nullptr, 100, 0) == 0);
    CHECK(readFile(d.w(L"w.dat")) == a);
    CHECK(writeBytes(h, b) == 10);
    static char mine[64];
    CHECK(mmioSetBuffer(h, mine, sizeof mine, 0) == 0);
    Bytes ab = a;
    ab.insert(ab.end(), b.begin(), b.end());
    CHECK(readFile(d.w(L"w.dat")) == ab);
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 20);
    CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
    CHECK(readN(h, 100) == ab);
    CHECK(h.close() == 0);
}

TEST_CASE("mmioSetBuffer: a caller's buffer is used for buffered I/O", "[mmioSetBuffer]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(2000, 30);
    REQUIRE(writeFile(d.w(L"c.dat"), content));
    static char mine[512];
    std::memset(mine, 0, sizeof mine);
    Hmmio h(openA(d.a("c.dat"), nullptr, MMIO_READWRITE));
    REQUIRE(h);
    // mmioSetBuffer.md: "To supply your own buffer, set pchBuffer to point to the buffer, and set
    // cchBuffer to the size of the buffer."
    CHECK(mmioSetBuffer(h, mine, sizeof mine, 0) == 0);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    CHECK(info.pchBuffer == mine);
    CHECK(info.cchBuffer == (LONG)sizeof mine);
    CHECK(mmioSeek(h, 1000, SEEK_SET) == 1000);
    CHECK(readN(h, 20) == slice(content, 1000, 20));
    CHECK(contains(mine, sizeof mine, content.data() + 1000, 16));
    // Writes made through the caller's buffer reach the file.
    const Bytes w = pattern(30, 31);
    CHECK(mmioSeek(h, 5, SEEK_SET) == 5);
    CHECK(writeBytes(h, w) == 30);
    CHECK(h.close() == 0);
    Bytes expect = content;
    std::memcpy(&expect[5], w.data(), 30);
    CHECK(readFile(d.w(L"c.dat")) == expect);
}

TEST_CASE("mmioSetBuffer: NULL and zero disable buffering", "[mmioSetBuffer]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(500, 32);
    REQUIRE(writeFile(d.w(L"u.dat"), content));
    Hmmio h(openA(d.a("u.dat"), nullptr, MMIO_READWRITE | MMIO_ALLOCBUF));
    REQUIRE(h);
    CHECK(readN(h, 10) == slice(content, 0, 10));
    CHECK(mmioWrite(h, "0123456789", 10) == 10);
    // mmioSetBuffer.md: "To disable buffered I/O, set pchBuffer to NULL and cchBuffer to zero."
    CHECK(mmioSetBuffer(h, nullptr, 0, 0) == 0);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    // mmioAdvance.md: "MMIOERR_UNBUFFERED | The specified file is not opened for buffered I/O."
    CHECK(mmioAdvance(h, &info, MMIO_READ) == MMIOERR_UNBUFFERED);
    // The written bytes were not lost with the buffer.
    Bytes expect = content;
    std::memcpy(&expect[10], "0123456789", 10);
    CHECK(readFile(d.w(L"u.dat")) == expect);
    // Unbuffered I/O goes on from the same position.
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 20);
    CHECK(readN(h, 10) == slice(content, 20, 10));
    CHECK(mmioWrite(h, "abc", 3) == 3);
    std::memcpy(&expect[30], "abc", 3);
    CHECK(readFile(d.w(L"u.dat")) == expect);
}
