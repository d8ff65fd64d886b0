// midiIn through the test driver (which delivers input when told to): callbacks of every kind for MIM_OPEN,
// MIM_DATA, MIM_LONGDATA, MIM_ERROR, MIM_LONGERROR, MIM_MOREDATA and MIM_CLOSE, buffers, the error paths, and
// thru connections (midiConnect) that carry MIM_DATA to an output device.
#include <cstddef>
#include <cstring>

#include "support.h"  // first: windows.h before mmddk.h

#include <mmddk.h>

using namespace midi_test;

static Registration registration;

namespace {

HMIDIIN open_fn(Callbacks& cb, DWORD extra = 0) {
    HMIDIIN h = nullptr;
    REQUIRE(midiInOpen(&h, 0, cb.fn(), cb.instance(), CALLBACK_FUNCTION | extra) == MMSYSERR_NOERROR);
    return h;
}

MMRESULT inject(HMIDIIN h, UINT what, DWORD_PTR p1, DWORD_PTR p2 = 0) {
    return midiInMessage(h, what, p1, p2);
}

}  // namespace

TEST_CASE("midi-in: devices and caps", "[midi]") {
    REQUIRE(midiInGetNumDevs() == midi_td::kInDevices);
    MIDIINCAPSW w = {};
    REQUIRE(midiInGetDevCapsW(0, &w, sizeof(w)) == MMSYSERR_NOERROR);
    CHECK(std::wstring(w.szPname) == L"winmm-ng test MIDI in 0");
    MIDIINCAPSA a = {};
    REQUIRE(midiInGetDevCapsA(0, &a, sizeof(a)) == MMSYSERR_NOERROR);
    CHECK(std::string(a.szPname) == "winmm-ng test MIDI in 0");
    CHECK(a.wPid == midi_td::kPidIn);
    CHECK(midiInGetDevCapsA(1, &a, sizeof(a)) == MMSYSERR_BADDEVICEID);
    CHECK(midiInGetDevCapsA(0, nullptr, sizeof(a)) == MMSYSERR_INVALPARAM);
    // Windows has no MIDI input mapper (Wine's conformance tests).
    CHECK(midiInGetDevCapsA(MIDI_MAPPER, &a, sizeof(a)) == MMSYSERR_BADDEVICEID);
    HMIDIIN h = nullptr;
    CHECK(midiInOpen(&h, MIDI_MAPPER, 0, 0, CALLBACK_NULL) == MMSYSERR_BADDEVICEID);
    CHECK(midiInOpen(&h, 1, 0, 0, CALLBACK_NULL) == MMSYSERR_BADDEVICEID);
    CHECK(midiInOpen(nullptr, 0, 0, 0, CALLBACK_NULL) == MMSYSERR_INVALPARAM);
    CHECK(midiInOpen(&h, 0, 0xDEADBEEF, 0, CALLBACK_WINDOW) == MMSYSERR_INVALPARAM);
}

