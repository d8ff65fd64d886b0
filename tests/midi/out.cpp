// midiOut through the test driver: device numbering, caps, open/close with every callback kind, short and long
// messages reaching the driver intact and in order, the mapper, volume, and the error paths.
#include <cstddef>
#include <cstring>

#include "support.h"  // first: windows.h before mmddk.h

#include <mmddk.h>

using namespace midi_test;

static Registration registration;

namespace {

HMIDIOUT open_fn(UINT id, Callbacks& cb) {
    HMIDIOUT h = nullptr;
    REQUIRE(midiOutOpen(&h, id, cb.fn(), cb.instance(), CALLBACK_FUNCTION) == MMSYSERR_NOERROR);
    return h;
}

}  // namespace

TEST_CASE("midi-out: the test driver's devices are numbered and described", "[midi]") {
    REQUIRE(midiOutGetNumDevs() == midi_td::kOutDevices);
    MIDIOUTCAPSW w = {};
    REQUIRE(midiOutGetDevCapsW(1, &w, sizeof(w)) == MMSYSERR_NOERROR);
    CHECK(std::wstring(w.szPname) == L"winmm-ng test MIDI out 1");
    CHECK(w.wMid == midi_td::kMid);
    CHECK(w.wTechnology == MOD_MIDIPORT);
    MIDIOUTCAPSA a = {};
    REQUIRE(midiOutGetDevCapsA(0, &a, sizeof(a)) == MMSYSERR_NOERROR);
    CHECK(std::string(a.szPname) == "winmm-ng test MIDI out 0");
    CHECK(a.wChannelMask == 0xFFFF);
    CHECK(a.dwSupport == MIDICAPS_VOLUME);

    SECTION("only the caller's size is written") {
        MIDIOUTCAPSA small;
        std::memset(&small, 0xAB, sizeof(small));
        REQUIRE(midiOutGetDevCapsA(0, &small, 4) == MMSYSERR_NOERROR);
        CHECK(small.wMid == midi_td::kMid);
        CHECK(small.vDriverVersion == 0xABABABAB);
        std::memset(&small, 0xAB, sizeof(small));
        CHECK(midiOutGetDevCapsA(0, &small, 0) == MMSYSERR_NOERROR);
        CHECK(small.wMid == 0xABAB);
    }
    SECTION("bad ids and pointers") {
        CHECK(midiOutGetDevCapsW(midi_td::kOutDevices, &w, sizeof(w)) == MMSYSERR_BADDEVICEID);
        CHECK(midiOutGetDevCapsW(0, nullptr, sizeof(w)) == MMSYSERR_INVALPARAM);
        CHECK(midiOutGetDevCapsA(0, nullptr, sizeof(a)) == MMSYSERR_INVALPARAM);
    }
    SECTION("the mapper is the mapper driver, asked with device MIDI_MAPPER") {
        clear_log();
        REQUIRE(midiOutGetDevCapsW(MIDI_MAPPER, &w, sizeof(w)) == MMSYSERR_NOERROR);
        CHECK(w.wTechnology == MOD_MAPPER);
        CHECK(w.wPid == midi_td::kPidMapper);
        auto r = records(midi_td::from_mod, MODM_GETDEVCAPS);
        REQUIRE(r.size() == 1);
        CHECK(r[0].device == MIDI_MAPPER);
    }
}

