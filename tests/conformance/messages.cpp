// mmio conformance suite, part B: the messages each mmio function sends to a custom I/O procedure.
//
// A recording I/O procedure (support/recording_ioproc.h) is passed as MMIOINFO::pIOProc and every message it gets is
// checked. What the documentation states (MMIOM_OPEN carries the name and sees lDiskOffset 0, MMIOM_CLOSE carries
// mmioClose's flags, buffered I/O only touches the procedure when the buffer must be filled or written, ...) is
// checked in untagged test cases; the exact message sequences, which the documentation leaves open, are in test
// cases tagged [decision].
#include <catch.hpp>

#include "support/recording_ioproc.h"

#include <string>
#include <vector>

using namespace confb;

namespace {

using Bytes = std::vector<char>;

Bytes pattern(size_t n, int seed = 0) {
    Bytes b(n);
    for (size_t i = 0; i < n; ++i) b[i] = static_cast<char>('A' + (i * 7 + seed) % 26);
    return b;
}

Bytes slice(const Bytes& b, size_t from, size_t to) { return Bytes(b.begin() + from, b.begin() + to); }

struct Handle {
    HMMIO h = nullptr;
    explicit Handle(HMMIO x) : h(x) {}
    ~Handle() {
        if (h) mmioClose(h, 0);
    }
    MMRESULT close(UINT flags = 0) {
        MMRESULT r = h ? mmioClose(h, flags) : MMSYSERR_INVALHANDLE;
        h = nullptr;
        return r;
    }
};

std::vector<UINT> seq(std::initializer_list<UINT> l) { return std::vector<UINT>(l); }

std::vector<Event> writes_of(const Recorder& r) {
    std::vector<Event> v;
    for (auto& e : r.events())
        if (is_write_msg(e.msg)) v.push_back(e);
    return v;
}

// Bytes carried by all write messages, in order.
Bytes written_bytes(const std::vector<Event>& ev) {
    Bytes b;
    for (auto& e : ev)
        if (is_write_msg(e.msg) && e.result > 0) b.insert(b.end(), e.data.begin(), e.data.begin() + e.result);
    return b;
}

constexpr LONG kBuf = 32;  // buffer size used by the buffered tests

}  // namespace

// ===============================================================================================================
// mmioOpen
// ===============================================================================================================

TEST_CASE("mmioOpen: MMIOM_OPEN is sent with the file name in lParam1 and lDiskOffset 0", "[mmioOpen][messages]") {
    Recorder r;
    Handle f(open_with_proc(r, "trace-open.bin", MMIO_READWRITE | MMIO_CREATE));
    REQUIRE(f.h != nullptr);
    auto ev = r.events();
    REQUIRE(!ev.empty());
    // MMIOM_OPEN: "The MMIOM_OPEN message is sent to an I/O procedure by the mmioOpen function to request that a
    // file be opened" / "lParam1 = (LPARAM) lpszFileName"
    CHECK(ev[0].msg == MMIOM_OPEN);
    CHECK(ev[0].name1A == "trace-open.bin");
    // MMIOM_OPEN: "The lDiskOffset member of the MMIOINFO structure is initialized to zero."
    CHECK(ev[0].diskBefore == 0);
    CHECK(r.count(MMIOM_OPEN) == 1);
}

TEST_CASE("mmioOpen: MMIOM_OPEN sees the mmioOpen flags in MMIOINFO dwFlags", "[mmioOpen][messages]") {
    const DWORD mask = MMIO_RWMODE | MMIO_SHAREMODE | MMIO_CREATE;
    DWORD flags = GENERATE(static_cast<DWORD>(MMIO_READ), static_cast<DWORD>(MMIO_WRITE | MMIO_CREATE),
                           static_cast<DWORD>(MMIO_READWRITE | MMIO_EXCLUSIVE),
                           static_cast<DWORD>(MMIO_READ | MMIO_DENYWRITE),
                           static_cast<DWORD>(MMIO_READWRITE | MMIO_DENYNONE | MMIO_CREATE));
    INFO("flags 0x" << std::hex << flags);
    Recorder r;
    Handle f(open_with_proc(r, "trace-flags.bin", flags));
    REQUIRE(f.h != nullptr);
    auto ev = r.events_of(MMIOM_OPEN);
    REQUIRE(ev.size() == 1);
    // MMIOM_OPEN: "The dwFlags member of the MMIOINFO structure contains flags passed to the mmioOpen function."
    CHECK((ev[0].flags & mask) == flags);
}

TEST_CASE("mmioOpen: an error from MMIOM_OPEN fails the open and is returned in wErrorRet",
          "[mmioOpen][messages]") {
    Recorder::Options o;
    o.openResult = MMIOERR_ACCESSDENIED;
    Recorder r(o);
    MMIOINFO mi;
    HMMIO h = open_with_proc(r, "trace-denied.bin", MMIO_READ, &mi);
    // mmioOpen: "If the file cannot be opened, the return value is NULL."
    CHECK(h == nullptr);
    if (h) mmioClose(h, 0);
    // MMIOM_OPEN: "If the application passed an MMIOINFO structure to mmioOpen, the return value is returned in the
    // wErrorRet member."
    CHECK(mi.wErrorRet == MMIOERR_ACCESSDENIED);
    CHECK(r.count(MMIOM_OPEN) == 1);
}

