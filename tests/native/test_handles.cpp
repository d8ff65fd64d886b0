// Handle validation, stale handles, many open files, concurrent use of one handle.
#include <catch.hpp>
#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

#include "mmio_internal.h"
#include "rec_proc.h"

namespace {
HMMIO open_mem(char* buf, LONG size, DWORD flags = MMIO_READWRITE) {
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.fccIOProc = FOURCC_MEM;
    mi.pchBuffer = buf;
    mi.cchBuffer = size;
    return mmioOpenA(nullptr, &mi, flags);
}

void require_rejected(HMMIO h) {
    char b[4];
    MMIOINFO mi;
    MMCKINFO ck{};
    REQUIRE(mmioRead(h, b, 4) == -1);
    REQUIRE(mmioWrite(h, b, 4) == -1);
    REQUIRE(mmioSeek(h, 0, SEEK_CUR) == -1);
    REQUIRE(mmioClose(h, 0) == MMSYSERR_INVALHANDLE);
    REQUIRE(mmioFlush(h, 0) == MMSYSERR_INVALHANDLE);
    REQUIRE(mmioGetInfo(h, &mi, 0) == MMSYSERR_INVALHANDLE);
    REQUIRE(mmioSetInfo(h, &mi, 0) == MMSYSERR_INVALHANDLE);
    REQUIRE(mmioSetBuffer(h, nullptr, 0, 0) == MMSYSERR_INVALHANDLE);
    REQUIRE(mmioAdvance(h, nullptr, 0) == MMSYSERR_INVALHANDLE);
    REQUIRE(mmioSendMessage(h, MMIOM_USER, 0, 0) == MMSYSERR_INVALHANDLE);
    REQUIRE(mmioDescend(h, &ck, nullptr, 0) == MMSYSERR_INVALHANDLE);
    REQUIRE(mmioAscend(h, &ck, 0) == MMSYSERR_INVALHANDLE);
    REQUIRE(mmioCreateChunk(h, &ck, 0) == MMSYSERR_INVALHANDLE);
}
}  // namespace

TEST_CASE("garbage handles are rejected without being dereferenced", "[handles]") {
    int local = 0;
    std::vector<char> heap(64);
    require_rejected(nullptr);
    require_rejected(reinterpret_cast<HMMIO>(1));
    require_rejected(reinterpret_cast<HMMIO>(2));
    require_rejected(reinterpret_cast<HMMIO>(0x1235));
    require_rejected(reinterpret_cast<HMMIO>(&local));
    require_rejected(reinterpret_cast<HMMIO>(heap.data() + 1));
    require_rejected(reinterpret_cast<HMMIO>(static_cast<uintptr_t>(0xFFFFFFFFu)));
    require_rejected(reinterpret_cast<HMMIO>(~static_cast<uintptr_t>(0)));
    require_rejected(reinterpret_cast<HMMIO>(static_cast<uintptr_t>(0xFFF00001u)));  // generation 4095, slot far away
}

TEST_CASE("closed and stale handles are rejected; reuse gets a new handle value", "[handles]") {
    char block[8] = {};
    HMMIO a = open_mem(block, 8);
    REQUIRE(a);
    REQUIRE(mmioClose(a, 0) == 0);
    require_rejected(a);
    HMMIO b = open_mem(block, 8);
    REQUIRE(b);
    REQUIRE(b != a);
    require_rejected(a);
    REQUIRE(mmioWrite(b, "x", 1) == 1);
    // neighbouring generation / index values of a live handle are not valid
    uintptr_t v = reinterpret_cast<uintptr_t>(b);
    require_rejected(reinterpret_cast<HMMIO>(v + (1u << 20)));
    require_rejected(reinterpret_cast<HMMIO>(v + 2));
    require_rejected(reinterpret_cast<HMMIO>(v - 1));
    REQUIRE(mmioClose(b, 0) == 0);
}

