// Headers and handles: prepare/unprepare/add-buffer flags and errors, close while buffers are queued, and every
// export with a bad, closed or foreign handle.
#include <catch.hpp>

#include <memory>
#include <utility>

#include "support.h"

using namespace wave_in_test;

namespace {

struct Open {
    HWAVEIN h = nullptr;
    Open() {
        Format f = pcm(44100, 16, 2);
        REQUIRE(waveInOpen(&h, WAVE_MAPPER, f.ex(), 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    }
    ~Open() {
        waveInReset(h);
        waveInClose(h);
    }
};

}  // namespace

TEST_CASE("prepare and unprepare: flags and repeated calls as on Windows", "[headers]") {
    sound_server::require_or_skip();
    Open o;
    std::vector<BYTE> mem(4410);
    WAVEHDR hdr = {};
    hdr.lpData = reinterpret_cast<LPSTR>(mem.data());
    hdr.dwBufferLength = static_cast<DWORD>(mem.size());
    REQUIRE(waveInPrepareHeader(o.h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    CHECK(hdr.dwFlags == WHDR_PREPARED);
    // Preparing again succeeds and changes nothing.
    CHECK(waveInPrepareHeader(o.h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    CHECK(hdr.dwFlags == WHDR_PREPARED);
    CHECK(waveInUnprepareHeader(o.h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    CHECK(hdr.dwFlags == 0);
    // Unpreparing an unprepared header: no effect, no error (documented).
    hdr.dwFlags = WHDR_DONE;
    CHECK(waveInUnprepareHeader(o.h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    CHECK(hdr.dwFlags == WHDR_DONE);
    // Preparing clears DONE and INQUEUE left over from earlier use (Wine's wave tests, on Windows).
    hdr.dwFlags = WHDR_DONE | WHDR_INQUEUE;
    CHECK(waveInPrepareHeader(o.h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    CHECK(hdr.dwFlags == WHDR_PREPARED);
    // A header that says it is queued cannot be unprepared.
    hdr.dwFlags |= WHDR_INQUEUE;
    CHECK(waveInUnprepareHeader(o.h, &hdr, sizeof hdr) == WAVERR_STILLPLAYING);
    hdr.dwFlags &= ~WHDR_INQUEUE;
    CHECK(waveInUnprepareHeader(o.h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);

    CHECK(waveInPrepareHeader(o.h, nullptr, sizeof hdr) == MMSYSERR_INVALPARAM);
    CHECK(waveInPrepareHeader(o.h, &hdr, sizeof hdr - 1) == MMSYSERR_INVALPARAM);
    CHECK(waveInUnprepareHeader(o.h, nullptr, sizeof hdr) == MMSYSERR_INVALPARAM);
    CHECK(waveInUnprepareHeader(o.h, &hdr, 4) == MMSYSERR_INVALPARAM);
}

TEST_CASE("waveInAddBuffer: unprepared, queued twice, bad sizes; close and unprepare while queued", "[headers]") {
    sound_server::require_or_skip();
    Open o;
    std::vector<BYTE> mem(4410);
    WAVEHDR hdr = {};
    hdr.lpData = reinterpret_cast<LPSTR>(mem.data());
    hdr.dwBufferLength = static_cast<DWORD>(mem.size());
    CHECK(waveInAddBuffer(o.h, &hdr, sizeof hdr) == WAVERR_UNPREPARED);
    CHECK(hdr.dwFlags == 0);
    REQUIRE(waveInPrepareHeader(o.h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    CHECK(waveInAddBuffer(o.h, nullptr, sizeof hdr) == MMSYSERR_INVALPARAM);
    CHECK(waveInAddBuffer(o.h, &hdr, sizeof hdr - 1) == MMSYSERR_INVALPARAM);
    hdr.dwBytesRecorded = 1234;
    REQUIRE(waveInAddBuffer(o.h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    CHECK(hdr.dwFlags == (WHDR_PREPARED | WHDR_INQUEUE));
    CHECK(hdr.dwBytesRecorded == 0);
    CHECK(waveInAddBuffer(o.h, &hdr, sizeof hdr) == WAVERR_STILLPLAYING);
    CHECK(waveInUnprepareHeader(o.h, &hdr, sizeof hdr) == WAVERR_STILLPLAYING);
    CHECK(waveInClose(o.h) == WAVERR_STILLPLAYING);
    // Not started: Reset returns it done and empty; then close works.
    REQUIRE(waveInReset(o.h) == MMSYSERR_NOERROR);
    CHECK(hdr.dwFlags == (WHDR_PREPARED | WHDR_DONE));
    CHECK(hdr.dwBytesRecorded == 0);
    CHECK(waveInUnprepareHeader(o.h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    CHECK(hdr.dwFlags == WHDR_DONE);
}

TEST_CASE("start/stop/reset with nothing queued; stop and start twice are no-ops", "[headers]") {
    sound_server::require_or_skip();
    Open o;
    CHECK(waveInStop(o.h) == MMSYSERR_NOERROR);  // not started: no effect
    CHECK(waveInStart(o.h) == MMSYSERR_NOERROR);
    CHECK(waveInStart(o.h) == MMSYSERR_NOERROR);  // already started: no effect
    Sleep(50);                                    // data with no buffer is dropped, silently
    CHECK(waveInStop(o.h) == MMSYSERR_NOERROR);
    CHECK(waveInStop(o.h) == MMSYSERR_NOERROR);
    CHECK(waveInReset(o.h) == MMSYSERR_NOERROR);
    MMTIME t = {};
    t.wType = TIME_BYTES;
    CHECK(waveInGetPosition(o.h, &t, sizeof t) == MMSYSERR_NOERROR);
    CHECK(t.u.cb == 0);
}

TEST_CASE("every export refuses a bad, closed or foreign handle with MMSYSERR_INVALHANDLE", "[headers]") {
    sound_server::require_or_skip();
    Format f = pcm(44100, 16, 2);
    HWAVEIN closed = nullptr;
    REQUIRE(waveInOpen(&closed, 0, f.ex(), 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    REQUIRE(waveInClose(closed) == MMSYSERR_NOERROR);
    HWAVEOUT out = nullptr;
    bool have_out = waveOutOpen(&out, WAVE_MAPPER, f.ex(), 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR;
    std::vector<HWAVEIN> bad = {nullptr, closed, reinterpret_cast<HWAVEIN>(static_cast<UINT_PTR>(0xdeadbeef)),
                                reinterpret_cast<HWAVEIN>(static_cast<UINT_PTR>(1))};
    if (have_out) bad.push_back(reinterpret_cast<HWAVEIN>(out));
    std::vector<BYTE> mem(64);
    for (HWAVEIN h : bad) {
        INFO("handle " << static_cast<void*>(h));
        WAVEHDR hdr = {};
        hdr.lpData = reinterpret_cast<LPSTR>(mem.data());
        hdr.dwBufferLength = 64;
        CHECK(waveInPrepareHeader(h, &hdr, sizeof hdr) == MMSYSERR_INVALHANDLE);
        CHECK(hdr.dwFlags == 0);
        hdr.dwFlags = WHDR_PREPARED;
        CHECK(waveInAddBuffer(h, &hdr, sizeof hdr) == MMSYSERR_INVALHANDLE);
        CHECK(waveInUnprepareHeader(h, &hdr, sizeof hdr) == MMSYSERR_INVALHANDLE);
        CHECK(waveInStart(h) == MMSYSERR_INVALHANDLE);
        CHECK(waveInStop(h) == MMSYSERR_INVALHANDLE);
        CHECK(waveInReset(h) == MMSYSERR_INVALHANDLE);
        CHECK(waveInClose(h) == MMSYSERR_INVALHANDLE);
        MMTIME t = {};
        t.wType = TIME_BYTES;
        CHECK(waveInGetPosition(h, &t, sizeof t) == MMSYSERR_INVALHANDLE);
        UINT id = 0;
        CHECK(waveInGetID(h, &id) == MMSYSERR_INVALHANDLE);
    }
    if (have_out) waveOutClose(out);
}

TEST_CASE("waveInGetPosition: a short MMTIME, a null pointer", "[headers]") {
    sound_server::require_or_skip();
    Open o;
    MMTIME t = {};
    t.wType = TIME_BYTES;
    CHECK(waveInGetPosition(o.h, &t, sizeof t - 1) == MMSYSERR_ERROR);  // Windows (Wine's wave tests)
    CHECK(waveInGetPosition(o.h, &t, sizeof t + 1) == MMSYSERR_NOERROR);
    CHECK(waveInGetPosition(o.h, nullptr, sizeof t) == MMSYSERR_INVALPARAM);
}

namespace {

struct RaceArgs {
    HWAVEIN h;
    WAVEHDR* hdr;
    volatile LONG* stop;
    volatile LONG* unexpected;
};

// Queues, resets and unprepares one buffer in a loop until the handle is closed under it.
DWORD WINAPI race_worker(void* p) {
    std::unique_ptr<RaceArgs> a(static_cast<RaceArgs*>(p));
    while (!*a->stop) {
        MMRESULT rc = waveInPrepareHeader(a->h, a->hdr, sizeof(WAVEHDR));
        if (rc == MMSYSERR_INVALHANDLE) break;  // closed: every later call says so too
        rc = waveInAddBuffer(a->h, a->hdr, sizeof(WAVEHDR));
        if (rc != MMSYSERR_NOERROR && rc != MMSYSERR_INVALHANDLE) InterlockedIncrement(a->unexpected);
        rc = waveInReset(a->h);
        if (rc != MMSYSERR_NOERROR && rc != MMSYSERR_INVALHANDLE) InterlockedIncrement(a->unexpected);
        rc = waveInUnprepareHeader(a->h, a->hdr, sizeof(WAVEHDR));
        if (rc != MMSYSERR_NOERROR && rc != MMSYSERR_INVALHANDLE) InterlockedIncrement(a->unexpected);
    }
    return 0;
}

}  // namespace

TEST_CASE("a close racing buffer calls from another thread: no crash, consistent answers", "[headers][stress]") {
    sound_server::require_or_skip();
    Format f = pcm(48000, 16, 2);
    for (int round = 0; round < 20; ++round) {
        HWAVEIN h = nullptr;
        REQUIRE(waveInOpen(&h, WAVE_MAPPER, f.ex(), 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
        REQUIRE(waveInStart(h) == MMSYSERR_NOERROR);
        std::vector<BYTE> mem(1920);
        WAVEHDR hdr = {};
        hdr.lpData = reinterpret_cast<LPSTR>(mem.data());
        hdr.dwBufferLength = 1920;
        volatile LONG stop = 0;
        volatile LONG unexpected = 0;
        RaceArgs* args = new RaceArgs{h, &hdr, &stop, &unexpected};
        HANDLE worker = CreateThread(nullptr, 0, race_worker, args, 0, nullptr);
        if (!worker) delete args;
        REQUIRE(worker);
        Sleep(round % 5);
        // Close until it works: WAVERR_STILLPLAYING while the other thread has the buffer queued.
        MMRESULT rc;
        DWORD end = GetTickCount() + 5000;
        do {
            rc = waveInClose(h);
        } while (rc == WAVERR_STILLPLAYING && static_cast<LONG>(end - GetTickCount()) > 0);
        CHECK(rc == MMSYSERR_NOERROR);
        InterlockedExchange(const_cast<LONG*>(&stop), 1);
        CHECK(WaitForSingleObject(worker, 5000) == WAIT_OBJECT_0);
        CloseHandle(worker);
        CHECK(unexpected == 0);
        // Closed is closed.
        CHECK(waveInStart(h) == MMSYSERR_INVALHANDLE);
        CHECK(!(hdr.dwFlags & WHDR_INQUEUE));  // the buffer is not left in a dead queue
    }
}