TEST_CASE("mmioOpen: a failed MMIOM_OPEN is not followed by MMIOM_CLOSE", "[mmioOpen][messages][decision]") {
    Recorder::Options o;
    o.openResult = MMIOERR_CANNOTOPEN;
    Recorder r(o);
    HMMIO h = open_with_proc(r, "trace-fail.bin", MMIO_READ | MMIO_ALLOCBUF);
    CHECK(h == nullptr);
    if (h) mmioClose(h, 0);
    // Decision: the procedure that refused to open gets no further message.
    INFO(r.trace());
    CHECK(r.messages() == seq({MMIOM_OPEN}));
}

TEST_CASE("mmioOpen: opening sends only MMIOM_OPEN, buffered or not", "[mmioOpen][messages][decision]") {
    DWORD flags = GENERATE(static_cast<DWORD>(MMIO_READ), static_cast<DWORD>(MMIO_READ | MMIO_ALLOCBUF),
                           static_cast<DWORD>(MMIO_READWRITE | MMIO_ALLOCBUF));
    INFO("flags 0x" << std::hex << flags);
    Recorder r;
    r.set_contents(pattern(100));
    Handle f(open_with_proc(r, "trace-only-open.bin", flags));
    REQUIRE(f.h != nullptr);
    // Decision: no read-ahead and no seek at open time. (Windows sends no MMIOM_SEEK while opening a file through a
    // custom procedure, unbuffered: ioproc.cpp; the rest is ours.)
    INFO(r.trace());
    CHECK(r.messages() == seq({MMIOM_OPEN}));
}

TEST_CASE("mmioOpen: the lDiskOffset set by MMIOM_OPEN is the starting position", "[mmioOpen][messages]") {
    Recorder::Options o;
    o.openDiskOffset = 40;
    Recorder r(o);
    r.set_contents(pattern(100));
    Handle f(open_with_proc(r, "trace-offset.bin", MMIO_READWRITE));
    REQUIRE(f.h != nullptr);
    // MMIOM_OPEN: "The lDiskOffset member of the MMIOINFO structure is initialized to zero. If this value is
    // incorrect, the I/O procedure must correct it." Custom Services: "The lDiskOffset member must always contain the
    // file offset to the location that the next MMIOM_READ or MMIOM_WRITE message will access."
    char b[5] = {0};
    CHECK(mmioRead(f.h, b, 5) == 5);
    CHECK(Bytes(b, b + 5) == slice(pattern(100), 40, 45));
    CHECK(mmioSeek(f.h, 0, SEEK_CUR) == 45);
}

// ===============================================================================================================
// mmioClose
// ===============================================================================================================

