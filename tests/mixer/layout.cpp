// The mixer devices and their layout as Windows (Vista and later) shows them: one mixer per waveOut device, then
// one per waveIn device; on each, one destination with a volume and a mute control, render destinations with a
// waveform-audio output and an audio CD source, capture destinations with one input source; every
// MIXER_GETLINEINFOF_* query and MIXER_GETLINECONTROLSF_* query; ids through every MIXER_OBJECTF_* kind.
#include <windows.h>

#include <mmsystem.h>

#include <catch.hpp>

#include <cstring>
#include <string>

#include "mixer_support.h"

namespace {

struct Counts {
    UINT outs = waveOutGetNumDevs();
    UINT ins = waveInGetNumDevs();
};

MIXERLINEW line(UINT mixer, DWORD query, DWORD dst = 0, DWORD src = 0, DWORD id = 0, DWORD component = 0) {
    MIXERLINEW l;
    std::memset(&l, 0, sizeof(l));
    l.cbStruct = sizeof(l);
    l.dwDestination = dst;
    l.dwSource = src;
    l.dwLineID = id;
    l.dwComponentType = component;
    REQUIRE(mixerGetLineInfoW(reinterpret_cast<HMIXEROBJ>(static_cast<UINT_PTR>(mixer)), &l, query) == MMSYSERR_NOERROR);
    return l;
}

void check_controls(HMIXEROBJ mixer, const MIXERLINEW& l, DWORD first_id) {
    MIXERCONTROLW c[2];
    std::memset(c, 0xcc, sizeof(c));
    MIXERLINECONTROLSW lc = {};
    lc.cbStruct = sizeof(lc);
    lc.dwLineID = l.dwLineID;
    lc.cControls = 2;
    lc.cbmxctrl = sizeof(MIXERCONTROLW);
    lc.pamxctrl = c;
    REQUIRE(mixerGetLineControlsW(mixer, &lc, MIXER_GETLINECONTROLSF_ALL) == MMSYSERR_NOERROR);
    CHECK(c[0].cbStruct == sizeof(MIXERCONTROLW));
    CHECK(c[0].dwControlType == MIXERCONTROL_CONTROLTYPE_VOLUME);
    CHECK(c[0].dwControlID == first_id);
    CHECK(c[0].fdwControl == MIXERCONTROL_CONTROLF_UNIFORM);
    CHECK(c[0].cMultipleItems == 0);
    CHECK(c[0].Bounds.dwMinimum == 0);
    CHECK(c[0].Bounds.dwMaximum == 65535);
    CHECK(c[0].Metrics.cSteps > 0);
    CHECK(c[1].dwControlType == MIXERCONTROL_CONTROLTYPE_MUTE);
    CHECK(c[1].dwControlID == first_id + 1);
    CHECK(c[1].cbStruct == sizeof(MIXERCONTROLW));

    // ONEBYID answers the same control and returns its line.
    for (int k = 0; k < 2; ++k) {
        MIXERCONTROLW one;
        std::memset(&one, 0, sizeof(one));
        MIXERLINECONTROLSW q = {};
        q.cbStruct = sizeof(q);
        q.dwLineID = 0x12345678;
        q.dwControlID = c[k].dwControlID;
        q.cControls = 1;
        q.cbmxctrl = sizeof(one);
        q.pamxctrl = &one;
        REQUIRE(mixerGetLineControlsW(mixer, &q, MIXER_GETLINECONTROLSF_ONEBYID) == MMSYSERR_NOERROR);
        CHECK(std::memcmp(&one, &c[k], sizeof(one)) == 0);
        CHECK(q.dwLineID == l.dwLineID);
        // ONEBYTYPE: the first control of the class on the line.
        std::memset(&one, 0, sizeof(one));
        q.dwLineID = l.dwLineID;
        q.dwControlType = c[k].dwControlType;
        REQUIRE(mixerGetLineControlsW(mixer, &q, MIXER_GETLINECONTROLSF_ONEBYTYPE) == MMSYSERR_NOERROR);
        CHECK(one.dwControlID == c[k].dwControlID);
    }
}

}  // namespace

