// Bad input to every mixer export: Windows' documented error (and the one Wine's conformance tests record on
// Windows where they check it), never a crash. Error values: mmsystem.h.
#include <windows.h>

#include <mmsystem.h>

#include <catch.hpp>

#include <cstring>

#include "mixer_support.h"

namespace {

HMIXEROBJ obj(UINT_PTR v) { return reinterpret_cast<HMIXEROBJ>(v); }

// A value that is neither a device id nor an open handle.
constexpr UINT_PTR kJunk = 0x6D7F1234;

MIXERLINEW good_line() {
    MIXERLINEW l;
    std::memset(&l, 0, sizeof(l));
    l.cbStruct = sizeof(l);
    return l;
}

}  // namespace

TEST_CASE("mixerGetDevCaps: null caps, bad ids") {
    sound_server::require_or_skip();
    UINT n = mixerGetNumDevs();
    MIXERCAPSW w;
    MIXERCAPSA a;
    CHECK(mixerGetDevCapsW(0, nullptr, sizeof(w)) == MMSYSERR_INVALPARAM);
    CHECK(mixerGetDevCapsA(0, nullptr, sizeof(a)) == MMSYSERR_INVALPARAM);
    CHECK(mixerGetDevCapsW(n, &w, sizeof(w)) == MMSYSERR_BADDEVICEID);
    CHECK(mixerGetDevCapsA(n + 1, &a, sizeof(a)) == MMSYSERR_BADDEVICEID);
    // There is no mixer mapper.
    CHECK(mixerGetDevCapsW(static_cast<UINT_PTR>(-1), &w, sizeof(w)) == MMSYSERR_BADDEVICEID);
    CHECK(mixerGetDevCapsW(kJunk, &w, sizeof(w)) == MMSYSERR_BADDEVICEID);
}

TEST_CASE("mixerOpen: null handle pointer, bad ids, bad flags, bad callbacks") {
    sound_server::require_or_skip();
    UINT n = mixerGetNumDevs();
    HMIXER h = reinterpret_cast<HMIXER>(0x1);
    CHECK(mixerOpen(nullptr, 0, 0, 0, 0) == MMSYSERR_INVALPARAM);
    CHECK(mixerOpen(&h, n, 0, 0, 0) == MMSYSERR_BADDEVICEID);
    CHECK(mixerOpen(&h, n + 1, 0, 0, 0) == MMSYSERR_BADDEVICEID);
    CHECK(mixerOpen(&h, static_cast<UINT>(-1), 0, 0, 0) == MMSYSERR_BADDEVICEID);
    // Wine's tests on Windows (mixer.c, test_mixerOpen): CALLBACK_FUNCTION is an invalid flag; a bad window an
    // invalid parameter. (CALLBACK_THREAD and CALLBACK_EVENT open: below.)
    CHECK(mixerOpen(&h, 0, 0, 0, CALLBACK_FUNCTION) == MMSYSERR_INVALFLAG);
    CHECK(mixerOpen(&h, 0, 0xdeadbeef, 0, CALLBACK_WINDOW) == MMSYSERR_INVALPARAM);
    CHECK(mixerOpen(&h, 0, 0, 0, 0x00000100) == MMSYSERR_INVALFLAG);
    CHECK(mixerOpen(&h, 0, 0, 0, 0x60000000) == MMSYSERR_INVALFLAG);  // no such object type
    CHECK(mixerOpen(&h, static_cast<UINT>(kJunk), 0, 0, MIXER_OBJECTF_HMIXER) == MMSYSERR_INVALHANDLE);
    CHECK(mixerOpen(&h, waveOutGetNumDevs(), 0, 0, MIXER_OBJECTF_WAVEOUT) == MMSYSERR_BADDEVICEID);
    CHECK(mixerOpen(&h, waveInGetNumDevs(), 0, 0, MIXER_OBJECTF_WAVEIN) == MMSYSERR_BADDEVICEID);
    CHECK(mixerOpen(&h, 0x1234, 0, 0, MIXER_OBJECTF_HWAVEOUT) == MMSYSERR_INVALHANDLE);
    CHECK(mixerOpen(&h, 0x1234, 0, 0, MIXER_OBJECTF_HWAVEIN) == MMSYSERR_INVALHANDLE);
    CHECK(h == reinterpret_cast<HMIXER>(0x1));  // untouched by every failure
    // A null window with CALLBACK_WINDOW is allowed, and so are CALLBACK_THREAD and CALLBACK_EVENT with no target
    // (Windows since Windows 2000, per Wine's mixer.c).
    for (DWORD kind : {CALLBACK_WINDOW, CALLBACK_THREAD, CALLBACK_EVENT}) {
        h = nullptr;
        REQUIRE(mixerOpen(&h, 0, 0, 0, kind) == MMSYSERR_NOERROR);
        CHECK(mixerClose(h) == MMSYSERR_NOERROR);
    }
}