TEST_CASE("tens of thousands of open handles", "[handles]") {
    const size_t base = wng_mmio::handles_open_count_for_tests();
    const int N = 40000;
    std::vector<HMMIO> hs;
    std::vector<char> blocks(static_cast<size_t>(N) * 4);
    for (int i = 0; i < N; ++i) {
        HMMIO h = open_mem(&blocks[static_cast<size_t>(i) * 4], 4);
        REQUIRE(h);
        hs.push_back(h);
    }
    REQUIRE(wng_mmio::handles_open_count_for_tests() == base + N);
    for (int i = 0; i < N; ++i) {
        char c = static_cast<char>(i);
        if (mmioWrite(hs[static_cast<size_t>(i)], &c, 1) != 1) FAIL("write " << i);
    }
    for (int i = 0; i < N; ++i)
        if (blocks[static_cast<size_t>(i) * 4] != static_cast<char>(i)) FAIL("block " << i);
    for (HMMIO h : hs)
        if (mmioClose(h, 0) != 0) FAIL("close");
    REQUIRE(wng_mmio::handles_open_count_for_tests() == base);
}

TEST_CASE("one handle used from several threads keeps its state consistent", "[handles][threads]") {
    // Four threads append 4-byte records to one expandable memory file; every record must arrive whole.
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.fccIOProc = FOURCC_MEM;
    mi.cchBuffer = 16;
    mi.adwInfo[0] = 4096;
    HMMIO h = mmioOpenA(nullptr, &mi, MMIO_READWRITE | MMIO_CREATE);
    REQUIRE(h);
    const int T = 4, K = 5000;
    std::vector<std::thread> ts;
    for (int t = 0; t < T; ++t)
        ts.emplace_back([h, t] {
            char rec[4] = {static_cast<char>('A' + t), static_cast<char>('A' + t), static_cast<char>('A' + t), static_cast<char>('A' + t)};
            for (int k = 0; k < K; ++k) mmioWrite(h, rec, 4);
        });
    for (auto& t : ts) t.join();
    REQUIRE(mmioSeek(h, 0, SEEK_END) == T * K * 4);
    MMIOINFO info;
    REQUIRE(mmioGetInfo(h, &info, 0) == 0);
    // writes are whole: mmioWrite holds the handle lock for the whole call
    for (int i = 0; i < T * K; ++i) {
        const char* r = info.pchBuffer + i * 4;
        if (!(r[0] == r[1] && r[1] == r[2] && r[2] == r[3])) FAIL("torn record " << i);
    }
    REQUIRE(mmioClose(h, 0) == 0);
}

TEST_CASE("open/close racing with use of other handles from many threads", "[handles][threads]") {
    std::atomic<int> failures{0};
    std::vector<std::thread> ts;
    for (int t = 0; t < 4; ++t)
        ts.emplace_back([&failures] {
            char block[16];
            for (int k = 0; k < 3000; ++k) {
                HMMIO h = open_mem(block, 16);
                if (!h || mmioWrite(h, "abcd", 4) != 4 || mmioSeek(h, 0, SEEK_SET) != 0 || mmioClose(h, 0) != 0) ++failures;
                if (mmioWrite(h, "x", 1) != -1) ++failures;  // stale right after close
            }
        });
    for (auto& t : ts) t.join();
    REQUIRE(failures == 0);
}

namespace {
HMMIO g_self = nullptr;
LRESULT CALLBACK reentrant_proc(LPSTR info, UINT msg, LPARAM a, LPARAM b) {
    if (msg == MMIOM_USER) {
        MMIOINFO* mi = reinterpret_cast<MMIOINFO*>(info);
        HMMIO self = mi->hmmio;
        g_self = self;
        // calls on the same handle from inside its own procedure must not deadlock
        LRESULT r = mmioSendMessage(self, MMIOM_USER + 1, 0, 0);
        MMIOINFO tmp;
        if (mmioGetInfo(self, &tmp, 0) != 0) return -2;
        if (mmioClose(self, 0) != MMIOERR_CANNOTCLOSE) return -3;
        return r + 1;
    }
    if (msg == MMIOM_USER + 1) return 10;
    return rec_proc_a(info, msg, a, b);
}
}  // namespace

TEST_CASE("re-entrant calls from an I/O procedure on its own handle", "[handles]") {
    RecScope rs;
    MMIOINFO mi;
    std::memset(&mi, 0, sizeof mi);
    mi.pIOProc = reentrant_proc;
    HMMIO h = mmioOpenA(const_cast<char*>("r"), &mi, MMIO_READ);
    REQUIRE(h);
    REQUIRE(mmioSendMessage(h, MMIOM_USER, 0, 0) == 11);
    REQUIRE(g_self == h);
    REQUIRE(mmioClose(h, 0) == 0);
}