TEST_CASE("one mixer per waveOut device, then one per waveIn device, named as the wave device") {
    sound_server::require_or_skip();
    Counts n;
    REQUIRE(n.outs > 0);
    REQUIRE(n.ins > 0);
    REQUIRE(mixerGetNumDevs() == n.outs + n.ins);
    for (UINT i = 0; i < n.outs + n.ins; ++i) {
        INFO("mixer " << i);
        MIXERCAPSW caps;
        std::memset(&caps, 0xcc, sizeof(caps));
        REQUIRE(mixerGetDevCapsW(i, &caps, sizeof(caps)) == MMSYSERR_NOERROR);
        CHECK(caps.cDestinations == 1);
        CHECK(caps.fdwSupport == 0);
        if (i < n.outs) {
            WAVEOUTCAPSW w = {};
            REQUIRE(waveOutGetDevCapsW(i, &w, sizeof(w)) == MMSYSERR_NOERROR);
            CHECK(lstrcmpW(caps.szPname, w.szPname) == 0);
        } else {
            WAVEINCAPSW w = {};
            REQUIRE(waveInGetDevCapsW(i - n.outs, &w, sizeof(w)) == MMSYSERR_NOERROR);
            CHECK(lstrcmpW(caps.szPname, w.szPname) == 0);
        }
        MIXERCAPSA a;
        REQUIRE(mixerGetDevCapsA(i, &a, sizeof(a)) == MMSYSERR_NOERROR);
        char expect[MAXPNAMELEN];
        WideCharToMultiByte(CP_ACP, 0, caps.szPname, -1, expect, sizeof(expect), nullptr, nullptr);
        CHECK(std::strcmp(a.szPname, expect) == 0);
        CHECK(a.cDestinations == 1);

        // Only the caller's size is written.
        MIXERCAPSW part;
        std::memset(&part, 0xab, sizeof(part));
        REQUIRE(mixerGetDevCapsW(i, &part, 4) == MMSYSERR_NOERROR);
        CHECK(part.wMid == caps.wMid);
        CHECK(part.wPid == caps.wPid);
        CHECK(reinterpret_cast<unsigned char*>(&part)[4] == 0xab);
        REQUIRE(mixerGetDevCapsW(i, &part, 0) == MMSYSERR_NOERROR);
    }
}

// Wine's mixer.c (mixer_test_deviceA), which passes on Windows: mixerGetDevCaps takes an open HMIXER for the id and
// answers for its device; a line query resets dwUser to 0; a 4-byte mixerGetDevCapsA succeeds.
TEST_CASE("mixerGetDevCaps through an open handle; line queries clear dwUser") {
    sound_server::require_or_skip();
    for (UINT i = 0; i < mixerGetNumDevs(); ++i) {
        INFO("mixer " << i);
        MIXERCAPSA by_id, by_handle;
        REQUIRE(mixerGetDevCapsA(i, &by_id, sizeof(by_id)) == MMSYSERR_NOERROR);
        HMIXER h = nullptr;
        REQUIRE(mixerOpen(&h, i, 0, 0, 0) == MMSYSERR_NOERROR);
        std::memset(&by_handle, 0, sizeof(by_handle));
        CHECK(mixerGetDevCapsA(reinterpret_cast<UINT_PTR>(h), &by_handle, sizeof(by_handle)) == MMSYSERR_NOERROR);
        CHECK(std::strcmp(by_handle.szPname, by_id.szPname) == 0);
        MIXERCAPSA four;
        std::memset(&four, 0xab, sizeof(four));
        CHECK(mixerGetDevCapsA(i, &four, 4) == MMSYSERR_NOERROR);
        CHECK(four.wMid == by_id.wMid);
        CHECK(reinterpret_cast<unsigned char*>(&four)[4] == 0xab);
        MIXERLINEA line;
        std::memset(&line, 0, sizeof(line));
        line.cbStruct = sizeof(line);
        line.dwUser = 0xdeadbeef;
        CHECK(mixerGetLineInfoA(reinterpret_cast<HMIXEROBJ>(h), &line, MIXER_GETLINEINFOF_DESTINATION) == MMSYSERR_NOERROR);
        CHECK(line.dwUser == 0);
        CHECK(mixerClose(h) == MMSYSERR_NOERROR);
    }
}