TEST_CASE("midi-in: data reaches a function callback with timestamps", "[midi]") {
    Callbacks cb;
    HMIDIIN h = open_fn(cb);
    REQUIRE(midiInStart(h) == MMSYSERR_NOERROR);
    Sleep(30);
    CHECK(inject(h, midi_td::kInjectShort, 0x00403C90) == MMSYSERR_NOERROR);
    CHECK(inject(h, midi_td::kInjectError, 0x000000F4) == MMSYSERR_NOERROR);
    CHECK(inject(h, midi_td::kInjectMore, 0x00003C80) == MMSYSERR_NOERROR);

    char buf[64];
    MIDIHDR hdr = {};
    hdr.lpData = buf;
    hdr.dwBufferLength = sizeof(buf);
    CHECK(midiInAddBuffer(h, &hdr, sizeof(hdr)) == MIDIERR_UNPREPARED);
    REQUIRE(midiInPrepareHeader(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
    REQUIRE(midiInAddBuffer(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
    CHECK((hdr.dwFlags & MHDR_INQUEUE) != 0);
    CHECK(midiInAddBuffer(h, &hdr, sizeof(hdr)) == MIDIERR_STILLPLAYING);
    CHECK(midiInUnprepareHeader(h, &hdr, sizeof(hdr)) == MIDIERR_STILLPLAYING);
    // Buffers queued: close refuses, as the page says.
    CHECK(midiInClose(h) == MIDIERR_STILLPLAYING);
    const BYTE sysex[] = {0xF0, 0x43, 0x10, 0x4C, 0x00, 0x00, 0x7E, 0x00, 0xF7};
    CHECK(inject(h, midi_td::kInjectLong, reinterpret_cast<DWORD_PTR>(sysex), sizeof(sysex)) == MMSYSERR_NOERROR);
    CHECK(hdr.dwBytesRecorded == sizeof(sysex));
    CHECK(std::memcmp(buf, sysex, sizeof(sysex)) == 0);

    REQUIRE(midiInAddBuffer(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
    CHECK(inject(h, midi_td::kInjectLongErr, reinterpret_cast<DWORD_PTR>(sysex), 3) == MMSYSERR_NOERROR);
    REQUIRE(midiInAddBuffer(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
    CHECK(midiInReset(h) == MMSYSERR_NOERROR);  // returns the last buffer
    CHECK((hdr.dwFlags & MHDR_DONE) != 0);
    CHECK(midiInUnprepareHeader(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
    CHECK(midiInStop(h) == MMSYSERR_NOERROR);
    CHECK(midiInClose(h) == MMSYSERR_NOERROR);

    auto seen = cb.seen();
    std::vector<UINT> expect = {MIM_OPEN, MIM_DATA, MIM_ERROR, MIM_DATA, MIM_LONGDATA, MIM_LONGERROR, MIM_LONGDATA,
                                MIM_CLOSE};
    CHECK(cb.messages() == expect);
    REQUIRE(seen.size() == expect.size());
    CHECK(seen[0].handle == h);
    CHECK(seen[1].p1 == 0x00403C90);
    CHECK(seen[1].p2 >= 10);  // milliseconds since midiInStart (30 ms, in GetTickCount steps)
    CHECK(seen[1].p2 < 2000);
    CHECK(seen[2].p1 == 0xF4);
    CHECK(seen[4].p1 == reinterpret_cast<DWORD_PTR>(&hdr));
    CHECK(seen[1].instance == cb.instance());
    for (const Seen& s : seen) CHECK(s.handle == h);
}

TEST_CASE("midi-in: MIDI_IO_STATUS reaches the driver and brings MIM_MOREDATA", "[midi]") {
    Callbacks cb;
    HMIDIIN h = open_fn(cb, MIDI_IO_STATUS);
    CHECK(midiInStart(h) == MMSYSERR_NOERROR);
    CHECK(inject(h, midi_td::kInjectMore, 0x00003C80) == MMSYSERR_NOERROR);
    CHECK(midiInClose(h) == MMSYSERR_NOERROR);
    CHECK(cb.messages() == std::vector<UINT>{MIM_OPEN, MIM_MOREDATA, MIM_CLOSE});
}

TEST_CASE("midi-in: window, thread and event callbacks", "[midi]") {
    SECTION("window") {
        HWND wnd = make_window();
        REQUIRE(wnd);
        HMIDIIN h = nullptr;
        REQUIRE(midiInOpen(&h, 0, reinterpret_cast<DWORD_PTR>(wnd), 0, CALLBACK_WINDOW) == MMSYSERR_NOERROR);
        midiInStart(h);
        inject(h, midi_td::kInjectShort, 0x00213C90);
        CHECK(midiInClose(h) == MMSYSERR_NOERROR);
        auto m = pump(wnd, MM_MIM_OPEN, MM_MIM_MOREDATA, 3);
        REQUIRE(m.size() == 3);
        CHECK(m[0].message == MM_MIM_OPEN);
        CHECK(m[1].message == MM_MIM_DATA);
        CHECK(m[1].lParam == 0x00213C90);
        CHECK(reinterpret_cast<HMIDIIN>(m[1].wParam) == h);
        CHECK(m[2].message == MM_MIM_CLOSE);
        DestroyWindow(wnd);
    }
    SECTION("thread") {
        HMIDIIN h = nullptr;
        REQUIRE(midiInOpen(&h, 0, GetCurrentThreadId(), 0, CALLBACK_THREAD) == MMSYSERR_NOERROR);
        midiInStart(h);
        inject(h, midi_td::kInjectShort, 0x00223C90);
        CHECK(midiInClose(h) == MMSYSERR_NOERROR);
        auto m = pump(nullptr, MM_MIM_OPEN, MM_MIM_MOREDATA, 3);
        REQUIRE(m.size() == 3);
        CHECK(m[1].message == MM_MIM_DATA);
        CHECK(m[1].lParam == 0x00223C90);
    }
    SECTION("event") {
        HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
        HMIDIIN h = nullptr;
        REQUIRE(midiInOpen(&h, 0, reinterpret_cast<DWORD_PTR>(ev), 0, CALLBACK_EVENT) == MMSYSERR_NOERROR);
        CHECK(WaitForSingleObject(ev, 1000) == WAIT_OBJECT_0);  // MIM_OPEN
        midiInStart(h);
        inject(h, midi_td::kInjectShort, 0x00233C90);
        CHECK(WaitForSingleObject(ev, 1000) == WAIT_OBJECT_0);
        CHECK(midiInClose(h) == MMSYSERR_NOERROR);
        CloseHandle(ev);
    }
}

TEST_CASE("midi-in: handle errors and ids", "[midi]") {
    HMIDIIN h = nullptr;
    REQUIRE(midiInOpen(&h, 0, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    UINT id = 7;
    CHECK(midiInGetID(h, &id) == MMSYSERR_NOERROR);
    CHECK(id == 0);
    CHECK(midiInGetID(h, nullptr) == MMSYSERR_INVALPARAM);
    MIDIHDR hdr = {};
    char buf[8];
    hdr.lpData = buf;
    hdr.dwBufferLength = sizeof(buf);
    CHECK(midiInPrepareHeader(h, &hdr, offsetof(MIDIHDR, dwOffset) - 1) == MMSYSERR_INVALPARAM);
    CHECK(midiInPrepareHeader(h, &hdr, offsetof(MIDIHDR, dwOffset)) == MMSYSERR_NOERROR);
    CHECK(midiInUnprepareHeader(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
    CHECK(midiInAddBuffer(h, nullptr, sizeof(hdr)) == MMSYSERR_INVALPARAM);
    // An output handle is no input handle.
    HMIDIOUT o = nullptr;
    REQUIRE(midiOutOpen(&o, 0, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    CHECK(midiInStart(reinterpret_cast<HMIDIIN>(o)) == MMSYSERR_INVALHANDLE);
    CHECK(midiOutShortMsg(reinterpret_cast<HMIDIOUT>(h), 0x90) == MMSYSERR_INVALHANDLE);
    CHECK(midiOutClose(o) == MMSYSERR_NOERROR);
    CHECK(midiInClose(h) == MMSYSERR_NOERROR);
    CHECK(midiInClose(h) == MMSYSERR_INVALHANDLE);
    CHECK(midiInStart(h) == MMSYSERR_INVALHANDLE);
    CHECK(midiInStop(h) == MMSYSERR_INVALHANDLE);
    CHECK(midiInReset(h) == MMSYSERR_INVALHANDLE);
    CHECK(midiInGetID(h, &id) == MMSYSERR_INVALHANDLE);
}

TEST_CASE("midi-in: thru carries MIM_DATA to the connected output", "[midi]") {
    Callbacks cb;
    HMIDIIN in = open_fn(cb);
    HMIDIOUT out = nullptr, other = nullptr;
    REQUIRE(midiOutOpen(&out, 1, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    REQUIRE(midiOutOpen(&other, 0, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    CHECK(midiConnect(reinterpret_cast<HMIDI>(in), out, reinterpret_cast<void*>(1)) == MMSYSERR_INVALPARAM);
    CHECK(midiConnect(reinterpret_cast<HMIDI>(in), nullptr, nullptr) == MMSYSERR_INVALHANDLE);
    CHECK(midiConnect(reinterpret_cast<HMIDI>(out), other, nullptr) == MMSYSERR_INVALHANDLE);
    REQUIRE(midiConnect(reinterpret_cast<HMIDI>(in), out, nullptr) == MMSYSERR_NOERROR);
    // One output per input.
    CHECK(midiConnect(reinterpret_cast<HMIDI>(in), other, nullptr) == MIDIERR_NOTREADY);
    midiInStart(in);
    clear_log();
    inject(in, midi_td::kInjectShort, 0x00553C90);
    inject(in, midi_td::kInjectError, 0x000000F5);  // errors are not passed through
    inject(in, midi_td::kInjectShort, 0x00003C80);
    auto r = records(midi_td::from_mod, MODM_DATA);
    REQUIRE(r.size() == 2);
    CHECK(r[0].p1 == 0x00553C90);
    CHECK(r[0].device == 1);
    CHECK(r[1].p1 == 0x00003C80);
    // The application still gets every message.
    CHECK(cb.messages() == std::vector<UINT>{MIM_OPEN, MIM_DATA, MIM_ERROR, MIM_DATA});

    CHECK(midiDisconnect(reinterpret_cast<HMIDI>(in), out, nullptr) == MMSYSERR_NOERROR);
    clear_log();
    inject(in, midi_td::kInjectShort, 0x00563C90);
    CHECK(records(midi_td::from_mod, MODM_DATA).empty());
    // Connected again, then the output closes: input goes on, thru reaches nothing.
    REQUIRE(midiConnect(reinterpret_cast<HMIDI>(in), other, nullptr) == MMSYSERR_NOERROR);
    CHECK(midiOutClose(other) == MMSYSERR_NOERROR);
    clear_log();
    inject(in, midi_td::kInjectShort, 0x00573C90);
    CHECK(records(midi_td::from_mod, MODM_DATA).empty());
    CHECK(midiInClose(in) == MMSYSERR_NOERROR);
    CHECK(midiOutClose(out) == MMSYSERR_NOERROR);
}

TEST_CASE("midi-in: disconnecting a pair that is not connected is MIDIERR_NOTREADY", "[midi][decision]") {
    HMIDIIN in = nullptr;
    HMIDIOUT out = nullptr, other = nullptr;
    REQUIRE(midiInOpen(&in, 0, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    REQUIRE(midiOutOpen(&out, 0, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    REQUIRE(midiOutOpen(&other, 1, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    CHECK(midiDisconnect(reinterpret_cast<HMIDI>(in), out, nullptr) == MIDIERR_NOTREADY);
    REQUIRE(midiConnect(reinterpret_cast<HMIDI>(in), out, nullptr) == MMSYSERR_NOERROR);
    CHECK(midiDisconnect(reinterpret_cast<HMIDI>(in), other, nullptr) == MIDIERR_NOTREADY);
    CHECK(midiDisconnect(reinterpret_cast<HMIDI>(in), out, reinterpret_cast<void*>(1)) == MMSYSERR_INVALPARAM);
    CHECK(midiDisconnect(reinterpret_cast<HMIDI>(in), out, nullptr) == MMSYSERR_NOERROR);
    CHECK(midiInClose(in) == MMSYSERR_NOERROR);
    CHECK(midiOutClose(out) == MMSYSERR_NOERROR);
    CHECK(midiOutClose(other) == MMSYSERR_NOERROR);
}
