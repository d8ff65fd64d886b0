// Conformance: direct access to the I/O buffer (mmioGetInfo, mmioSetInfo, mmioAdvance).
// Spec: mmioGetInfo.md, mmioSetInfo.md, mmioAdvance.md, concepts-buffered-services.md,
// concepts-accessing-a-file-i-o-buffer.md.
#include <catch.hpp>

#include "support_files.h"

using namespace confa;

namespace {

HMMIO openBuffered(const std::string& path, DWORD flags, LONG bufSize) {
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

Bytes slice(const Bytes& b, size_t from, size_t n) {
    return Bytes(b.begin() + (long)from, b.begin() + (long)(from + n));
}

Bytes bufferBytes(const char* from, const char* to) {
    if (!from || !to || to < from) return Bytes();
    return Bytes(from, to);
}

}  // namespace

// ------------------------------------------------------------ initial state

TEST_CASE("mmioGetInfo: after a buffered read open pchNext and pchEndRead are at the buffer start",
          "[mmioGetInfo]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"r.dat"), pattern(1000, 40)));
    Hmmio h(openBuffered(d.a("r.dat"), MMIO_READ, 0));
    REQUIRE(h);
    MMIOINFO info = zeroInfo();
    // mmioGetInfo.md: "Returns zero if successful or an error otherwise."
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    REQUIRE(info.pchBuffer != nullptr);
    // concepts-buffered-services.md: "The mmioOpen function has set pchNext and pchEndRead to point
    // to the beginning of the file I/O buffer."
    CHECK(info.pchNext == info.pchBuffer);
    CHECK(info.pchEndRead == info.pchBuffer);
    CHECK(mmioSetInfo(h, &info, 0) == 0);
}

TEST_CASE("mmioGetInfo: after a buffered write open pchEndWrite is at the buffer end", "[mmioGetInfo]") {
    TempDir d;
    REQUIRE(d.ok());
    Hmmio h(openBuffered(d.a("w.dat"), MMIO_CREATE | MMIO_WRITE, 0));
    REQUIRE(h);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    REQUIRE(info.pchBuffer != nullptr);
    // concepts-buffered-services.md: "The mmioOpen function has set pchNext to point to the
    // beginning of the file I/O buffer and pchEndWrite to point to the end of the buffer."
    CHECK(info.pchNext == info.pchBuffer);
    CHECK(info.pchEndWrite == info.pchBuffer + info.cchBuffer);
    CHECK(info.cchBuffer == MMIO_DEFAULTBUFFER);
    CHECK(mmioSetInfo(h, &info, 0) == 0);
}

TEST_CASE("mmioGetInfo: dwFlags carries the access mode the file was opened with",
          "[mmioGetInfo][decision]") {
    // [decision] MMIOM_OPEN.md: "The dwFlags member of the MMIOINFO structure contains flags passed
    // to the mmioOpen function." We expect mmioGetInfo to report the same access mode bits (Windows pins only
    // MMIO_READ). Windows: MMIO_ALLOCBUF is set because mmio allocated the buffer (winfacts.cpp).
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"f.dat"), pattern(10, 41)));
    for (DWORD mode : {(DWORD)MMIO_READ, (DWORD)MMIO_WRITE, (DWORD)MMIO_READWRITE}) {
        INFO("mode " << mode);
        Hmmio h(openBuffered(d.a("f.dat"), mode, 0));
        REQUIRE(h);
        MMIOINFO info = zeroInfo();
        REQUIRE(mmioGetInfo(h, &info, 0) == 0);
        CHECK((info.dwFlags & MMIO_RWMODE) == mode);
        CHECK((info.dwFlags & MMIO_ALLOCBUF) == MMIO_ALLOCBUF);
        CHECK((info.dwFlags & MMIO_DIRTY) == 0);
        mmioSetInfo(h, &info, 0);
    }
}

// ------------------------------------------------------------ reading

