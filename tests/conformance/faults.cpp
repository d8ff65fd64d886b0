// mmio conformance suite, part B: I/O procedure failures.
//
// A fault-injecting I/O procedure (support/fault_ioproc.h) fails (-1), writes short or reads short at the k-th call
// of a chosen message. The documented error codes (MMIOERR_CANNOTWRITE from mmioFlush, mmioClose, mmioAdvance,
// mmioSetBuffer, mmioCreateChunk and mmioAscend; -1 from mmioRead/mmioWrite/mmioSeek; MMIOERR_CANNOTREAD from
// mmioAdvance) are checked untagged. That the data stays buffered after a failed flush and is written by a later
// flush (no silent data loss), and that mmioClose releases the handle even when its flush fails, are decisions
// ([decision]).
#include <catch.hpp>

#include "support/fault_ioproc.h"

#include <string>
#include <vector>

using namespace confb;

namespace {

using Bytes = std::vector<char>;
using Kind = FaultRecorder::Kind;

Bytes pattern(size_t n, int seed = 0) {
    Bytes b(n);
    for (size_t i = 0; i < n; ++i) b[i] = static_cast<char>('a' + (i * 5 + seed) % 26);
    return b;
}
Bytes slice(const Bytes& b, size_t from, size_t to) { return Bytes(b.begin() + from, b.begin() + to); }

const char* kind_name(Kind k) { return k == Kind::Fail ? "procedure returns -1" : "procedure writes/reads short"; }

constexpr LONG kBuf = 16;

HMMIO open_buffered(FaultRecorder& r, const char* name, DWORD extra = MMIO_CREATE) {
    return open_with_proc(r, name, MMIO_READWRITE | MMIO_ALLOCBUF | extra, nullptr, kBuf);
}

struct Handle {
    HMMIO h = nullptr;
    explicit Handle(HMMIO x) : h(x) {}
    ~Handle() {
        if (h) mmioClose(h, 0);
    }
};

}  // namespace

// ===============================================================================================================
// mmioFlush
// ===============================================================================================================

TEST_CASE("mmioFlush: returns MMIOERR_CANNOTWRITE when the procedure cannot write the buffer", "[mmioFlush][faults]") {
    Kind kind = GENERATE(Kind::Fail, Kind::Short);
    bool knowsWriteFlush = GENERATE(true, false);
    INFO(kind_name(kind) << (knowsWriteFlush ? "" : "; MMIOM_WRITEFLUSH not recognised"));
    Recorder::Options o;
    o.knowsWriteFlush = knowsWriteFlush;
    FaultRecorder r(o);
    Handle f(open_buffered(r, "fault-flush.bin"));
    REQUIRE(f.h != nullptr);
    Bytes data = pattern(10);
    REQUIRE(mmioWrite(f.h, data.data(), 10) == 10);
    r.arm(FaultRecorder::kAnyWrite, 1, kind);
    // mmioFlush: "MMIOERR_CANNOTWRITE: The contents of the buffer could not be written to disk." / "If there is
    // insufficient disk space to write the buffer, mmioFlush fails, even if the preceding calls of the mmioWrite
    // function were successful."
    CHECK(mmioFlush(f.h, 0) == MMIOERR_CANNOTWRITE);
    CHECK(r.hits() >= 1);
}