TEST_CASE("midi-out: open and close notify every callback kind", "[midi]") {
    SECTION("function") {
        Callbacks cb;
        HMIDIOUT h = open_fn(0, cb);
        CHECK(midiOutClose(h) == MMSYSERR_NOERROR);
        auto seen = cb.seen();
        REQUIRE(seen.size() == 2);
        CHECK(seen[0].msg == MOM_OPEN);
        CHECK(seen[1].msg == MOM_CLOSE);
        CHECK(seen[0].handle == h);
        CHECK(seen[0].instance == cb.instance());
        CHECK(seen[0].p1 == 0);
    }
    SECTION("window") {
        HWND wnd = make_window();
        REQUIRE(wnd);
        HMIDIOUT h = nullptr;
        REQUIRE(midiOutOpen(&h, 1, reinterpret_cast<DWORD_PTR>(wnd), 0, CALLBACK_WINDOW) == MMSYSERR_NOERROR);
        CHECK(midiOutClose(h) == MMSYSERR_NOERROR);
        auto m = pump(wnd, MM_MOM_OPEN, MM_MOM_DONE, 2);
        REQUIRE(m.size() == 2);
        CHECK(m[0].message == MM_MOM_OPEN);
        CHECK(m[1].message == MM_MOM_CLOSE);
        CHECK(reinterpret_cast<HMIDIOUT>(m[0].wParam) == h);
        DestroyWindow(wnd);
    }
    SECTION("thread") {
        HMIDIOUT h = nullptr;
        REQUIRE(midiOutOpen(&h, 0, GetCurrentThreadId(), 0, CALLBACK_THREAD) == MMSYSERR_NOERROR);
        CHECK(midiOutClose(h) == MMSYSERR_NOERROR);
        auto m = pump(nullptr, MM_MOM_OPEN, MM_MOM_DONE, 2);
        REQUIRE(m.size() == 2);
        CHECK(m[0].message == MM_MOM_OPEN);
        CHECK(m[1].message == MM_MOM_CLOSE);
    }
    SECTION("event") {
        HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
        HMIDIOUT h = nullptr;
        REQUIRE(midiOutOpen(&h, 0, reinterpret_cast<DWORD_PTR>(ev), 0, CALLBACK_EVENT) == MMSYSERR_NOERROR);
        CHECK(WaitForSingleObject(ev, 1000) == WAIT_OBJECT_0);
        CHECK(midiOutClose(h) == MMSYSERR_NOERROR);
        CHECK(WaitForSingleObject(ev, 1000) == WAIT_OBJECT_0);
        CloseHandle(ev);
    }
    SECTION("the driver gets the application's target in its MIDIOPENDESC") {
        clear_log();
        Callbacks cb;
        HMIDIOUT h = open_fn(1, cb);
        auto r = records(midi_td::from_mod, MODM_OPEN);
        REQUIRE(r.size() == 1);
        CHECK(r[0].device == 1);
        CHECK(r[0].p2 == CALLBACK_FUNCTION);
        CHECK(midiOutClose(h) == MMSYSERR_NOERROR);
    }
}