TEST_CASE("mixerClose: null, junk and closed handles") {
    sound_server::require_or_skip();
    CHECK(mixerClose(nullptr) == MMSYSERR_INVALHANDLE);
    CHECK(mixerClose(reinterpret_cast<HMIXER>(kJunk)) == MMSYSERR_INVALHANDLE);
    CHECK(mixerClose(reinterpret_cast<HMIXER>(static_cast<UINT_PTR>(0))) == MMSYSERR_INVALHANDLE);
    HMIXER h = nullptr;
    REQUIRE(mixerOpen(&h, 0, 0, 0, 0) == MMSYSERR_NOERROR);
    REQUIRE(mixerClose(h) == MMSYSERR_NOERROR);
    CHECK(mixerClose(h) == MMSYSERR_INVALHANDLE);
    UINT id = 5;
    CHECK(mixerGetID(reinterpret_cast<HMIXEROBJ>(h), &id, MIXER_OBJECTF_HMIXER) == MMSYSERR_INVALHANDLE);
    // A reused slot gets a new handle value: the old one stays dead.
    HMIXER h2 = nullptr;
    REQUIRE(mixerOpen(&h2, 0, 0, 0, 0) == MMSYSERR_NOERROR);
    CHECK(h2 != h);
    CHECK(mixerClose(h) == MMSYSERR_INVALHANDLE);
    CHECK(mixerClose(h2) == MMSYSERR_NOERROR);
}

TEST_CASE("mixerGetID: null id pointer, bad flags, bad objects") {
    sound_server::require_or_skip();
    UINT id = 7;
    CHECK(mixerGetID(obj(0), nullptr, 0) == MMSYSERR_INVALPARAM);
    CHECK(mixerGetID(obj(0), &id, 0x12345) == MMSYSERR_INVALFLAG);
    CHECK(mixerGetID(obj(0), &id, 0xF0000000) == MMSYSERR_INVALFLAG);
    CHECK(mixerGetID(obj(mixerGetNumDevs()), &id, MIXER_OBJECTF_MIXER) == MMSYSERR_BADDEVICEID);
    CHECK(mixerGetID(obj(kJunk), &id, MIXER_OBJECTF_HMIXER) == MMSYSERR_INVALHANDLE);
    CHECK(mixerGetID(obj(0x1234), &id, MIXER_OBJECTF_HWAVEOUT) == MMSYSERR_INVALHANDLE);
    CHECK(mixerGetID(obj(0x1234), &id, MIXER_OBJECTF_HMIDIOUT) == MMSYSERR_INVALHANDLE);
    CHECK(mixerGetID(obj(0x1234), &id, MIXER_OBJECTF_HMIDIIN) == MMSYSERR_INVALHANDLE);
    CHECK(mixerGetID(obj(waveOutGetNumDevs()), &id, MIXER_OBJECTF_WAVEOUT) == MMSYSERR_BADDEVICEID);
    CHECK(id == 7);
}