TEST_CASE("mmioFlush: after a failed flush the data stays buffered and a later flush writes it",
          "[mmioFlush][faults][decision]") {
    Kind kind = GENERATE(Kind::Fail, Kind::Short);
    int times = GENERATE(1, 2);
    INFO(kind_name(kind) << ", failing " << times << " time(s)");
    FaultRecorder r;
    Handle f(open_buffered(r, "fault-flush2.bin"));
    REQUIRE(f.h != nullptr);
    Bytes data = pattern(10);
    REQUIRE(mmioWrite(f.h, data.data(), 10) == 10);
    r.arm(FaultRecorder::kAnyWrite, 1, kind, times);
    CHECK(mmioFlush(f.h, 0) == MMIOERR_CANNOTWRITE);
    if (times > 1) CHECK(mmioFlush(f.h, 0) == MMIOERR_CANNOTWRITE);
    // Decision: nothing that mmioWrite accepted is dropped; once the procedure works again, mmioFlush writes it.
    CHECK(mmioFlush(f.h, 0) == MMSYSERR_NOERROR);
    INFO(r.trace());
    CHECK(r.contents() == data);
    CHECK(mmioSeek(f.h, 0, SEEK_CUR) == 10);
    // And the file goes on normally.
    REQUIRE(mmioWrite(f.h, "XYZ", 3) == 3);
    CHECK(mmioFlush(f.h, 0) == MMSYSERR_NOERROR);
    Bytes all = data;
    all.insert(all.end(), {'X', 'Y', 'Z'});
    CHECK(r.contents() == all);
}

// ===============================================================================================================
// mmioClose
// ===============================================================================================================

TEST_CASE("mmioClose: returns MMIOERR_CANNOTWRITE when the final flush fails", "[mmioClose][faults]") {
    Kind kind = GENERATE(Kind::Fail, Kind::Short);
    INFO(kind_name(kind));
    FaultRecorder r;
    HMMIO h = open_buffered(r, "fault-close.bin");
    REQUIRE(h != nullptr);
    Bytes data = pattern(12);
    REQUIRE(mmioWrite(h, data.data(), 12) == 12);
    r.arm(FaultRecorder::kAnyWrite, 1, kind, FaultRecorder::kForever);
    // mmioClose: "MMIOERR_CANNOTWRITE: The contents of the buffer could not be written to disk." Buffered Services:
    // "Similarly, mmioClose could fail when it is flushing its I/O buffer."
    MMRESULT rc = mmioClose(h, 0);
    CHECK(rc == MMIOERR_CANNOTWRITE);
    if (rc != MMIOERR_CANNOTWRITE && rc != MMSYSERR_NOERROR) mmioClose(h, 0);
}

TEST_CASE("mmioClose: releases the handle and closes the procedure even when the flush fails",
          "[mmioClose][faults][decision]") {
    Kind kind = GENERATE(Kind::Fail, Kind::Short);
    INFO(kind_name(kind));
    FaultRecorder r;
    HMMIO h = open_buffered(r, "fault-close2.bin");
    REQUIRE(h != nullptr);
    Bytes data = pattern(12);
    REQUIRE(mmioWrite(h, data.data(), 12) == 12);
    r.arm(FaultRecorder::kAnyWrite, 1, kind, FaultRecorder::kForever);
    CHECK(mmioClose(h, 0) == MMIOERR_CANNOTWRITE);
    // Decision: mmioClose always releases the handle (and sends MMIOM_CLOSE); the flush error is only reported.
    CHECK(mmioClose(h, 0) == MMSYSERR_INVALHANDLE);
    INFO(r.trace());
    CHECK(r.count(MMIOM_CLOSE) == 1);
}

// ===============================================================================================================
// mmioSetBuffer
// ===============================================================================================================

TEST_CASE("mmioSetBuffer: returns MMIOERR_CANNOTWRITE and keeps the old buffer when it cannot be written",
          "[mmioSetBuffer][faults]") {
    Kind kind = GENERATE(Kind::Fail, Kind::Short);
    LONG newSize = GENERATE(0L, 64L);
    INFO(kind_name(kind) << ", new size " << newSize);
    FaultRecorder r;
    Handle f(open_buffered(r, "fault-setbuf.bin"));
    REQUIRE(f.h != nullptr);
    Bytes data = pattern(9);
    REQUIRE(mmioWrite(f.h, data.data(), 9) == 9);
    r.arm(FaultRecorder::kAnyWrite, 1, kind);
    // mmioSetBuffer: "MMIOERR_CANNOTWRITE: The contents of the old buffer could not be written to disk, so the
    // operation was aborted." / "If an error occurs, the file handle remains valid."
    CHECK(mmioSetBuffer(f.h, nullptr, newSize, 0) == MMIOERR_CANNOTWRITE);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(f.h, &info, 0) == MMSYSERR_NOERROR);
    CHECK(info.cchBuffer == kBuf);
    CHECK(info.pchBuffer != nullptr);
    CHECK(mmioSeek(f.h, 0, SEEK_CUR) == 9);
}