TEST_CASE("mmioAdvance: MMIO_READ fills the buffer from the file", "[mmioAdvance]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(20000, 42);
    REQUIRE(writeFile(d.w(L"r.dat"), content));
    Hmmio h(openBuffered(d.a("r.dat"), MMIO_READ, 0));
    REQUIRE(h);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    const LONG B = info.cchBuffer;
    REQUIRE(B == MMIO_DEFAULTBUFFER);
    size_t at = 0;
    for (int round = 0; round < 2; ++round) {
        INFO("round " << round);
        // mmioAdvance.md: "MMIO_READ | Buffer is filled from the file." / "Returns MMSYSERR_NOERROR
        // if successful"
        REQUIRE(mmioAdvance(h, &info, MMIO_READ) == MMSYSERR_NOERROR);
        // concepts-buffered-services.md: "The mmioAdvance function fills the buffer and sets the
        // pchEndRead pointer to the end of the buffer." (pchNext at the beginning, mmio8.gif)
        CHECK(info.pchNext == info.pchBuffer);
        CHECK(info.pchEndRead == info.pchBuffer + B);
        CHECK(bufferBytes(info.pchNext, info.pchEndRead) == slice(content, at, (size_t)B));
        // mmioGetInfo.md: "When you read or write, increment pchNext by the number of bytes read or
        // written."
        info.pchNext = info.pchEndRead;
        at += (size_t)B;
    }
    REQUIRE(mmioAdvance(h, &info, MMIO_READ) == MMSYSERR_NOERROR);
    // concepts-buffered-services.md: "If there is not enough data remaining in the file to fill the
    // buffer, the pchEndRead member of the MMIOINFO structure points to the location following the
    // last valid byte in the buffer."
    CHECK(info.pchEndRead - info.pchNext == (LONG)(content.size() - at));
    CHECK(bufferBytes(info.pchNext, info.pchEndRead) == slice(content, at, content.size() - at));
    info.pchNext = info.pchEndRead;
    // mmioAdvance.md: "If the end of file is reached, mmioAdvance still returns successfully even
    // though no more data can be read. To check for the end of the file, check if the pchNext and
    // pchEndRead members of the MMIOINFO structure are equal after calling mmioAdvance."
    CHECK(mmioAdvance(h, &info, MMIO_READ) == MMSYSERR_NOERROR);
    CHECK(info.pchNext == info.pchEndRead);
    CHECK(mmioAdvance(h, &info, MMIO_READ) == MMSYSERR_NOERROR);
    CHECK(info.pchNext == info.pchEndRead);
    CHECK(mmioSetInfo(h, &info, 0) == 0);
    // The position is the end of the file.
    CHECK(mmioSeek(h, 0, SEEK_CUR) == (LONG)content.size());
}

TEST_CASE("mmioAdvance: an empty file is at its end after the first advance", "[mmioAdvance]") {
    TempDir d;
    REQUIRE(d.ok());
    REQUIRE(writeFile(d.w(L"e.dat"), Bytes()));
    Hmmio h(openBuffered(d.a("e.dat"), MMIO_READ, 0));
    REQUIRE(h);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    // mmioAdvance.md: "If the end of file is reached, mmioAdvance still returns successfully ...
    // check if the pchNext and pchEndRead members of the MMIOINFO structure are equal"
    CHECK(mmioAdvance(h, &info, MMIO_READ) == MMSYSERR_NOERROR);
    CHECK(info.pchNext == info.pchEndRead);
    mmioSetInfo(h, &info, 0);
}