TEST_CASE("mixerGetLineInfo: null or short structures, bad flags, bad lines") {
    sound_server::require_or_skip();
    MIXERLINEW l = good_line();
    MIXERLINEA a;
    std::memset(&a, 0, sizeof(a));
    CHECK(mixerGetLineInfoW(obj(0), nullptr, MIXER_GETLINEINFOF_DESTINATION) == MMSYSERR_INVALPARAM);
    CHECK(mixerGetLineInfoA(obj(0), nullptr, MIXER_GETLINEINFOF_DESTINATION) == MMSYSERR_INVALPARAM);
    l.cbStruct = 0;
    CHECK(mixerGetLineInfoW(obj(0), &l, MIXER_GETLINEINFOF_DESTINATION) == MMSYSERR_INVALPARAM);
    l.cbStruct = sizeof(MIXERLINEA);  // the A size is too small for W
    CHECK(mixerGetLineInfoW(obj(0), &l, MIXER_GETLINEINFOF_DESTINATION) == MMSYSERR_INVALPARAM);
    a.cbStruct = sizeof(a) - 1;
    CHECK(mixerGetLineInfoA(obj(0), &a, MIXER_GETLINEINFOF_DESTINATION) == MMSYSERR_INVALPARAM);
    l = good_line();
    CHECK(mixerGetLineInfoW(obj(0), &l, static_cast<DWORD>(-1)) == MMSYSERR_INVALFLAG);
    CHECK(mixerGetLineInfoW(obj(0), &l, 0x5) == MMSYSERR_INVALFLAG);
    CHECK(mixerGetLineInfoW(obj(0), &l, 0xF) == MMSYSERR_INVALFLAG);
    CHECK(mixerGetLineInfoW(obj(0), &l, 0x100) == MMSYSERR_INVALFLAG);
    CHECK(mixerGetLineInfoW(obj(mixerGetNumDevs()), &l, MIXER_GETLINEINFOF_DESTINATION) == MMSYSERR_BADDEVICEID);
    CHECK(mixerGetLineInfoW(obj(kJunk), &l, MIXER_GETLINEINFOF_DESTINATION | MIXER_OBJECTF_HMIXER) == MMSYSERR_INVALHANDLE);
    CHECK(mixerGetLineInfoW(obj(0), &l, MIXER_GETLINEINFOF_DESTINATION | MIXER_OBJECTF_MIDIOUT) ==
          (midiOutGetNumDevs() ? MMSYSERR_NODRIVER : MMSYSERR_BADDEVICEID));
    l.dwDestination = 1;
    CHECK(mixerGetLineInfoW(obj(0), &l, MIXER_GETLINEINFOF_DESTINATION) == MIXERR_INVALLINE);
    l = good_line();
    l.dwSource = 2;
    CHECK(mixerGetLineInfoW(obj(0), &l, MIXER_GETLINEINFOF_SOURCE) == MIXERR_INVALLINE);
    l.dwSource = 0;
    l.dwDestination = 1;
    CHECK(mixerGetLineInfoW(obj(0), &l, MIXER_GETLINEINFOF_SOURCE) == MIXERR_INVALLINE);
    for (DWORD id : {0x00000002u, 0xFFFF0001u, 0x00010000u, 0xFFFE0000u, 0x12345678u}) {
        l = good_line();
        l.dwLineID = id;
        CHECK(mixerGetLineInfoW(obj(0), &l, MIXER_GETLINEINFOF_LINEID) == MIXERR_INVALLINE);
    }
    l = good_line();
    l.dwComponentType = MIXERLINE_COMPONENTTYPE_SRC_PCSPEAKER;
    CHECK(mixerGetLineInfoW(obj(0), &l, MIXER_GETLINEINFOF_COMPONENTTYPE) == MIXERR_INVALLINE);
    l = good_line();
    l.Target.dwType = MIXERLINE_TARGETTYPE_MIDIOUT;
    CHECK(mixerGetLineInfoW(obj(0), &l, MIXER_GETLINEINFOF_TARGETTYPE) == MIXERR_INVALLINE);
    // A failed query leaves the structure as it was.
    l = good_line();
    l.dwDestination = 9;
    MIXERLINEW before = l;
    CHECK(mixerGetLineInfoW(obj(0), &l, MIXER_GETLINEINFOF_DESTINATION) == MIXERR_INVALLINE);
    CHECK(std::memcmp(&l, &before, sizeof(l)) == 0);
}