TEST_CASE("mixerGetID maps every kind of object to its mixer") {
    sound_server::require_or_skip();
    Counts n;
    for (UINT i = 0; i < n.outs + n.ins; ++i) {
        UINT id = 99;
        REQUIRE(mixerGetID(reinterpret_cast<HMIXEROBJ>(static_cast<UINT_PTR>(i)), &id, MIXER_OBJECTF_MIXER) == MMSYSERR_NOERROR);
        CHECK(id == i);
        HMIXER h = nullptr;
        REQUIRE(mixerOpen(&h, i, 0, 0, 0) == MMSYSERR_NOERROR);
        id = 99;
        REQUIRE(mixerGetID(reinterpret_cast<HMIXEROBJ>(h), &id, MIXER_OBJECTF_HMIXER) == MMSYSERR_NOERROR);
        CHECK(id == i);
        id = 99;
        // MIXER_OBJECTF_HMIXER is optional.
        REQUIRE(mixerGetID(reinterpret_cast<HMIXEROBJ>(h), &id, 0) == MMSYSERR_NOERROR);
        CHECK(id == i);
        // A handle opened from a handle is the same mixer.
        HMIXER h2 = nullptr;
        REQUIRE(mixerOpen(&h2, static_cast<UINT>(reinterpret_cast<UINT_PTR>(h)), 0, 0, MIXER_OBJECTF_HMIXER) == MMSYSERR_NOERROR);
        CHECK(h2 != h);
        id = 99;
        REQUIRE(mixerGetID(reinterpret_cast<HMIXEROBJ>(h2), &id, MIXER_OBJECTF_HMIXER) == MMSYSERR_NOERROR);
        CHECK(id == i);
        CHECK(mixerClose(h2) == MMSYSERR_NOERROR);
        CHECK(mixerClose(h) == MMSYSERR_NOERROR);
    }
    for (UINT w = 0; w < n.outs; ++w) {
        UINT id = 99;
        REQUIRE(mixerGetID(reinterpret_cast<HMIXEROBJ>(static_cast<UINT_PTR>(w)), &id, MIXER_OBJECTF_WAVEOUT) == MMSYSERR_NOERROR);
        CHECK(id == w);
    }
    for (UINT w = 0; w < n.ins; ++w) {
        UINT id = 99;
        REQUIRE(mixerGetID(reinterpret_cast<HMIXEROBJ>(static_cast<UINT_PTR>(w)), &id, MIXER_OBJECTF_WAVEIN) == MMSYSERR_NOERROR);
        CHECK(id == n.outs + w);
    }
    // Open wave handles: the mixer of the device the handle is on (waveOutGetID tells which).
    WAVEFORMATEX wf = {WAVE_FORMAT_PCM, 2, 48000, 192000, 4, 16, 0};
    HWAVEOUT wo = nullptr;
    REQUIRE(waveOutOpen(&wo, 0, &wf, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    UINT wave = 99, id = 99;
    REQUIRE(waveOutGetID(wo, &wave) == MMSYSERR_NOERROR);
    REQUIRE(mixerGetID(reinterpret_cast<HMIXEROBJ>(wo), &id, MIXER_OBJECTF_HWAVEOUT) == MMSYSERR_NOERROR);
    CHECK(id == wave);
    HMIXER h = nullptr;
    REQUIRE(mixerOpen(&h, static_cast<UINT>(reinterpret_cast<UINT_PTR>(wo)), 0, 0, MIXER_OBJECTF_HWAVEOUT) == MMSYSERR_NOERROR);
    id = 99;
    REQUIRE(mixerGetID(reinterpret_cast<HMIXEROBJ>(h), &id, 0) == MMSYSERR_NOERROR);
    CHECK(id == wave);
    mixerClose(h);
    waveOutClose(wo);
    HWAVEIN wi = nullptr;
    REQUIRE(waveInOpen(&wi, 0, &wf, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    wave = 99;
    id = 99;
    REQUIRE(waveInGetID(wi, &wave) == MMSYSERR_NOERROR);
    REQUIRE(mixerGetID(reinterpret_cast<HMIXEROBJ>(wi), &id, MIXER_OBJECTF_HWAVEIN) == MMSYSERR_NOERROR);
    CHECK(id == n.outs + wave);
    waveInClose(wi);
    // MIDI and aux objects have no mixer: an existing one gets NODRIVER and -1, a missing one BADDEVICEID.
    struct Kind {
        DWORD flag;
        UINT count;
    } kinds[] = {{MIXER_OBJECTF_MIDIOUT, midiOutGetNumDevs()}, {MIXER_OBJECTF_MIDIIN, midiInGetNumDevs()},
                 {MIXER_OBJECTF_AUX, auxGetNumDevs()}};
    for (const Kind& k : kinds) {
        INFO("flag " << std::hex << k.flag);
        id = 99;
        if (k.count > 0) {
            CHECK(mixerGetID(nullptr, &id, k.flag) == MMSYSERR_NODRIVER);
            CHECK(id == static_cast<UINT>(-1));
        }
        CHECK(mixerGetID(reinterpret_cast<HMIXEROBJ>(static_cast<UINT_PTR>(k.count)), &id, k.flag) == MMSYSERR_BADDEVICEID);
    }
}

TEST_CASE("a render mixer: speakers with a volume and a mute, fed by wave output and audio CD") {
    sound_server::require_or_skip();
    Counts n;
    for (UINT i = 0; i < n.outs; ++i) {
        INFO("mixer " << i);
        auto obj = reinterpret_cast<HMIXEROBJ>(static_cast<UINT_PTR>(i));
        WAVEOUTCAPSW w = {};
        REQUIRE(waveOutGetDevCapsW(i, &w, sizeof(w)) == MMSYSERR_NOERROR);
        MIXERLINEW d = line(i, MIXER_GETLINEINFOF_DESTINATION);
        CHECK(d.cbStruct == sizeof(MIXERLINEW));
        CHECK(d.dwDestination == 0);
        CHECK(d.dwLineID == 0xFFFF0000);
        CHECK(d.dwComponentType == MIXERLINE_COMPONENTTYPE_DST_SPEAKERS);
        CHECK((d.fdwLine & MIXERLINE_LINEF_SOURCE) == 0);
        CHECK((d.fdwLine & MIXERLINE_LINEF_ACTIVE) != 0);
        CHECK(d.cConnections == 2);
        CHECK(d.cControls == 2);
        CHECK(d.cChannels == w.wChannels);
        check_controls(obj, d, 0);

        MIXERLINEW wave = line(i, MIXER_GETLINEINFOF_SOURCE, 0, 0);
        CHECK(wave.dwComponentType == MIXERLINE_COMPONENTTYPE_SRC_WAVEOUT);
        CHECK((wave.fdwLine & MIXERLINE_LINEF_SOURCE) != 0);
        CHECK(wave.dwSource == 0);
        CHECK(wave.cControls == 2);
        CHECK(wave.Target.dwType == MIXERLINE_TARGETTYPE_WAVEOUT);
        CHECK(wave.Target.dwDeviceID == i);
        CHECK(wave.Target.wMid == w.wMid);
        CHECK(wave.Target.wPid == w.wPid);
        CHECK(lstrcmpW(wave.Target.szPname, w.szPname) == 0);
        check_controls(obj, wave, 2);

        MIXERLINEW cd = line(i, MIXER_GETLINEINFOF_SOURCE, 0, 1);
        CHECK(cd.dwComponentType == MIXERLINE_COMPONENTTYPE_SRC_COMPACTDISC);
        CHECK(cd.dwSource == 1);
        CHECK(cd.cControls == 2);
        check_controls(obj, cd, 4);

        // Line ids are unique and every query finds the same lines.
        CHECK(wave.dwLineID != d.dwLineID);
        CHECK(cd.dwLineID != wave.dwLineID);
        for (const MIXERLINEW* l : {&d, &wave, &cd}) {
            MIXERLINEW by_id = line(i, MIXER_GETLINEINFOF_LINEID, 0, 0, l->dwLineID);
            CHECK(std::memcmp(&by_id, l, sizeof(by_id)) == 0);
            MIXERLINEW by_type = line(i, MIXER_GETLINEINFOF_COMPONENTTYPE, 0, 0, 0, l->dwComponentType);
            CHECK(by_type.dwLineID == l->dwLineID);
        }
        MIXERLINEW t;
        std::memset(&t, 0, sizeof(t));
        t.cbStruct = sizeof(t);
        t.Target.dwType = MIXERLINE_TARGETTYPE_WAVEOUT;
        t.Target.wMid = w.wMid;
        t.Target.wPid = w.wPid;
        t.Target.vDriverVersion = w.vDriverVersion;
        lstrcpyW(t.Target.szPname, w.szPname);
        REQUIRE(mixerGetLineInfoW(obj, &t, MIXER_GETLINEINFOF_TARGETTYPE) == MMSYSERR_NOERROR);
        CHECK(t.dwLineID == wave.dwLineID);
        t.Target.dwType = MIXERLINE_TARGETTYPE_WAVEIN;
        CHECK(mixerGetLineInfoW(obj, &t, MIXER_GETLINEINFOF_TARGETTYPE) == MIXERR_INVALLINE);
        t.Target.dwType = MIXERLINE_TARGETTYPE_WAVEOUT;
        lstrcpyW(t.Target.szPname, L"no such device");
        CHECK(mixerGetLineInfoW(obj, &t, MIXER_GETLINEINFOF_TARGETTYPE) == MIXERR_INVALLINE);
        // Types the mixer does not have.
        t.dwComponentType = MIXERLINE_COMPONENTTYPE_DST_WAVEIN;
        CHECK(mixerGetLineInfoW(obj, &t, MIXER_GETLINEINFOF_COMPONENTTYPE) == MIXERR_INVALLINE);
    }
}

TEST_CASE("a capture mixer: wave input with a volume and a mute, fed by one input source") {
    sound_server::require_or_skip();
    Counts n;
    for (UINT i = n.outs; i < n.outs + n.ins; ++i) {
        INFO("mixer " << i);
        auto obj = reinterpret_cast<HMIXEROBJ>(static_cast<UINT_PTR>(i));
        WAVEINCAPSW w = {};
        REQUIRE(waveInGetDevCapsW(i - n.outs, &w, sizeof(w)) == MMSYSERR_NOERROR);
        MIXERLINEW d = line(i, MIXER_GETLINEINFOF_DESTINATION);
        CHECK(d.dwLineID == 0xFFFF0000);
        CHECK(d.dwComponentType == MIXERLINE_COMPONENTTYPE_DST_WAVEIN);
        CHECK(d.cConnections == 1);
        CHECK(d.cControls == 2);
        CHECK(d.Target.dwType == MIXERLINE_TARGETTYPE_WAVEIN);
        CHECK(d.Target.dwDeviceID == i - n.outs);
        CHECK(lstrcmpW(d.Target.szPname, w.szPname) == 0);
        check_controls(obj, d, 0);
        MIXERLINEW s = line(i, MIXER_GETLINEINFOF_SOURCE, 0, 0);
        CHECK((s.fdwLine & MIXERLINE_LINEF_SOURCE) != 0);
        CHECK(s.dwComponentType >= MIXERLINE_COMPONENTTYPE_SRC_FIRST);
        CHECK(s.dwComponentType <= MIXERLINE_COMPONENTTYPE_SRC_LAST);
        check_controls(obj, s, 2);
        MIXERLINEW t;
        std::memset(&t, 0, sizeof(t));
        t.cbStruct = sizeof(t);
        t.Target.dwType = MIXERLINE_TARGETTYPE_WAVEIN;
        lstrcpyW(t.Target.szPname, w.szPname);
        REQUIRE(mixerGetLineInfoW(obj, &t, MIXER_GETLINEINFOF_TARGETTYPE) == MMSYSERR_NOERROR);
        CHECK(t.dwLineID == d.dwLineID);
        MIXERLINEW src1;
        std::memset(&src1, 0, sizeof(src1));
        src1.cbStruct = sizeof(src1);
        src1.dwSource = 1;
        CHECK(mixerGetLineInfoW(obj, &src1, MIXER_GETLINEINFOF_SOURCE) == MIXERR_INVALLINE);
    }
}

TEST_CASE("the A functions return the W answers in the ANSI code page") {
    sound_server::require_or_skip();
    for (UINT i = 0; i < mixerGetNumDevs(); ++i) {
        auto obj = reinterpret_cast<HMIXEROBJ>(static_cast<UINT_PTR>(i));
        for (DWORD s = 0; s < 3; ++s) {
            MIXERLINEW w;
            std::memset(&w, 0, sizeof(w));
            w.cbStruct = sizeof(w);
            w.dwSource = s;
            MIXERLINEA a;
            std::memset(&a, 0, sizeof(a));
            a.cbStruct = sizeof(a);
            a.dwSource = s;
            DWORD q = s == 2 ? MIXER_GETLINEINFOF_DESTINATION : MIXER_GETLINEINFOF_SOURCE;
            MMRESULT rw = mixerGetLineInfoW(obj, &w, q);
            REQUIRE(mixerGetLineInfoA(obj, &a, q) == rw);
            if (rw != MMSYSERR_NOERROR) continue;
            CHECK(a.cbStruct == sizeof(MIXERLINEA));
            CHECK(a.dwLineID == w.dwLineID);
            CHECK(a.dwComponentType == w.dwComponentType);
            CHECK(a.cControls == w.cControls);
            char name[MIXER_LONG_NAME_CHARS], pname[MAXPNAMELEN];
            WideCharToMultiByte(CP_ACP, 0, w.szName, -1, name, sizeof(name), nullptr, nullptr);
            WideCharToMultiByte(CP_ACP, 0, w.Target.szPname, -1, pname, sizeof(pname), nullptr, nullptr);
            CHECK(std::strcmp(a.szName, name) == 0);
            CHECK(std::strcmp(a.Target.szPname, pname) == 0);

            MIXERCONTROLA ca[2];
            MIXERCONTROLW cw[2];
            MIXERLINECONTROLSA la = {sizeof(la), a.dwLineID, {0}, 2, sizeof(MIXERCONTROLA), ca};
            MIXERLINECONTROLSW lw = {sizeof(lw), w.dwLineID, {0}, 2, sizeof(MIXERCONTROLW), cw};
            REQUIRE(mixerGetLineControlsA(obj, &la, MIXER_GETLINECONTROLSF_ALL) == MMSYSERR_NOERROR);
            REQUIRE(mixerGetLineControlsW(obj, &lw, MIXER_GETLINECONTROLSF_ALL) == MMSYSERR_NOERROR);
            for (int k = 0; k < 2; ++k) {
                CHECK(ca[k].cbStruct == sizeof(MIXERCONTROLA));
                CHECK(ca[k].dwControlID == cw[k].dwControlID);
                CHECK(ca[k].dwControlType == cw[k].dwControlType);
                CHECK(ca[k].Bounds.dwMaximum == cw[k].Bounds.dwMaximum);
                char cname[MIXER_LONG_NAME_CHARS];
                WideCharToMultiByte(CP_ACP, 0, cw[k].szName, -1, cname, sizeof(cname), nullptr, nullptr);
                CHECK(std::strcmp(ca[k].szName, cname) == 0);
            }
        }
    }
}

TEST_CASE("mixerMessage answers the system messages as the wave device does, nothing else") {
    sound_server::require_or_skip();
    for (UINT i = 0; i < mixerGetNumDevs(); ++i) {
        INFO("mixer " << i);
        auto hmx = reinterpret_cast<HMIXER>(static_cast<UINT_PTR>(i));
        ULONG bytes = 0;
        REQUIRE(mixerMessage(hmx, DRV_QUERYFUNCTIONINSTANCEIDSIZE, reinterpret_cast<DWORD_PTR>(&bytes), 0) == MMSYSERR_NOERROR);
        REQUIRE(bytes > 2);
        std::wstring id(bytes / 2, L'\0');
        REQUIRE(mixerMessage(hmx, DRV_QUERYFUNCTIONINSTANCEID, reinterpret_cast<DWORD_PTR>(&id[0]), bytes) == MMSYSERR_NOERROR);
        id.resize(lstrlenW(id.c_str()));
        if (i < waveOutGetNumDevs()) CHECK(id == mixer_test::endpoint_of_waveout(i));
        CHECK(mixerMessage(hmx, DRV_USER + 0x100, 0, 0) == MMSYSERR_NOTSUPPORTED);
        HMIXER h = nullptr;
        REQUIRE(mixerOpen(&h, i, 0, 0, 0) == MMSYSERR_NOERROR);
        // "If you supply a handle instead of a device ID, the function fails"
        CHECK(mixerMessage(h, DRV_QUERYFUNCTIONINSTANCEIDSIZE, reinterpret_cast<DWORD_PTR>(&bytes), 0) == MMSYSERR_NOTSUPPORTED);
        mixerClose(h);
    }
}
