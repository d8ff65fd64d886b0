// mmio conformance suite, part B: mmioSendMessage.
//
// Custom messages (MMIOM_USER and above) go to the file's I/O procedure with both lParams unchanged and the
// procedure's result comes back. Refusing the reserved messages below MMIOM_USER is a decision ([decision]).
#include <catch.hpp>

#include "support/recording_ioproc.h"

#include <vector>

using namespace confb;

namespace {

struct Handle {
    HMMIO h = nullptr;
    explicit Handle(HMMIO x) : h(x) {}
    ~Handle() {
        if (h) mmioClose(h, 0);
    }
};

// Distinctive result: shows the value came from the procedure.
LRESULT user_result(UINT msg, LPARAM a, LPARAM b) {
    return static_cast<LRESULT>((static_cast<ULONG_PTR>(a) ^ (static_cast<ULONG_PTR>(b) >> 1)) + msg + 0x5a5a);
}

LPARAM big_value(int i) {
#ifdef _WIN64
    const LPARAM v[] = {static_cast<LPARAM>(0x123456789abcdef0LL), static_cast<LPARAM>(-2LL),
                        static_cast<LPARAM>(0x8000000000000001ULL), 0};
#else
    const LPARAM v[] = {static_cast<LPARAM>(0x89abcdefL), static_cast<LPARAM>(-2L), static_cast<LPARAM>(0x7fffffffL),
                        0};
#endif
    return v[i & 3];
}

}  // namespace

TEST_CASE("mmioSendMessage: MMIOM_USER and above reach the procedure with lParams intact", "[mmioSendMessage]") {
    Recorder r;
    r.userHandler = [](MMIOINFO*, UINT msg, LPARAM a, LPARAM b) { return user_result(msg, a, b); };
    Handle f(open_with_proc(r, "send.bin", MMIO_READWRITE | MMIO_CREATE));
    REQUIRE(f.h != nullptr);
    const UINT msgs[] = {MMIOM_USER, MMIOM_USER + 1, MMIOM_USER + 0x1234, 0xffffu, 0x10000u, 0x7fffffffu};
    int i = 0;
    for (UINT m : msgs) {
        LPARAM a = big_value(i), b = big_value(i + 1);
        ++i;
        INFO("message 0x" << std::hex << m);
        r.clear_events();
        // mmioSendMessage: "Use this function to send custom user-defined messages." / "Define custom messages to be
        // greater than or equal to the MMIOM_USER constant." / "Returns a value that corresponds to the message."
        LRESULT res = mmioSendMessage(f.h, m, a, b);
        CHECK(res == user_result(m, a, b));
        auto ev = r.events();
        REQUIRE(ev.size() == 1);
        CHECK(ev[0].msg == m);
        CHECK(ev[0].lParam1 == a);
        CHECK(ev[0].lParam2 == b);
    }
}

TEST_CASE("mmioSendMessage: a message the procedure does not recognise returns zero", "[mmioSendMessage]") {
    Recorder r;  // no user handler: unknown messages return 0
    Handle f(open_with_proc(r, "send2.bin", MMIO_READ));
    REQUIRE(f.h != nullptr);
    // mmioSendMessage: "If the I/O procedure does not recognize the message, the return value should be zero."
    // MMIOPROC: "If the I/O procedure does not recognize a message, it should return zero."
    CHECK(mmioSendMessage(f.h, MMIOM_USER + 7, 1, 2) == 0);
    CHECK(r.count(MMIOM_USER + 7) == 1);
}

TEST_CASE("mmioSendMessage: the procedure gets the file's MMIOINFO", "[mmioSendMessage]") {
    Recorder r;
    LONG seen = -1;
    DWORD seenFlags = 0;
    r.userHandler = [&](MMIOINFO* info, UINT, LPARAM, LPARAM) -> LRESULT {
        if (!info) return -1;
        seen = info->lDiskOffset;
        seenFlags = info->dwFlags;
        return 1;
    };
    Handle f(open_with_proc(r, "send3.bin", MMIO_READWRITE | MMIO_CREATE));
    REQUIRE(f.h != nullptr);
    REQUIRE(mmioWrite(f.h, "12345", 5) == 5);
    // MMIOPROC: "lpmmioinfo: Points to an MMIOINFO structure containing information about the open file." /
    // "The I/O procedure must maintain the lDiskOffset member in this structure"
    CHECK(mmioSendMessage(f.h, MMIOM_USER, 0, 0) == 1);
    CHECK(seen == 5);
    CHECK((seenFlags & MMIO_RWMODE) == MMIO_READWRITE);
}