TEST_CASE("mixerGetLineControls: null or short structures, wrong counts, bad flags, lines and controls") {
    sound_server::require_or_skip();
    MIXERCONTROLW c[4];
    MIXERLINECONTROLSW lc = {sizeof(lc), 0xFFFF0000, {0}, 2, sizeof(MIXERCONTROLW), c};
    auto again = [&] { lc = {sizeof(lc), 0xFFFF0000, {0}, 2, sizeof(MIXERCONTROLW), c}; };
    CHECK(mixerGetLineControlsW(obj(0), nullptr, MIXER_GETLINECONTROLSF_ALL) == MMSYSERR_INVALPARAM);
    CHECK(mixerGetLineControlsA(obj(0), nullptr, MIXER_GETLINECONTROLSF_ALL) == MMSYSERR_INVALPARAM);
    lc.cbStruct = 10;
    CHECK(mixerGetLineControlsW(obj(0), &lc, MIXER_GETLINECONTROLSF_ALL) == MMSYSERR_INVALPARAM);
    again();
    CHECK(mixerGetLineControlsW(obj(0), &lc, static_cast<DWORD>(-1)) == MMSYSERR_INVALFLAG);
    CHECK(mixerGetLineControlsW(obj(0), &lc, 0x3) == MMSYSERR_INVALFLAG);
    CHECK(mixerGetLineControlsW(obj(mixerGetNumDevs()), &lc, MIXER_GETLINECONTROLSF_ALL) == MMSYSERR_BADDEVICEID);
    CHECK(mixerGetLineControlsW(obj(kJunk), &lc, MIXER_OBJECTF_HMIXER) == MMSYSERR_INVALHANDLE);
    for (DWORD count : {0u, 1u, 3u}) {
        lc.cControls = count;
        CHECK(mixerGetLineControlsW(obj(0), &lc, MIXER_GETLINECONTROLSF_ALL) == MMSYSERR_INVALPARAM);
    }
    again();
    lc.cbmxctrl = sizeof(MIXERCONTROLW) - 1;
    CHECK(mixerGetLineControlsW(obj(0), &lc, MIXER_GETLINECONTROLSF_ALL) == MMSYSERR_INVALPARAM);
    again();
    lc.pamxctrl = nullptr;
    CHECK(mixerGetLineControlsW(obj(0), &lc, MIXER_GETLINECONTROLSF_ALL) == MMSYSERR_INVALPARAM);
    again();
    lc.dwLineID = 0x00000007;
    CHECK(mixerGetLineControlsW(obj(0), &lc, MIXER_GETLINECONTROLSF_ALL) == MIXERR_INVALLINE);
    again();
    lc.cControls = 1;
    lc.dwControlID = 99;
    CHECK(mixerGetLineControlsW(obj(0), &lc, MIXER_GETLINECONTROLSF_ONEBYID) == MIXERR_INVALCONTROL);
    lc.dwControlID = 0;
    lc.cControls = 2;
    CHECK(mixerGetLineControlsW(obj(0), &lc, MIXER_GETLINECONTROLSF_ONEBYID) == MMSYSERR_INVALPARAM);
    again();
    lc.cControls = 1;
    lc.dwControlType = MIXERCONTROL_CONTROLTYPE_BASS;
    CHECK(mixerGetLineControlsW(obj(0), &lc, MIXER_GETLINECONTROLSF_ONEBYTYPE) == MIXERR_INVALCONTROL);
    lc.dwControlType = MIXERCONTROL_CONTROLTYPE_MUTE;
    lc.dwLineID = 0x12345;
    CHECK(mixerGetLineControlsW(obj(0), &lc, MIXER_GETLINECONTROLSF_ONEBYTYPE) == MIXERR_INVALLINE);

    MIXERCONTROLA ca[2];
    MIXERLINECONTROLSA la = {sizeof(la), 0xFFFF0000, {0}, 2, sizeof(MIXERCONTROLA) - 1, ca};
    CHECK(mixerGetLineControlsA(obj(0), &la, MIXER_GETLINECONTROLSF_ALL) == MMSYSERR_INVALPARAM);
    la.cbmxctrl = sizeof(MIXERCONTROLA);
    la.cControls = 100;
    CHECK(mixerGetLineControlsA(obj(0), &la, MIXER_GETLINECONTROLSF_ALL) == MMSYSERR_INVALPARAM);
    la.cControls = 2;
    CHECK(mixerGetLineControlsA(obj(0), &la, static_cast<DWORD>(-1)) == MMSYSERR_INVALFLAG);
    la.cbStruct = sizeof(la) - 1;
    CHECK(mixerGetLineControlsA(obj(0), &la, MIXER_GETLINECONTROLSF_ALL) == MMSYSERR_INVALPARAM);
}