TEST_CASE("mmioAdvance: the documented sample reads a whole file through the buffer", "[mmioAdvance]") {
    // concepts-accessing-a-file-i-o-buffer.md: "The following example accesses an I/O buffer
    // directly to read data" (its loop, with the missing '>' of "dwCount  0" restored).
    TempDir d;
    REQUIRE(d.ok());
    for (DWORD size : {0ul, 1ul, 100ul, 8191ul, 8192ul, 8193ul, 30000ul}) {
        for (LONG bufSize : {0L, 16L, 1000L}) {
            INFO("file " << size << " bytes, cchBuffer " << bufSize);
            const Bytes content = pattern(size, size + 43);
            REQUIRE(writeFile(d.w(L"sample.wav"), content));
            HMMIO hmmio = openBuffered(d.a("sample.wav"), MMIO_READ, bufSize);
            REQUIRE(hmmio != nullptr);
            MMIOINFO mmioinfo = zeroInfo();
            DWORD dwDataSize = size;
            DWORD dwCount;
            Bytes data(size + 1, 0);
            char* lpData = reinterpret_cast<char*>(data.data());
            char* hptr;
            // "Get information about the file I/O buffer."
            REQUIRE(mmioGetInfo(hmmio, &mmioinfo, 0) == 0);
            bool advanceFailed = false;
            for (dwCount = dwDataSize, hptr = lpData; dwCount > 0; dwCount--) {
                // "Check to see if the I/O buffer must be advanced."
                if (mmioinfo.pchNext == mmioinfo.pchEndRead) {
                    if (mmioAdvance(hmmio, &mmioinfo, MMIO_READ)) {
                        advanceFailed = true;
                        break;
                    }
                    // (guard for this test: an advance that brings no data would loop forever)
                    if (mmioinfo.pchNext == mmioinfo.pchEndRead) {
                        advanceFailed = true;
                        break;
                    }
                }
                // "Get a character from the buffer."
                *hptr++ = *mmioinfo.pchNext++;
            }
            CHECK_FALSE(advanceFailed);
            data.resize(size);
            CHECK(data == content);
            // "End direct buffer access and close the file."
            CHECK(mmioSetInfo(hmmio, &mmioinfo, 0) == 0);
            CHECK(mmioClose(hmmio, 0) == 0);
        }
    }
}

TEST_CASE("mmioSetInfo: bytes consumed through pchNext move the file position", "[mmioSetInfo]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(500, 44);
    REQUIRE(writeFile(d.w(L"r.dat"), content));
    Hmmio h(openBuffered(d.a("r.dat"), MMIO_READ, 100));
    REQUIRE(h);
    CHECK(readN(h, 5) == slice(content, 0, 5));
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    // mmioGetInfo.md: "The pchNext member points to the next byte in the buffer that can be read or
    // written."
    REQUIRE(info.pchEndRead - info.pchNext >= 10);
    CHECK(bufferBytes(info.pchNext, info.pchNext + 10) == slice(content, 5, 10));
    // "When you read or write, increment pchNext by the number of bytes read or written."
    info.pchNext += 10;
    // mmioSetInfo.md: "Use this function to terminate direct buffer access"
    CHECK(mmioSetInfo(h, &info, 0) == 0);
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 15);
    CHECK(readN(h, 10) == slice(content, 15, 10));
}

TEST_CASE("mmioAdvance: the MMIOINFO argument is optional", "[mmioAdvance]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(3000, 45);
    REQUIRE(writeFile(d.w(L"r.dat"), content));
    Hmmio h(openBuffered(d.a("r.dat"), MMIO_READ, 1000));
    REQUIRE(h);
    // mmioAdvance.md: "pmmioinfo ... This parameter is optional."
    CHECK(mmioAdvance(h, nullptr, MMIO_READ) == MMSYSERR_NOERROR);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    // "MMIO_READ | Buffer is filled from the file."
    CHECK(info.pchEndRead > info.pchNext);
    mmioSetInfo(h, &info, 0);
    CHECK(readN(h, 10) == slice(content, 0, 10));
}

// ------------------------------------------------------------ writing