TEST_CASE("mmioSendMessage: the predefined procedures return zero for a custom message", "[mmioSendMessage]") {
    // Memory file.
    char buf[32] = {0};
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.fccIOProc = FOURCC_MEM;
    mi.pchBuffer = buf;
    mi.cchBuffer = sizeof buf;
    Handle mem(mmioOpenA(nullptr, &mi, MMIO_READWRITE));
    REQUIRE(mem.h != nullptr);
    // mmioSendMessage: "If the I/O procedure does not recognize the message, the return value should be zero."
    CHECK(mmioSendMessage(mem.h, MMIOM_USER, 1, 2) == 0);
    // Disk file.
    TempFile tf("send");
    Handle dos(tf.open(MMIO_CREATE | MMIO_READWRITE));
    REQUIRE(dos.h != nullptr);
    CHECK(mmioSendMessage(dos.h, MMIOM_USER + 3, 1, 2) == 0);
}

TEST_CASE("mmioSendMessage: reserved messages below MMIOM_USER are refused", "[mmioSendMessage][decision]") {
    Recorder r;
    r.userHandler = [](MMIOINFO*, UINT msg, LPARAM a, LPARAM b) { return user_result(msg, a, b); };
    r.set_contents(std::vector<char>(64, 'x'));
    Handle f(open_with_proc(r, "send4.bin", MMIO_READWRITE));
    REQUIRE(f.h != nullptr);
    char buf[16];
    // mmioSendMessage: "Do not use it to send the MMIOM_OPEN, MMIOM_CLOSE, MMIOM_READ, MMIOM_WRITE, MMIOM_WRITEFLUSH,
    // or MMIOM_SEEK messages. Define custom messages to be greater than or equal to the MMIOM_USER constant."
    // Decision (docs/mmio.md, mmioSendMessage): every message below MMIOM_USER returns MMSYSERR_INVALPARAM without
    // calling the procedure.
    const UINT reserved[] = {MMIOM_READ, MMIOM_WRITE,  MMIOM_SEEK, MMIOM_OPEN, MMIOM_CLOSE,
                             MMIOM_WRITEFLUSH, MMIOM_RENAME, 7, 0x100, MMIOM_USER - 1};
    for (UINT m : reserved) {
        INFO("message 0x" << std::hex << m);
        r.clear_events();
        LRESULT res = mmioSendMessage(f.h, m, reinterpret_cast<LPARAM>(buf), 4);
        INFO(r.trace());
        CHECK(r.size() == 0);
        CHECK(res == MMSYSERR_INVALPARAM);
    }
    // The file is unaffected.
    CHECK(mmioSeek(f.h, 0, SEEK_CUR) == 0);
    CHECK(mmioRead(f.h, buf, 4) == 4);
}

TEST_CASE("mmioSendMessage: an invalid handle gives MMSYSERR_INVALHANDLE", "[mmioSendMessage][decision]") {
    Recorder r;
    HMMIO h = open_with_proc(r, "send5.bin", MMIO_READ);
    REQUIRE(h != nullptr);
    REQUIRE(mmioClose(h, 0) == MMSYSERR_NOERROR);
    r.clear_events();
    // Decision: a closed or NULL handle is rejected with MMSYSERR_INVALHANDLE and no procedure is called.
    CHECK(mmioSendMessage(h, MMIOM_USER, 1, 2) == MMSYSERR_INVALHANDLE);
    CHECK(mmioSendMessage(nullptr, MMIOM_USER, 1, 2) == MMSYSERR_INVALHANDLE);
    CHECK(r.size() == 0);
}