TEST_CASE("mmioSetBuffer: after a failed buffer change the data is written by a later flush",
          "[mmioSetBuffer][faults][decision]") {
    Kind kind = GENERATE(Kind::Fail, Kind::Short);
    INFO(kind_name(kind));
    FaultRecorder r;
    Handle f(open_buffered(r, "fault-setbuf2.bin"));
    REQUIRE(f.h != nullptr);
    Bytes data = pattern(9);
    REQUIRE(mmioWrite(f.h, data.data(), 9) == 9);
    r.arm(FaultRecorder::kAnyWrite, 1, kind);
    CHECK(mmioSetBuffer(f.h, nullptr, 64, 0) == MMIOERR_CANNOTWRITE);
    // Decision: the unwritten bytes stay in the (old) buffer.
    CHECK(mmioFlush(f.h, 0) == MMSYSERR_NOERROR);
    INFO(r.trace());
    CHECK(r.contents() == data);
    // The buffer can be changed now.
    CHECK(mmioSetBuffer(f.h, nullptr, 64, 0) == MMSYSERR_NOERROR);
}

// ===============================================================================================================
// mmioAdvance
// ===============================================================================================================

TEST_CASE("mmioAdvance: MMIO_WRITE returns MMIOERR_CANNOTWRITE when the buffer cannot be written",
          "[mmioAdvance][faults]") {
    Kind kind = GENERATE(Kind::Fail, Kind::Short);
    INFO(kind_name(kind));
    FaultRecorder r;
    Handle f(open_buffered(r, "fault-adv.bin"));
    REQUIRE(f.h != nullptr);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(f.h, &info, 0) == MMSYSERR_NOERROR);
    REQUIRE(info.pchEndWrite - info.pchNext >= 8);
    std::memcpy(info.pchNext, "12345678", 8);
    info.pchNext += 8;
    info.dwFlags |= MMIO_DIRTY;
    r.arm(FaultRecorder::kAnyWrite, 1, kind);
    // mmioAdvance: "MMIOERR_CANNOTWRITE: The contents of the buffer could not be written to disk." / "If the I/O
    // buffer cannot be written to disk because the disk is full, mmioAdvance returns MMIOERR_CANNOTWRITE."
    CHECK(mmioAdvance(f.h, &info, MMIO_WRITE) == MMIOERR_CANNOTWRITE);
    CHECK(r.hits() == 1);
}

TEST_CASE("mmioAdvance: after a failed MMIO_WRITE, advancing again writes the data",
          "[mmioAdvance][faults][decision]") {
    Kind kind = GENERATE(Kind::Fail, Kind::Short);
    INFO(kind_name(kind));
    FaultRecorder r;
    Handle f(open_buffered(r, "fault-adv2.bin"));
    REQUIRE(f.h != nullptr);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(f.h, &info, 0) == MMSYSERR_NOERROR);
    std::memcpy(info.pchNext, "12345678", 8);
    info.pchNext += 8;
    info.dwFlags |= MMIO_DIRTY;
    r.arm(FaultRecorder::kAnyWrite, 1, kind);
    CHECK(mmioAdvance(f.h, &info, MMIO_WRITE) == MMIOERR_CANNOTWRITE);
    // Decision: a failed advance leaves the buffer (and the caller's MMIOINFO) as it was, so it can be retried.
    CHECK(info.pchNext - info.pchBuffer == 8);
    CHECK(mmioAdvance(f.h, &info, MMIO_WRITE) == MMSYSERR_NOERROR);
    CHECK(mmioSetInfo(f.h, &info, 0) == MMSYSERR_NOERROR);
    CHECK(mmioFlush(f.h, 0) == MMSYSERR_NOERROR);
    INFO(r.trace());
    CHECK(r.contents() == Bytes{'1', '2', '3', '4', '5', '6', '7', '8'});
}