TEST_CASE("mmioAdvance: MMIO_WRITE writes a dirty buffer to disk", "[mmioAdvance]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes data = pattern(1000, 46);
    const LONG B = 256;
    Hmmio h(openBuffered(d.a("w.dat"), MMIO_CREATE | MMIO_WRITE, B));
    REQUIRE(h);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    REQUIRE(info.pchEndWrite - info.pchNext == B);
    int advances = 0;
    for (size_t i = 0; i < data.size(); ++i) {
        if (info.pchNext == info.pchEndWrite) {
            // mmioGetInfo.md: "Before calling mmioAdvance or mmioSetInfo to flush a buffer to disk,
            // set the MMIO_DIRTY flag in the dwFlags member"
            info.dwFlags |= MMIO_DIRTY;
            // concepts-buffered-services.md: "To flush a buffer to disk, set the MMIO_DIRTY flag ...
            // and then call mmioAdvance with the MMIO_WRITE flag."
            REQUIRE(mmioAdvance(h, &info, MMIO_WRITE) == MMSYSERR_NOERROR);
            ++advances;
            // mmioAdvance.md: "If the file is opened for writing and the MMIO_DIRTY flag is set in
            // the dwFlags member of the MMIOINFO structure, the buffer is written to disk."
            CHECK(readFile(d.w(L"w.dat")) == slice(data, 0, i));
            // concepts-buffered-services.md: "The mmioAdvance function resets pchNext to point to
            // the beginning of the buffer"
            CHECK(info.pchNext == info.pchBuffer);
            CHECK(info.pchEndWrite == info.pchBuffer + B);
            if (info.pchNext == info.pchEndWrite) break;  // (guard against a no-room buffer)
        }
        *info.pchNext++ = (char)data[i];
    }
    CHECK(advances == 3);
    // mmioSetInfo.md: "If you have written to the file I/O buffer, set the MMIO_DIRTY flag in the
    // dwFlags member of the MMIOINFO structure before calling mmioSetInfo to terminate direct
    // buffer access."
    info.dwFlags |= MMIO_DIRTY;
    CHECK(mmioSetInfo(h, &info, 0) == 0);
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 1000);
    CHECK(h.close() == 0);
    CHECK(readFile(d.w(L"w.dat")) == data);
}

TEST_CASE("mmioSetInfo: without MMIO_DIRTY direct writes are not written to disk", "[mmioSetInfo]") {
    TempDir d;
    REQUIRE(d.ok());
    Hmmio h(openBuffered(d.a("w.dat"), MMIO_CREATE | MMIO_WRITE, 0));
    REQUIRE(h);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    REQUIRE(info.pchEndWrite - info.pchNext >= 10);
    std::memcpy(info.pchNext, "0123456789", 10);
    info.pchNext += 10;
    // mmioSetInfo.md: "set the MMIO_DIRTY flag ... before calling mmioSetInfo to terminate direct
    // buffer access. Otherwise, the buffer will not get flushed to disk."
    CHECK(mmioSetInfo(h, &info, 0) == 0);
    CHECK(h.close() == 0);
    CHECK(fileSize(d.w(L"w.dat")) == 0);
}

TEST_CASE("mmioAdvance: without MMIO_DIRTY the buffer is not written to disk", "[mmioAdvance]") {
    TempDir d;
    REQUIRE(d.ok());
    Hmmio h(openBuffered(d.a("w.dat"), MMIO_CREATE | MMIO_WRITE, 64));
    REQUIRE(h);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    const LONG room = (LONG)(info.pchEndWrite - info.pchNext);
    REQUIRE(room > 0);
    std::memset(info.pchNext, 'x', (size_t)room);
    info.pchNext += room;
    // mmioAdvance.md: "If you have written to the I/O buffer, you must set the MMIO_DIRTY flag in
    // the dwFlags member of the MMIOINFO structure before calling mmioAdvance. Otherwise, the
    // buffer will not be written to disk."
    CHECK(mmioAdvance(h, &info, MMIO_WRITE) == MMSYSERR_NOERROR);
    CHECK(fileSize(d.w(L"w.dat")) == 0);
    mmioSetInfo(h, &info, 0);
    h.close();
    Bytes after = readFile(d.w(L"w.dat"));
    CHECK(std::count(after.begin(), after.end(), (std::uint8_t)'x') == 0);
}