TEST_CASE("mixerGetControlDetails and mixerSetControlDetails: bad structures, channels, flags, controls, values") {
    sound_server::require_or_skip();
    mixer_test::ComInit com;
    DWORD v[4] = {};
    MIXERCONTROLDETAILS d;
    auto again = [&] {
        std::memset(&d, 0, sizeof(d));
        d.cbStruct = sizeof(d);
        d.dwControlID = 0;
        d.cChannels = 1;
        d.cbDetails = sizeof(DWORD);
        d.paDetails = v;
    };
    again();
    for (int set = 0; set < 2; ++set) {
        INFO("set " << set);
        auto call = [&](HMIXEROBJ o, MIXERCONTROLDETAILS* p, DWORD f) {
            return set ? mixerSetControlDetails(o, p, f) : mixerGetControlDetailsW(o, p, f);
        };
        // A reading of the current value makes the set calls harmless.
        again();
        REQUIRE(mixerGetControlDetailsW(obj(0), &d, MIXER_GETCONTROLDETAILSF_VALUE) == MMSYSERR_NOERROR);
        CHECK(call(obj(0), nullptr, 0) == MMSYSERR_INVALPARAM);
        d.cbStruct = sizeof(d) - 1;
        CHECK(call(obj(0), &d, 0) == MMSYSERR_INVALPARAM);
        again();
        d.paDetails = nullptr;
        CHECK(call(obj(0), &d, 0) == MMSYSERR_INVALPARAM);
        again();
        d.cbDetails = 2;
        CHECK(call(obj(0), &d, 0) == MMSYSERR_INVALPARAM);
        again();
        d.cChannels = 0;
        CHECK(call(obj(0), &d, 0) == MMSYSERR_INVALPARAM);
        d.cChannels = 3;  // neither 1 nor the line's channel count (2 here)
        CHECK(call(obj(0), &d, 0) == MMSYSERR_INVALPARAM);
        again();
        d.cMultipleItems = 2;
        CHECK(call(obj(0), &d, 0) == MMSYSERR_INVALPARAM);
        again();
        d.dwControlID = 6;  // a render mixer has controls 0..5
        CHECK(call(obj(0), &d, 0) == MIXERR_INVALCONTROL);
        d.dwControlID = 0xFFFFFFFF;
        CHECK(call(obj(0), &d, 0) == MIXERR_INVALCONTROL);
        again();
        CHECK(call(obj(0), &d, 0x10) == MMSYSERR_INVALFLAG);
        CHECK(call(obj(0), &d, 0x2) == MMSYSERR_INVALFLAG);
        CHECK(call(obj(0), &d, 1) == MMSYSERR_INVALPARAM);  // LISTTEXT / CUSTOM: no such control here
        CHECK(call(obj(mixerGetNumDevs()), &d, 0) == MMSYSERR_BADDEVICEID);
        CHECK(call(obj(kJunk), &d, MIXER_OBJECTF_HMIXER) == MMSYSERR_INVALHANDLE);
    }
    // A volume beyond the control's bounds changes nothing.
    again();
    REQUIRE(mixerGetControlDetailsW(obj(0), &d, 0) == MMSYSERR_NOERROR);
    DWORD before = v[0];
    v[0] = 65536;
    CHECK(mixerSetControlDetails(obj(0), &d, 0) == MIXERR_INVALVALUE);
    v[0] = 0;
    REQUIRE(mixerGetControlDetailsW(obj(0), &d, 0) == MMSYSERR_NOERROR);
    CHECK(v[0] == before);
}

TEST_CASE("mixerMessage: handles and bad ids") {
    sound_server::require_or_skip();
    CHECK(mixerMessage(reinterpret_cast<HMIXER>(static_cast<UINT_PTR>(mixerGetNumDevs())), DRV_USER, 0, 0) == MMSYSERR_BADDEVICEID);
    CHECK(mixerMessage(reinterpret_cast<HMIXER>(kJunk), DRV_USER, 0, 0) == MMSYSERR_BADDEVICEID);
}