TEST_CASE("mmioClose: MMIOM_CLOSE carries mmioClose's flags in lParam1", "[mmioClose][messages]") {
    UINT flags = GENERATE(0u, static_cast<UINT>(MMIO_FHOPEN));
    INFO("flags 0x" << std::hex << flags);
    Recorder r;
    Handle f(open_with_proc(r, "trace-close.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    CHECK(f.close(flags) == MMSYSERR_NOERROR);
    auto ev = r.events();
    REQUIRE(!ev.empty());
    // MMIOM_CLOSE: "The MMIOM_CLOSE message is sent to an I/O procedure by the mmioClose function" /
    // "lCloseFlags: Flags contained in the wFlags parameter of mmioClose."
    CHECK(ev.back().msg == MMIOM_CLOSE);
    CHECK(static_cast<UINT>(ev.back().lParam1) == flags);
    CHECK(r.count(MMIOM_CLOSE) == 1);
}

TEST_CASE("mmioClose: an error from MMIOM_CLOSE is returned", "[mmioClose][messages]") {
    Recorder::Options o;
    o.closeResult = MMIOERR_CANNOTCLOSE;
    Recorder r(o);
    Handle f(open_with_proc(r, "trace-close-err.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    // mmioClose: "Returns zero if successful or an error otherwise. The error value can originate from the mmioFlush
    // function or from the I/O procedure."
    CHECK(f.close() == MMIOERR_CANNOTCLOSE);
}

TEST_CASE("mmioClose: the handle is released even when MMIOM_CLOSE fails", "[mmioClose][messages][decision]") {
    Recorder::Options o;
    o.closeResult = MMIOERR_CANNOTCLOSE;
    Recorder r(o);
    HMMIO h = open_with_proc(r, "trace-close-err2.bin", MMIO_READ);
    REQUIRE(h != nullptr);
    CHECK(mmioClose(h, 0) == MMIOERR_CANNOTCLOSE);
    // Decision: the handle is gone whatever the procedure said, and is not closed twice.
    CHECK(mmioClose(h, 0) == MMSYSERR_INVALHANDLE);
    CHECK(r.count(MMIOM_CLOSE) == 1);
}

// ===============================================================================================================
// Unbuffered read / write / seek
// ===============================================================================================================

TEST_CASE("mmioRead: an unbuffered read sends MMIOM_READ for the requested count", "[mmioRead][messages]") {
    Recorder r;
    Bytes content = pattern(100);
    r.set_contents(content);
    Handle f(open_with_proc(r, "trace-read.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    r.clear_events();
    char b[10];
    // MMIOM_READ: "sent to an I/O procedure by the mmioRead function to request that a specified number of bytes be
    // read from an open file." / "cbRead: Number of bytes to read from file."
    CHECK(mmioRead(f.h, b, 10) == 10);
    CHECK(Bytes(b, b + 10) == Bytes(content.begin(), content.begin() + 10));
    auto reads = r.events_of(MMIOM_READ);
    REQUIRE(!reads.empty());
    LONG total = 0;
    for (auto& e : reads) total += static_cast<LONG>(e.result);
    CHECK(total == 10);
    CHECK(reads[0].diskBefore == 0);
    // A second read continues where the first ended: "The lDiskOffset member must always contain the file offset to
    // the location that the next MMIOM_READ or MMIOM_WRITE message will access." (Custom Services)
    r.clear_events();
    CHECK(mmioRead(f.h, b, 10) == 10);
    CHECK(Bytes(b, b + 10) == Bytes(content.begin() + 10, content.begin() + 20));
    reads = r.events_of(MMIOM_READ);
    REQUIRE(!reads.empty());
    CHECK(reads[0].diskBefore == 10);
}

TEST_CASE("mmioRead: an unbuffered read is one MMIOM_READ straight into the caller's buffer",
          "[mmioRead][messages][decision]") {
    Recorder r;
    r.set_contents(pattern(100));
    Handle f(open_with_proc(r, "trace-read2.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    r.clear_events();
    char b[10];
    CHECK(mmioRead(f.h, b, 10) == 10);
    auto ev = r.events();
    INFO(r.trace());
    // Decision: exactly one MMIOM_READ(lParam1 = caller's buffer, lParam2 = count), nothing else.
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].msg == MMIOM_READ);
    CHECK(ev[0].lParam1 == reinterpret_cast<LPARAM>(b));
    CHECK(ev[0].lParam2 == 10);
}

TEST_CASE("mmioWrite: an unbuffered write sends MMIOM_WRITE with the data", "[mmioWrite][messages]") {
    Recorder r;
    Handle f(open_with_proc(r, "trace-write.bin", MMIO_READWRITE | MMIO_CREATE));
    REQUIRE(f.h != nullptr);
    r.clear_events();
    // MMIOM_WRITE: "sent to an I/O procedure by the mmioWrite function to request that data be written to an open
    // file."
    CHECK(mmioWrite(f.h, "hello", 5) == 5);
    auto w = writes_of(r);
    REQUIRE(!w.empty());
    CHECK(written_bytes(w) == Bytes{'h', 'e', 'l', 'l', 'o'});
    CHECK(w[0].diskBefore == 0);
    CHECK(r.contents() == Bytes{'h', 'e', 'l', 'l', 'o'});
    // mmioWrite: "The current file position is incremented by the number of bytes written."
    CHECK(mmioSeek(f.h, 0, SEEK_CUR) == 5);
}

TEST_CASE("mmioWrite: an unbuffered write is one MMIOM_WRITE from the caller's buffer",
          "[mmioWrite][messages][decision]") {
    Recorder r;
    Handle f(open_with_proc(r, "trace-write2.bin", MMIO_READWRITE | MMIO_CREATE));
    REQUIRE(f.h != nullptr);
    r.clear_events();
    const char data[] = "hello";
    CHECK(mmioWrite(f.h, data, 5) == 5);
    auto ev = r.events();
    INFO(r.trace());
    // Decision: exactly one MMIOM_WRITE (not MMIOM_WRITEFLUSH) with lParam1 = caller's buffer, lParam2 = count.
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].msg == MMIOM_WRITE);
    CHECK(ev[0].lParam1 == reinterpret_cast<LPARAM>(data));
    CHECK(ev[0].lParam2 == 5);
}

TEST_CASE("mmioSeek: an unbuffered seek sends MMIOM_SEEK and returns the new position", "[mmioSeek][messages]") {
    Recorder r;
    r.set_contents(pattern(100));
    Handle f(open_with_proc(r, "trace-seek.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    r.clear_events();
    // MMIOM_SEEK: "sent to an I/O procedure by the mmioSeek function to request that the current file position be
    // moved." / "SEEK_SET: Move the file position to be lNewFilePos bytes from the beginning of the file."
    CHECK(mmioSeek(f.h, 7, SEEK_SET) == 7);
    auto s = r.events_of(MMIOM_SEEK);
    REQUIRE(s.size() == 1);
    CHECK(static_cast<LONG>(s[0].lParam1) == 7);
    CHECK(static_cast<int>(s[0].lParam2) == SEEK_SET);
    CHECK(s[0].diskAfter == 7);
    // mmioSeek: "SEEK_CUR: Seeks to lOffset bytes from the current file position." / "SEEK_END: Seeks to lOffset
    // bytes from the end of the file."
    CHECK(mmioSeek(f.h, 5, SEEK_CUR) == 12);
    CHECK(mmioSeek(f.h, -10, SEEK_END) == 90);
    CHECK(mmioSeek(f.h, 0, SEEK_END) == 100);
    // Only the procedure knows where the end is.
    bool sawEnd = false;
    for (auto& e : r.events_of(MMIOM_SEEK)) sawEnd |= static_cast<int>(e.lParam2) == SEEK_END;
    CHECK(sawEnd);
    char b[4];
    CHECK(mmioSeek(f.h, 20, SEEK_SET) == 20);
    CHECK(mmioRead(f.h, b, 4) == 4);
    CHECK(Bytes(b, b + 4) == slice(pattern(100), 20, 24));
}

TEST_CASE("mmioSeek: an unbuffered seek passes offset and origin through", "[mmioSeek][messages][decision]") {
    Recorder r;
    r.set_contents(pattern(100));
    Handle f(open_with_proc(r, "trace-seek2.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    REQUIRE(mmioSeek(f.h, 30, SEEK_SET) == 30);
    r.clear_events();
    CHECK(mmioSeek(f.h, -5, SEEK_CUR) == 25);
    CHECK(mmioSeek(f.h, -1, SEEK_END) == 99);
    auto ev = r.events();
    INFO(r.trace());
    // Decision: one MMIOM_SEEK per mmioSeek, with mmioSeek's own offset and origin.
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].msg == MMIOM_SEEK);
    CHECK(static_cast<LONG>(ev[0].lParam1) == -5);
    CHECK(static_cast<int>(ev[0].lParam2) == SEEK_CUR);
    CHECK(ev[1].msg == MMIOM_SEEK);
    CHECK(static_cast<LONG>(ev[1].lParam1) == -1);
    CHECK(static_cast<int>(ev[1].lParam2) == SEEK_END);
}

TEST_CASE("mmioSeek: an error from MMIOM_SEEK is returned as -1", "[mmioSeek][messages]") {
    Recorder r;
    r.set_contents(pattern(10));
    Handle f(open_with_proc(r, "trace-seek3.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    // mmioSeek: "If there is an error, the return value is –1." (the recording procedure refuses negative
    // positions; MMIOM_SEEK: "If there is an error, the return value is –1.")
    CHECK(mmioSeek(f.h, -50, SEEK_SET) == -1);
}

// ===============================================================================================================
// Buffered I/O
// ===============================================================================================================

TEST_CASE("mmioRead: a buffered read touches the procedure only to fill the buffer", "[mmioRead][messages]") {
    Recorder r;
    Bytes content = pattern(100);
    r.set_contents(content);
    Handle f(open_with_proc(r, "trace-bread.bin", MMIO_READ | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    r.clear_events();
    char b[10];
    CHECK(mmioRead(f.h, b, 10) == 10);
    CHECK(Bytes(b, b + 10) == Bytes(content.begin(), content.begin() + 10));
    size_t after1 = r.size();
    CHECK(r.count(MMIOM_READ) >= 1);
    // Buffered Services: "With buffered I/O, the file I/O manager maintains an intermediate buffer larger than the
    // blocks of information you are reading or writing. It accesses the device only when the buffer must be filled
    // from or written to the disk."
    CHECK(mmioRead(f.h, b, 10) == 10);
    CHECK(Bytes(b, b + 10) == Bytes(content.begin() + 10, content.begin() + 20));
    CHECK(mmioRead(f.h, b, 10) == 10);
    CHECK(Bytes(b, b + 10) == Bytes(content.begin() + 20, content.begin() + 30));
    INFO(r.trace());
    CHECK(r.size() == after1);
}

TEST_CASE("mmioRead: a buffered read fills the whole buffer with one MMIOM_READ", "[mmioRead][messages][decision]") {
    Recorder r;
    r.set_contents(pattern(100));
    Handle f(open_with_proc(r, "trace-bread2.bin", MMIO_READ | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    r.clear_events();
    char b[10];
    CHECK(mmioRead(f.h, b, 10) == 10);
    auto ev = r.events();
    INFO(r.trace());
    // Decision: one MMIOM_READ of cchBuffer bytes at offset 0 (no seek before it).
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].msg == MMIOM_READ);
    CHECK(ev[0].lParam2 == kBuf);
    CHECK(ev[0].diskBefore == 0);
}

TEST_CASE("mmioWrite: a buffered write reaches the procedure only when the buffer is full",
          "[mmioWrite][messages]") {
    Recorder r;
    Handle f(open_with_proc(r, "trace-bwrite.bin", MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    r.clear_events();
    Bytes data = pattern(50);
    // Buffered Services: "It accesses the device only when the buffer must be filled from or written to the disk."
    CHECK(mmioWrite(f.h, data.data(), 10) == 10);
    CHECK(mmioWrite(f.h, data.data() + 10, 10) == 10);
    INFO(r.trace());
    CHECK(writes_of(r).empty());
    // Writing past the end of the buffer has to write the buffer.
    CHECK(mmioWrite(f.h, data.data() + 20, 30) == 30);
    CHECK(!writes_of(r).empty());
    CHECK(mmioFlush(f.h, 0) == MMSYSERR_NOERROR);
    CHECK(r.contents() == data);
}

TEST_CASE("mmioWrite: a full buffer is written with MMIOM_WRITE of the whole buffer",
          "[mmioWrite][messages][decision]") {
    Recorder r;
    Handle f(open_with_proc(r, "trace-bwrite2.bin", MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    r.clear_events();
    Bytes data = pattern(40);
    CHECK(mmioWrite(f.h, data.data(), 20) == 20);
    CHECK(mmioWrite(f.h, data.data() + 20, 20) == 20);
    auto ev = r.events();
    INFO(r.trace());
    // Decision: a buffer spill is one MMIOM_WRITE (not MMIOM_WRITEFLUSH) of the full buffer at its file offset.
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].msg == MMIOM_WRITE);
    CHECK(ev[0].lParam2 == kBuf);
    CHECK(ev[0].diskBefore == 0);
    CHECK(ev[0].data == Bytes(data.begin(), data.begin() + kBuf));
}

TEST_CASE("mmioSeek: a buffered seek inside the buffer sends no message", "[mmioSeek][messages][decision]") {
    Recorder r;
    Bytes content = pattern(100);
    r.set_contents(content);
    Handle f(open_with_proc(r, "trace-bseek.bin", MMIO_READ | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    char b[4];
    REQUIRE(mmioRead(f.h, b, 4) == 4);
    r.clear_events();
    // Decision: positions inside the current buffer are served from it.
    CHECK(mmioSeek(f.h, 20, SEEK_SET) == 20);
    CHECK(mmioSeek(f.h, -10, SEEK_CUR) == 10);
    CHECK(mmioRead(f.h, b, 4) == 4);
    CHECK(Bytes(b, b + 4) == Bytes(content.begin() + 10, content.begin() + 14));
    INFO(r.trace());
    CHECK(r.size() == 0);
}

TEST_CASE("mmioSeek: a buffered seek outside the buffer reads from the new position", "[mmioSeek][messages]") {
    Recorder r;
    Bytes content = pattern(200);
    r.set_contents(content);
    Handle f(open_with_proc(r, "trace-bseek2.bin", MMIO_READ | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    char b[8];
    REQUIRE(mmioRead(f.h, b, 8) == 8);
    // mmioSeek: "Returns the new file position, in bytes, relative to the beginning of the file."
    CHECK(mmioSeek(f.h, 150, SEEK_SET) == 150);
    CHECK(mmioRead(f.h, b, 8) == 8);
    CHECK(Bytes(b, b + 8) == Bytes(content.begin() + 150, content.begin() + 158));
    CHECK(mmioSeek(f.h, -100, SEEK_CUR) == 58);
    CHECK(mmioRead(f.h, b, 8) == 8);
    CHECK(Bytes(b, b + 8) == Bytes(content.begin() + 58, content.begin() + 66));
    CHECK(mmioSeek(f.h, -8, SEEK_END) == 192);
    CHECK(mmioRead(f.h, b, 8) == 8);
    CHECK(Bytes(b, b + 8) == Bytes(content.begin() + 192, content.end()));
}

// ===============================================================================================================
// mmioFlush / mmioClose writing the buffer
// ===============================================================================================================

TEST_CASE("mmioFlush: writes the buffer through the procedure", "[mmioFlush][messages]") {
    Recorder r;
    Handle f(open_with_proc(r, "trace-flush.bin", MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    Bytes data = pattern(10);
    REQUIRE(mmioWrite(f.h, data.data(), 10) == 10);
    CHECK(r.contents().empty());
    // mmioFlush: "The mmioFlush function writes the I/O buffer of a file to disk if the buffer has been written to."
    CHECK(mmioFlush(f.h, 0) == MMSYSERR_NOERROR);
    CHECK(r.contents() == data);
    CHECK(written_bytes(writes_of(r)) == data);
}

TEST_CASE("mmioFlush: sends MMIOM_WRITEFLUSH with the buffered bytes", "[mmioFlush][messages][decision]") {
    Recorder r;
    Handle f(open_with_proc(r, "trace-flush2.bin", MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    Bytes data = pattern(10);
    REQUIRE(mmioWrite(f.h, data.data(), 10) == 10);
    r.clear_events();
    CHECK(mmioFlush(f.h, 0) == MMSYSERR_NOERROR);
    auto ev = r.events();
    INFO(r.trace());
    // Decision: mmioFlush of a dirty buffer is one MMIOM_WRITEFLUSH of the dirty bytes at their offset.
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].msg == MMIOM_WRITEFLUSH);
    CHECK(ev[0].lParam2 == 10);
    CHECK(ev[0].diskBefore == 0);
    CHECK(ev[0].data == data);
}

TEST_CASE("mmioFlush: a clean buffer sends no message", "[mmioFlush][messages][decision]") {
    Recorder r;
    r.set_contents(pattern(100));
    Handle f(open_with_proc(r, "trace-flush3.bin", MMIO_READWRITE | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    char b[10];
    REQUIRE(mmioRead(f.h, b, 10) == 10);
    r.clear_events();
    // mmioFlush: "writes the I/O buffer of a file to disk if the buffer has been written to." Decision: nothing at
    // all is sent when it has not.
    CHECK(mmioFlush(f.h, 0) == MMSYSERR_NOERROR);
    INFO(r.trace());
    CHECK(r.size() == 0);
    CHECK(r.contents() == pattern(100));
}

TEST_CASE("mmioFlush: falls back to MMIOM_WRITE when the procedure does not know MMIOM_WRITEFLUSH",
          "[mmioFlush][messages][decision]") {
    Recorder::Options o;
    o.knowsWriteFlush = false;
    Recorder r(o);
    Handle f(open_with_proc(r, "trace-flush4.bin", MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    Bytes data = pattern(12);
    REQUIRE(mmioWrite(f.h, data.data(), 12) == 12);
    r.clear_events();
    // MMIOPROC: "If the I/O procedure does not recognize a message, it should return zero." Decision: a zero result
    // for a non-zero MMIOM_WRITEFLUSH means "not recognised", and the same bytes are sent again as MMIOM_WRITE.
    CHECK(mmioFlush(f.h, 0) == MMSYSERR_NOERROR);
    auto ev = r.events();
    INFO(r.trace());
    REQUIRE(ev.size() == 2);
    CHECK(ev[0].msg == MMIOM_WRITEFLUSH);
    CHECK(ev[0].result == 0);
    CHECK(ev[1].msg == MMIOM_WRITE);
    CHECK(ev[1].lParam2 == 12);
    CHECK(ev[1].data == data);
    CHECK(r.contents() == data);
}

TEST_CASE("mmioClose: writes the dirty buffer before MMIOM_CLOSE", "[mmioClose][messages]") {
    Recorder r;
    Handle f(open_with_proc(r, "trace-close-flush.bin", MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    Bytes data = pattern(20);
    REQUIRE(mmioWrite(f.h, data.data(), 20) == 20);
    // mmioFlush: "Closing a file with the mmioClose function automatically flushes its buffer."
    CHECK(f.close() == MMSYSERR_NOERROR);
    CHECK(r.contents() == data);
    auto ev = r.events();
    REQUIRE(!ev.empty());
    CHECK(ev.back().msg == MMIOM_CLOSE);
    size_t closeAt = ev.size() - 1;
    bool writeBeforeClose = false;
    for (size_t i = 0; i < closeAt; ++i) writeBeforeClose |= is_write_msg(ev[i].msg);
    CHECK(writeBeforeClose);
}

TEST_CASE("mmioClose: sends MMIOM_WRITEFLUSH then MMIOM_CLOSE for a dirty buffer", "[mmioClose][messages][decision]") {
    bool knows = GENERATE(true, false);
    INFO((knows ? "procedure knows MMIOM_WRITEFLUSH" : "procedure returns 0 for MMIOM_WRITEFLUSH"));
    Recorder::Options o;
    o.knowsWriteFlush = knows;
    Recorder r(o);
    Handle f(open_with_proc(r, "trace-close-flush2.bin", MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    Bytes data = pattern(20);
    REQUIRE(mmioWrite(f.h, data.data(), 20) == 20);
    r.clear_events();
    CHECK(f.close() == MMSYSERR_NOERROR);
    INFO(r.trace());
    // Decision: the close-time flush is the same as mmioFlush (MMIOM_WRITEFLUSH, MMIOM_WRITE if not recognised).
    if (knows)
        CHECK(r.messages() == seq({MMIOM_WRITEFLUSH, MMIOM_CLOSE}));
    else
        CHECK(r.messages() == seq({MMIOM_WRITEFLUSH, MMIOM_WRITE, MMIOM_CLOSE}));
    CHECK(r.contents() == data);
}

TEST_CASE("mmioClose: a clean file sends only MMIOM_CLOSE", "[mmioClose][messages][decision]") {
    Recorder r;
    r.set_contents(pattern(50));
    Handle f(open_with_proc(r, "trace-close-clean.bin", MMIO_READWRITE | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    char b[8];
    REQUIRE(mmioRead(f.h, b, 8) == 8);
    r.clear_events();
    CHECK(f.close() == MMSYSERR_NOERROR);
    INFO(r.trace());
    CHECK(r.messages() == seq({MMIOM_CLOSE}));
    CHECK(r.contents() == pattern(50));
}

// ===============================================================================================================
// mmioSetBuffer / mmioAdvance
// ===============================================================================================================

TEST_CASE("mmioSetBuffer: the dirty old buffer is written before the buffer changes", "[mmioSetBuffer][messages]") {
    LONG newSize = GENERATE(0L, 16L, 64L);
    INFO("new cchBuffer " << newSize);
    Recorder r;
    Handle f(open_with_proc(r, "trace-setbuf.bin", MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    Bytes data = pattern(20);
    REQUIRE(mmioWrite(f.h, data.data(), 20) == 20);
    CHECK(r.contents().empty());
    // mmioSetBuffer: "MMIOERR_CANNOTWRITE: The contents of the old buffer could not be written to disk, so the
    // operation was aborted." (the old buffer is written first)
    CHECK(mmioSetBuffer(f.h, nullptr, newSize, 0) == MMSYSERR_NOERROR);
    CHECK(r.contents() == data);
    CHECK(mmioSeek(f.h, 0, SEEK_CUR) == 20);
    // The file goes on from there with the new buffer.
    REQUIRE(mmioWrite(f.h, "xyz", 3) == 3);
    CHECK(f.close() == MMSYSERR_NOERROR);
    Bytes all = data;
    all.insert(all.end(), {'x', 'y', 'z'});
    CHECK(r.contents() == all);
}

TEST_CASE("mmioSetBuffer: enabling a buffer on an unbuffered file sends no message", "[mmioSetBuffer][messages][decision]") {
    Recorder r;
    r.set_contents(pattern(64));
    Handle f(open_with_proc(r, "trace-setbuf2.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    r.clear_events();
    CHECK(mmioSetBuffer(f.h, nullptr, kBuf, 0) == MMSYSERR_NOERROR);
    INFO(r.trace());
    // Decision: allocating the buffer does not read ahead.
    CHECK(r.size() == 0);
    char b[8];
    CHECK(mmioRead(f.h, b, 8) == 8);
    CHECK(Bytes(b, b + 8) == slice(pattern(64), 0, 8));
}

TEST_CASE("mmioAdvance: MMIO_WRITE writes a dirty buffer through the procedure", "[mmioAdvance][messages]") {
    Recorder r;
    Handle f(open_with_proc(r, "trace-adv.bin", MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(f.h, &info, 0) == MMSYSERR_NOERROR);
    REQUIRE(info.pchEndWrite - info.pchNext >= 8);
    std::memcpy(info.pchNext, "ABCDEFGH", 8);
    info.pchNext += 8;
    // mmioAdvance: "If you have written to the I/O buffer, you must set the MMIO_DIRTY flag in the dwFlags member of
    // the MMIOINFO structure before calling mmioAdvance." / "If the file is opened for writing and the MMIO_DIRTY flag
    // is set in the dwFlags member of the MMIOINFO structure, the buffer is written to disk."
    info.dwFlags |= MMIO_DIRTY;
    r.clear_events();
    CHECK(mmioAdvance(f.h, &info, MMIO_WRITE) == MMSYSERR_NOERROR);
    CHECK(r.contents() == Bytes{'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'});
    CHECK(written_bytes(writes_of(r)) == Bytes{'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'});
    CHECK(mmioSetInfo(f.h, &info, 0) == MMSYSERR_NOERROR);
}

TEST_CASE("mmioAdvance: MMIO_WRITE sends one MMIOM_WRITE of the dirty bytes", "[mmioAdvance][messages][decision]") {
    Recorder r;
    Handle f(open_with_proc(r, "trace-adv2.bin", MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(f.h, &info, 0) == MMSYSERR_NOERROR);
    std::memcpy(info.pchNext, "ABCDEFGH", 8);
    info.pchNext += 8;
    info.dwFlags |= MMIO_DIRTY;
    r.clear_events();
    CHECK(mmioAdvance(f.h, &info, MMIO_WRITE) == MMSYSERR_NOERROR);
    auto ev = r.events();
    INFO(r.trace());
    // Decision: advancing is a buffer spill: MMIOM_WRITE (not MMIOM_WRITEFLUSH).
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].msg == MMIOM_WRITE);
    CHECK(ev[0].lParam2 == 8);
    CHECK(ev[0].diskBefore == 0);
    mmioSetInfo(f.h, &info, 0);
}

TEST_CASE("mmioAdvance: MMIO_READ fills the buffer through the procedure", "[mmioAdvance][messages]") {
    Recorder r;
    Bytes content = pattern(100);
    r.set_contents(content);
    Handle f(open_with_proc(r, "trace-adv3.bin", MMIO_READ | MMIO_ALLOCBUF, nullptr, kBuf));
    REQUIRE(f.h != nullptr);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(f.h, &info, 0) == MMSYSERR_NOERROR);
    r.clear_events();
    // mmioAdvance: "If the file is opened for reading, the I/O buffer is filled from the disk."
    CHECK(mmioAdvance(f.h, &info, MMIO_READ) == MMSYSERR_NOERROR);
    CHECK(r.count(MMIOM_READ) >= 1);
    REQUIRE(info.pchEndRead - info.pchNext == kBuf);
    CHECK(Bytes(info.pchNext, info.pchEndRead) == Bytes(content.begin(), content.begin() + kBuf));
    info.pchNext = info.pchEndRead;
    CHECK(mmioAdvance(f.h, &info, MMIO_READ) == MMSYSERR_NOERROR);
    REQUIRE(info.pchEndRead - info.pchNext == kBuf);
    CHECK(Bytes(info.pchNext, info.pchEndRead) == Bytes(content.begin() + kBuf, content.begin() + 2 * kBuf));
    CHECK(mmioSetInfo(f.h, &info, 0) == MMSYSERR_NOERROR);
}

// ===============================================================================================================
// mmioRename
// ===============================================================================================================

TEST_CASE("mmioRename: sends MMIOM_RENAME with both names and returns the procedure's result",
          "[mmioRename][messages]") {
    LRESULT result = GENERATE(static_cast<LRESULT>(0), static_cast<LRESULT>(MMIOERR_FILENOTFOUND));
    Recorder::Options o;
    o.renameResult = result;
    Recorder r(o);
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = r.proc();
    // MMIOM_RENAME: "sent to an I/O procedure by the mmioRename function to request that the specified file be
    // renamed." / "If the file is renamed successfully, the return value is zero. If the specified file was not
    // found, the return value is MMIOERR_FILENOTFOUND." mmioRename: "Otherwise, returns an error code returned from
    // mmioRename or from the I/O procedure."
    CHECK(mmioRenameA("before.bin", "after.bin", &mi, 0) == static_cast<MMRESULT>(result));
    auto ev = r.events_of(MMIOM_RENAME);
    REQUIRE(ev.size() == 1);
    CHECK(ev[0].name1A == "before.bin");
    CHECK(ev[0].name2A == "after.bin");
}

TEST_CASE("mmioRename: sends only MMIOM_RENAME", "[mmioRename][messages][decision]") {
    Recorder r;
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = r.proc();
    CHECK(mmioRenameA("before2.bin", "after2.bin", &mi, 0) == MMSYSERR_NOERROR);
    INFO(r.trace());
    // Decision: renaming does not open or close anything through the procedure.
    CHECK(r.messages() == seq({MMIOM_RENAME}));
}

// ===============================================================================================================
// A whole session
// ===============================================================================================================

TEST_CASE("mmioOpen: message trace of an unbuffered session", "[mmioOpen][messages][decision]") {
    Recorder r;
    HMMIO h = open_with_proc(r, "trace-session.bin", MMIO_READWRITE | MMIO_CREATE);
    REQUIRE(h != nullptr);
    char b[4];
    CHECK(mmioWrite(h, "0123456789", 10) == 10);
    CHECK(mmioSeek(h, 2, SEEK_SET) == 2);
    CHECK(mmioRead(h, b, 4) == 4);
    CHECK(mmioClose(h, 0) == MMSYSERR_NOERROR);
    INFO(r.trace());
    // Decision: one message per call, nothing else.
    CHECK(r.messages() == seq({MMIOM_OPEN, MMIOM_WRITE, MMIOM_SEEK, MMIOM_READ, MMIOM_CLOSE}));
    auto ev = r.events();
    REQUIRE(ev.size() == 5);
    CHECK(ev[1].diskBefore == 0);
    CHECK(ev[3].diskBefore == 2);
}

TEST_CASE("mmioOpen: message trace of a buffered write session", "[mmioOpen][messages][decision]") {
    Recorder r;
    HMMIO h = open_with_proc(r, "trace-session2.bin", MMIO_READWRITE | MMIO_CREATE | MMIO_ALLOCBUF, nullptr, kBuf);
    REQUIRE(h != nullptr);
    Bytes data = pattern(70);
    for (int i = 0; i < 10; ++i) CHECK(mmioWrite(h, data.data() + 7 * i, 7) == 7);
    CHECK(mmioClose(h, 0) == MMSYSERR_NOERROR);
    INFO(r.trace());
    // Decision: small writes fill the buffer; two full-buffer spills (MMIOM_WRITE 32 + 32), then the close-time
    // MMIOM_WRITEFLUSH of the rest.
    CHECK(r.messages() == seq({MMIOM_OPEN, MMIOM_WRITE, MMIOM_WRITE, MMIOM_WRITEFLUSH, MMIOM_CLOSE}));
    CHECK(r.contents() == data);
}