TEST_CASE("mmioSetInfo: MMIO_DIRTY writes only the bytes of the file, not the whole buffer", "[mmioSetInfo]") {
    TempDir d;
    REQUIRE(d.ok());
    const Bytes content = pattern(100, 47);
    REQUIRE(writeFile(d.w(L"rw.dat"), content));
    Hmmio h(openBuffered(d.a("rw.dat"), MMIO_READWRITE, 0));
    REQUIRE(h);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    REQUIRE(mmioAdvance(h, &info, MMIO_READ) == MMSYSERR_NOERROR);
    REQUIRE(info.pchEndRead - info.pchNext == 100);
    // Overwrite bytes 10..19 in the buffer.
    info.pchNext += 10;
    std::memcpy(info.pchNext, "ABCDEFGHIJ", 10);
    info.pchNext += 10;
    info.dwFlags |= MMIO_DIRTY;
    // mmioSetInfo.md: "set the MMIO_DIRTY flag ... before calling mmioSetInfo" (so it gets flushed);
    // mmioGetInfo.md: "The pchEndRead member points to 1 byte past the last valid byte in the
    // buffer that can be read." (the file stays 100 bytes long)
    CHECK(mmioSetInfo(h, &info, 0) == 0);
    CHECK(h.close() == 0);
    Bytes expect = content;
    std::memcpy(&expect[10], "ABCDEFGHIJ", 10);
    CHECK(readFile(d.w(L"rw.dat")) == expect);
}

TEST_CASE("mmioSetInfo: direct writes extend a new file by exactly the bytes written", "[mmioSetInfo]") {
    TempDir d;
    REQUIRE(d.ok());
    Hmmio h(openBuffered(d.a("w.dat"), MMIO_CREATE | MMIO_READWRITE, 0));
    REQUIRE(h);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    REQUIRE(info.pchEndWrite - info.pchNext >= 10);
    std::memcpy(info.pchNext, "0123456789", 10);
    // mmioGetInfo.md: "When you read or write, increment pchNext by the number of bytes read or
    // written."
    info.pchNext += 10;
    info.dwFlags |= MMIO_DIRTY;
    CHECK(mmioSetInfo(h, &info, 0) == 0);
    // Ordinary calls go on after direct access ends.
    CHECK(mmioSeek(h, 0, SEEK_CUR) == 10);
    CHECK(mmioWrite(h, "abcde", 5) == 5);
    CHECK(mmioSeek(h, 0, SEEK_SET) == 0);
    CHECK(readN(h, 100) == Bytes{'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e'});
    CHECK(h.close() == 0);
    CHECK(readFile(d.w(L"w.dat")) ==
          Bytes{'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e'});
}

TEST_CASE("mmioAdvance: a read/write file flushes a dirty buffer before reading the next", "[mmioAdvance]") {
    TempDir d;
    REQUIRE(d.ok());
    const LONG B = 256;
    const Bytes content = pattern(3 * B, 48);
    REQUIRE(writeFile(d.w(L"rw.dat"), content));
    Hmmio h(openBuffered(d.a("rw.dat"), MMIO_READWRITE, B));
    REQUIRE(h);
    MMIOINFO info = zeroInfo();
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    REQUIRE(mmioAdvance(h, &info, MMIO_READ) == MMSYSERR_NOERROR);
    REQUIRE(info.pchEndRead - info.pchNext == B);
    std::memcpy(info.pchNext, "modified!!", 10);
    info.pchNext = info.pchEndRead;
    info.dwFlags |= MMIO_DIRTY;
    // mmioAdvance.md: "If the specified file is opened for writing or for both reading and
    // writing, the I/O buffer is flushed to disk before the next buffer is read."
    CHECK(mmioAdvance(h, &info, MMIO_READ) == MMSYSERR_NOERROR);
    Bytes expect = content;
    std::memcpy(&expect[0], "modified!!", 10);
    CHECK(readFile(d.w(L"rw.dat")) == expect);
    // "If the file is opened for reading, the I/O buffer is filled from the disk."
    CHECK(info.pchEndRead - info.pchNext == B);
    CHECK(bufferBytes(info.pchNext, info.pchEndRead) == slice(content, (size_t)B, (size_t)B));
    CHECK(mmioSetInfo(h, &info, 0) == 0);
    CHECK(h.close() == 0);
    CHECK(readFile(d.w(L"rw.dat")) == expect);
}