TEST_CASE("mmioAdvance: MMIO_READ returns MMIOERR_CANNOTREAD when the buffer cannot be filled",
          "[mmioAdvance][faults]") {
    FaultRecorder r;
    r.set_contents(pattern(100));
    Handle f(open_with_proc(r, "fault-adv3.bin", MMIO_READ | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(f.h, &info, 0) == MMSYSERR_NOERROR);
    r.arm(MMIOM_READ, 1, Kind::Fail);
    // mmioAdvance: "MMIOERR_CANNOTREAD: An error occurred while refilling the buffer."
    CHECK(mmioAdvance(f.h, &info, MMIO_READ) == MMIOERR_CANNOTREAD);
    mmioSetInfo(f.h, &info, 0);
}

// ===============================================================================================================
// mmioWrite / mmioRead / mmioSeek
// ===============================================================================================================

TEST_CASE("mmioWrite: an unbuffered write the procedure fails returns -1", "[mmioWrite][faults]") {
    FaultRecorder r;
    Handle f(open_with_proc(r, "fault-write.bin", MMIO_READWRITE | MMIO_CREATE));
    REQUIRE(f.h != nullptr);
    r.arm(FaultRecorder::kAnyWrite, 1, Kind::Fail);
    // mmioWrite: "If there is an error writing to the file, the return value is -1."
    CHECK(mmioWrite(f.h, "abcdef", 6) == -1);
    CHECK(r.contents().empty());
}

TEST_CASE("mmioWrite: an unbuffered short write returns the bytes written", "[mmioWrite][faults]") {
    FaultRecorder r;
    Handle f(open_with_proc(r, "fault-write2.bin", MMIO_READWRITE | MMIO_CREATE));
    REQUIRE(f.h != nullptr);
    r.arm(FaultRecorder::kAnyWrite, 1, Kind::Short, 1, 4);
    // mmioWrite: "Returns the number of bytes actually written." / "The current file position is incremented by the
    // number of bytes written."
    CHECK(mmioWrite(f.h, "abcdef", 6) == 4);
    CHECK(mmioSeek(f.h, 0, SEEK_CUR) == 4);
    CHECK(r.contents() == Bytes{'a', 'b', 'c', 'd'});
}

TEST_CASE("mmioRead: an unbuffered read the procedure fails returns -1", "[mmioRead][faults]") {
    FaultRecorder r;
    r.set_contents(pattern(50));
    Handle f(open_with_proc(r, "fault-read.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    r.arm(MMIOM_READ, 1, Kind::Fail);
    char b[10];
    // mmioRead: "If there is an error reading from the file, the return value is –1."
    CHECK(mmioRead(f.h, b, 10) == -1);
}

TEST_CASE("mmioRead: an unbuffered short read returns the bytes read", "[mmioRead][faults]") {
    FaultRecorder r;
    Bytes content = pattern(50);
    r.set_contents(content);
    Handle f(open_with_proc(r, "fault-read2.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    r.arm(MMIOM_READ, 1, Kind::Short, 1, 3);
    char b[10] = {0};
    // mmioRead: "Returns the number of bytes actually read."
    LONG got = mmioRead(f.h, b, 10);
    CHECK(got >= 3);
    CHECK(got <= 10);
    if (got > 0 && got <= 10) CHECK(Bytes(b, b + got) == slice(content, 0, static_cast<size_t>(got)));
}

TEST_CASE("mmioRead: after a short read the next read continues after the bytes returned",
          "[mmioRead][faults][decision]") {
    FaultRecorder r;
    Bytes content = pattern(50);
    r.set_contents(content);
    Handle f(open_with_proc(r, "fault-read3.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    r.arm(MMIOM_READ, 1, Kind::Short, 1, 3);
    char b[10] = {0};
    // Decision: an unbuffered read returns what the one MMIOM_READ returned; the position follows it.
    CHECK(mmioRead(f.h, b, 10) == 3);
    CHECK(mmioSeek(f.h, 0, SEEK_CUR) == 3);
    CHECK(mmioRead(f.h, b, 10) == 10);
    CHECK(Bytes(b, b + 10) == slice(content, 3, 13));
}

TEST_CASE("mmioRead: buffered reads stay consistent when the procedure fails or reads short",
          "[mmioRead][faults][decision]") {
    Kind kind = GENERATE(Kind::Fail, Kind::Short);
    int k = GENERATE(1, 2, 3);
    INFO(kind_name(kind) << ", fault at MMIOM_READ #" << k);
    FaultRecorder r;
    Bytes content = pattern(200);
    r.set_contents(content);
    Handle f(open_with_proc(r, "fault-bread.bin", MMIO_READ | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    r.arm(MMIOM_READ, k, kind);
    // Read 200 bytes in 7-byte pieces. Every result is -1 or a count; the bytes returned are the file's bytes at
    // the current position; after the (one-shot) fault the rest of the file reads correctly.
    Bytes got;
    int errors = 0;
    for (int i = 0; i < 100 && got.size() < content.size(); ++i) {
        char b[7];
        LONG n = mmioRead(f.h, b, 7);
        INFO("read #" << i << " at " << got.size() << " returned " << n);
        REQUIRE(n >= -1);
        REQUIRE(n <= 7);
        if (n < 0) {
            ++errors;
            // Decision: after an error the position is where the good bytes ended.
            CHECK(mmioSeek(f.h, 0, SEEK_CUR) == static_cast<LONG>(got.size()));
            continue;
        }
        if (n == 0) {
            // Decision: a short read from the procedure is not end of file for the next call.
            ++errors;
            if (errors > 3) break;
            continue;
        }
        got.insert(got.end(), b, b + n);
    }
    INFO(r.trace());
    CHECK(r.hits() == 1);
    CHECK(got == content);
}

TEST_CASE("mmioSeek: a seek the procedure fails returns -1", "[mmioSeek][faults]") {
    FaultRecorder r;
    r.set_contents(pattern(50));
    Handle f(open_with_proc(r, "fault-seek.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    r.arm(MMIOM_SEEK, 1, Kind::Fail);
    // mmioSeek: "If there is an error, the return value is –1."
    CHECK(mmioSeek(f.h, 10, SEEK_SET) == -1);
    CHECK(r.hits() == 1);
}

// ===============================================================================================================
// Buffered writes with a fault at the k-th write: nothing accepted is lost
// ===============================================================================================================

TEST_CASE("mmioWrite: with a write fault at the k-th call, every byte mmioWrite accepted reaches the file",
          "[mmioWrite][mmioFlush][faults][decision]") {
    Kind kind = GENERATE(Kind::Fail, Kind::Short);
    int k = GENERATE(1, 2, 3, 5);
    INFO(kind_name(kind) << ", fault at write #" << k);
    FaultRecorder r;
    HMMIO h = open_buffered(r, "fault-spill.bin");
    REQUIRE(h != nullptr);
    r.arm(FaultRecorder::kAnyWrite, k, kind);
    Bytes src = pattern(300, 3);
    Bytes accepted;
    size_t off = 0;
    int failures = 0;
    for (int i = 0; off < src.size() && i < 200; ++i) {
        LONG want = static_cast<LONG>(std::min<size_t>(7, src.size() - off));
        LONG n = mmioWrite(h, src.data() + off, want);
        INFO("write #" << i << " of " << want << " returned " << n);
        // mmioWrite: "Returns the number of bytes actually written. If there is an error writing to the file, the
        // return value is -1."
        REQUIRE(n >= -1);
        REQUIRE(n <= want);
        if (n <= 0) {
            ++failures;
            if (failures > 5) break;
            continue;
        }
        accepted.insert(accepted.end(), src.begin() + static_cast<std::ptrdiff_t>(off),
                        src.begin() + static_cast<std::ptrdiff_t>(off + n));
        off += static_cast<size_t>(n);
        // mmioWrite: "The current file position is incremented by the number of bytes written."
        REQUIRE(mmioSeek(h, 0, SEEK_CUR) == static_cast<LONG>(off));
    }
    // Decision: a flush after the fault has cleared writes whatever is still buffered.
    MMRESULT fr = mmioFlush(h, 0);
    if (fr != MMSYSERR_NOERROR) fr = mmioFlush(h, 0);
    CHECK(fr == MMSYSERR_NOERROR);
    CHECK(mmioClose(h, 0) == MMSYSERR_NOERROR);
    INFO(r.trace());
    CHECK(r.hits() == 1);
    CHECK(accepted.size() == src.size());
    CHECK(r.contents() == accepted);
}

// ===============================================================================================================
// RIFF functions
// ===============================================================================================================

TEST_CASE("mmioCreateChunk: returns MMIOERR_CANNOTWRITE when the header cannot be written",
          "[mmioCreateChunk][faults]") {
    FaultRecorder r;
    Handle f(open_with_proc(r, "fault-chunk.bin", MMIO_READWRITE | MMIO_CREATE));
    REQUIRE(f.h != nullptr);
    r.arm(FaultRecorder::kAnyWrite, 1, Kind::Fail, FaultRecorder::kForever);
    MMCKINFO ck;
    std::memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    // mmioCreateChunk: "MMIOERR_CANNOTWRITE: Unable to write the chunk header."
    CHECK(mmioCreateChunk(f.h, &ck, 0) == MMIOERR_CANNOTWRITE);
    ck.fccType = mmioFOURCC('W', 'A', 'V', 'E');
    CHECK(mmioCreateChunk(f.h, &ck, MMIO_CREATERIFF) == MMIOERR_CANNOTWRITE);
}

TEST_CASE("mmioAscend: returns MMIOERR_CANNOTWRITE when the chunk size cannot be written", "[mmioAscend][faults]") {
    FaultRecorder r;
    Handle f(open_with_proc(r, "fault-ascend.bin", MMIO_READWRITE | MMIO_CREATE));
    REQUIRE(f.h != nullptr);
    MMCKINFO ck;
    std::memset(&ck, 0, sizeof ck);
    ck.ckid = mmioFOURCC('d', 'a', 't', 'a');
    REQUIRE(mmioCreateChunk(f.h, &ck, 0) == MMSYSERR_NOERROR);
    REQUIRE(mmioWrite(f.h, "abc", 3) == 3);
    r.arm(FaultRecorder::kAnyWrite, 1, Kind::Fail, FaultRecorder::kForever);
    // mmioAscend: "MMIOERR_CANNOTWRITE: The contents of the buffer could not be written to disk." (the size fix-up
    // and the pad byte cannot be written)
    CHECK(mmioAscend(f.h, &ck, 0) == MMIOERR_CANNOTWRITE);
}

TEST_CASE("mmioAscend: returns MMIOERR_CANNOTSEEK when it cannot seek to the end of the chunk",
          "[mmioAscend][faults]") {
    FaultRecorder r;
    Bytes file = {'d', 'a', 't', 'a', 8, 0, 0, 0, '0', '1', '2', '3', '4', '5', '6', '7',
                  'n', 'e', 'x', 't', 2, 0, 0, 0, 'z', 'z'};
    r.set_contents(file);
    Handle f(open_with_proc(r, "fault-ascend2.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    MMCKINFO ck;
    std::memset(&ck, 0, sizeof ck);
    REQUIRE(mmioDescend(f.h, &ck, nullptr, 0) == MMSYSERR_NOERROR);
    REQUIRE(ck.cksize == 8);
    r.arm(MMIOM_SEEK, 1, Kind::Fail, FaultRecorder::kForever);
    // mmioAscend: "MMIOERR_CANNOTSEEK: There was an error while seeking to the end of the chunk."
    CHECK(mmioAscend(f.h, &ck, 0) == MMIOERR_CANNOTSEEK);
}