TEST_CASE("midi-out: open errors", "[midi]") {
    HMIDIOUT h = nullptr;
    CHECK(midiOutOpen(&h, midi_td::kOutDevices, 0, 0, CALLBACK_NULL) == MMSYSERR_BADDEVICEID);
    CHECK(midiOutOpen(nullptr, 0, 0, 0, CALLBACK_NULL) == MMSYSERR_INVALPARAM);
    CHECK(midiOutOpen(&h, 0, 0xDEADBEEF, 0, CALLBACK_WINDOW) == MMSYSERR_INVALPARAM);
    CHECK(midiOutOpen(&h, 0, 0, 0, 0x70000) == MMSYSERR_INVALFLAG);
    HMIDIOUT closed = nullptr;
    REQUIRE(midiOutOpen(&closed, 0, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    REQUIRE(midiOutClose(closed) == MMSYSERR_NOERROR);
    CHECK(midiOutClose(closed) == MMSYSERR_INVALHANDLE);
    CHECK(midiOutShortMsg(closed, 0x90) == MMSYSERR_INVALHANDLE);
    CHECK(midiOutShortMsg(nullptr, 0x90) == MMSYSERR_INVALHANDLE);
    CHECK(midiOutReset(reinterpret_cast<HMIDIOUT>(0x12345)) == MMSYSERR_INVALHANDLE);
    UINT id;
    CHECK(midiOutGetID(closed, &id) == MMSYSERR_INVALHANDLE);
}

TEST_CASE("midi-out: short and long messages reach the driver intact and in order", "[midi]") {
    Callbacks cb;
    HMIDIOUT h = open_fn(1, cb);
    clear_log();
    const DWORD shorts[] = {0x007F3C90, 0x00403E90, 0x00003C80, 0x0000407B, 0x000A07B0};
    for (DWORD m : shorts) REQUIRE(midiOutShortMsg(h, m) == MMSYSERR_NOERROR);
    BYTE sysex[] = {0xF0, 0x7E, 0x7F, 0x09, 0x01, 0xF7};
    MIDIHDR hdr = {};
    hdr.lpData = reinterpret_cast<LPSTR>(sysex);
    hdr.dwBufferLength = sizeof(sysex);
    hdr.dwUser = 0x1234;
    CHECK(midiOutLongMsg(h, &hdr, sizeof(hdr)) == MIDIERR_UNPREPARED);
    REQUIRE(midiOutPrepareHeader(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
    CHECK((hdr.dwFlags & MHDR_PREPARED) != 0);
    REQUIRE(midiOutLongMsg(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
    REQUIRE(midiOutShortMsg(h, 0x00007FC0) == MMSYSERR_NOERROR);

    auto r = records(midi_td::from_mod);
    std::vector<midi_td::Record> data;
    for (const auto& x : r)
        if (x.msg == MODM_DATA || x.msg == MODM_LONGDATA) data.push_back(x);
    REQUIRE(data.size() == 7);
    for (size_t i = 0; i < 5; ++i) {
        CHECK(data[i].msg == MODM_DATA);
        CHECK(data[i].p1 == shorts[i]);
        CHECK(data[i].device == 1);
    }
    CHECK(data[5].msg == MODM_LONGDATA);
    REQUIRE(data[5].length == sizeof(sysex));
    CHECK(std::memcmp(data[5].data, sysex, sizeof(sysex)) == 0);
    CHECK(data[6].p1 == 0x00007FC0);
    for (size_t i = 1; i < data.size(); ++i) CHECK(data[i].qpc >= data[i - 1].qpc);

    // The driver returned the buffer: MOM_DONE with the header, flags done.
    auto seen = cb.seen();
    REQUIRE(seen.size() >= 2);
    CHECK(seen.back().msg == MOM_DONE);
    CHECK(seen.back().p1 == reinterpret_cast<DWORD_PTR>(&hdr));
    CHECK((hdr.dwFlags & MHDR_DONE) != 0);
    CHECK(hdr.dwUser == 0x1234);
    CHECK(midiOutUnprepareHeader(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
    CHECK((hdr.dwFlags & MHDR_PREPARED) == 0);
    CHECK(midiOutUnprepareHeader(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
    CHECK(midiOutClose(h) == MMSYSERR_NOERROR);
}

TEST_CASE("midi-out: header rules", "[midi]") {
    HMIDIOUT h = nullptr;
    REQUIRE(midiOutOpen(&h, 0, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    char buf[16] = {};
    MIDIHDR hdr = {};
    hdr.lpData = buf;
    hdr.dwBufferLength = sizeof(buf);
    hdr.dwOffset = 0xDEADBEEF;
    CHECK(midiOutPrepareHeader(h, &hdr, offsetof(MIDIHDR, dwOffset) - 1) == MMSYSERR_INVALPARAM);
    CHECK(midiOutPrepareHeader(h, nullptr, sizeof(hdr)) == MMSYSERR_INVALPARAM);
    CHECK(midiOutPrepareHeader(h, &hdr, offsetof(MIDIHDR, dwOffset)) == MMSYSERR_NOERROR);
    CHECK(midiOutPrepareHeader(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
    CHECK(midiOutLongMsg(h, nullptr, sizeof(hdr)) == MMSYSERR_INVALPARAM);
    hdr.dwFlags |= MHDR_INQUEUE;
    CHECK(midiOutLongMsg(h, &hdr, sizeof(hdr)) == MIDIERR_STILLPLAYING);
    CHECK(midiOutUnprepareHeader(h, &hdr, sizeof(hdr)) == MIDIERR_STILLPLAYING);
    hdr.dwFlags &= ~MHDR_INQUEUE;
    CHECK(midiOutUnprepareHeader(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
    CHECK(hdr.dwOffset == 0xDEADBEEF);
    CHECK(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(0x777), &hdr, sizeof(hdr)) == MMSYSERR_INVALHANDLE);
    CHECK(midiOutClose(h) == MMSYSERR_NOERROR);
}

TEST_CASE("midi-out: id, volume, reset, messages, caps by handle", "[midi]") {
    HMIDIOUT h = nullptr;
    REQUIRE(midiOutOpen(&h, 0, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    UINT id = 99;
    CHECK(midiOutGetID(h, &id) == MMSYSERR_NOERROR);
    CHECK(id == 0);
    CHECK(midiOutGetID(h, nullptr) == MMSYSERR_INVALPARAM);

    DWORD v = 0;
    CHECK(midiOutSetVolume(h, 0x40008000) == MMSYSERR_NOERROR);
    CHECK(midiOutGetVolume(h, &v) == MMSYSERR_NOERROR);
    CHECK(v == 0x40008000);
    CHECK(midiOutGetVolume(reinterpret_cast<HMIDIOUT>(static_cast<UINT_PTR>(0)), &v) == MMSYSERR_NOERROR);
    CHECK(midiOutGetVolume(h, nullptr) == MMSYSERR_INVALPARAM);
    CHECK(midiOutGetVolume(reinterpret_cast<HMIDIOUT>(static_cast<UINT_PTR>(1)), &v) == MMSYSERR_NOTSUPPORTED);
    CHECK(midiOutSetVolume(h, 0xFFFFFFFF) == MMSYSERR_NOERROR);

    MIDIOUTCAPSA caps = {};
    CHECK(midiOutGetDevCapsA(reinterpret_cast<UINT_PTR>(h), &caps, sizeof(caps)) == MMSYSERR_NOERROR);
    CHECK(std::string(caps.szPname) == "winmm-ng test MIDI out 0");
    MIDIINCAPSA icaps = {};
    CHECK(midiInGetDevCapsA(reinterpret_cast<UINT_PTR>(h), &icaps, sizeof(icaps)) == MMSYSERR_BADDEVICEID);

    clear_log();
    CHECK(midiOutReset(h) == MMSYSERR_NOERROR);
    CHECK(midiOutMessage(h, DRV_USER + 9, 5, 6) == MMSYSERR_NOTSUPPORTED);
    auto r = records(midi_td::from_mod);
    REQUIRE(r.size() == 2);
    CHECK(r[0].msg == MODM_RESET);
    CHECK(r[1].msg == DRV_USER + 9);
    CHECK(r[1].p1 == 5);
    CHECK(r[1].p2 == 6);
    CHECK(r[1].user == r[0].user);
    CHECK(r[0].user != 0);
    WORD patches[128] = {};
    CHECK(midiOutCachePatches(h, 0, patches, MIDI_CACHE_ALL) == MMSYSERR_NOTSUPPORTED);
    CHECK(midiOutCachePatches(h, 0, nullptr, MIDI_CACHE_ALL) == MMSYSERR_INVALPARAM);
    CHECK(midiOutClose(h) == MMSYSERR_NOERROR);
}

TEST_CASE("midi-out: MIDI_MAPPER opens the mapper driver", "[midi]") {
    clear_log();
    Callbacks cb;
    HMIDIOUT h = open_fn(MIDI_MAPPER, cb);
    UINT id = 0;
    CHECK(midiOutGetID(h, &id) == MMSYSERR_NOERROR);
    CHECK(id == MIDI_MAPPER);
    CHECK(midiOutShortMsg(h, 0x00403C90) == MMSYSERR_NOERROR);
    auto r = records(midi_td::from_mod, MODM_DATA);
    REQUIRE(r.size() == 1);
    CHECK(r[0].device == MIDI_MAPPER);
    CHECK(midiOutClose(h) == MMSYSERR_NOERROR);
    CHECK(cb.messages() == std::vector<UINT>{MOM_OPEN, MOM_CLOSE});
}

TEST_CASE("midi-out: error texts", "[midi]") {
    char a[MAXERRORLENGTH];
    WCHAR w[MAXERRORLENGTH];
    for (MMRESULT e = MMSYSERR_BASE; e <= MMSYSERR_LASTERROR; ++e) {
        CHECK(midiOutGetErrorTextA(e, a, sizeof(a)) == MMSYSERR_NOERROR);
        CHECK(a[0] != '\0');
    }
    for (MMRESULT e = MIDIERR_BASE; e <= MIDIERR_LASTERROR; ++e) {
        CHECK(midiOutGetErrorTextW(e, w, MAXERRORLENGTH) == MMSYSERR_NOERROR);
        CHECK(w[0] != L'\0');
        CHECK(midiInGetErrorTextA(e, a, sizeof(a)) == MMSYSERR_NOERROR);
        CHECK(a[0] != '\0');
    }
    CHECK(midiOutGetErrorTextA(WAVERR_BADFORMAT, a, sizeof(a)) == MMSYSERR_BADERRNUM);
    CHECK(midiOutGetErrorTextA(MIDIERR_LASTERROR + 1, a, sizeof(a)) == MMSYSERR_BADERRNUM);
    CHECK(midiOutGetErrorTextA(MIDIERR_UNPREPARED, nullptr, 10) == MMSYSERR_INVALPARAM);
    CHECK(midiOutGetErrorTextA(MIDIERR_UNPREPARED, a, 0) == MMSYSERR_NOERROR);
    CHECK(midiInGetErrorTextW(MIDIERR_STILLPLAYING, w, 5) == MMSYSERR_NOERROR);
    CHECK(lstrlenW(w) == 4);
}
