// The mixer's volume and mute are the process's audio session on the endpoint ("Audio Mixers in Windows Vista":
// changes affect the calling application, not the others). Proved three ways: the session (seen through MMDevAPI)
// holds what the mixer set; samples a stream of the session sends reach the server scaled by the mixer volume and
// silent when muted; and the server's own sink volume (pactl) neither moves with the mixer nor moves it.
#include <windows.h>

#include <mmsystem.h>

#include <catch.hpp>

#include <cmath>
#include <cstring>
#include <string>

#include "mixer_support.h"

using mixer_test::ComInit;
using mixer_test::Session;

namespace {

MMRESULT get(UINT mixer, DWORD control, DWORD* value) {
    MIXERCONTROLDETAILS d = {};
    d.cbStruct = sizeof(d);
    d.dwControlID = control;
    d.cChannels = 1;
    d.cbDetails = sizeof(DWORD);
    d.paDetails = value;
    return mixerGetControlDetailsW(reinterpret_cast<HMIXEROBJ>(static_cast<UINT_PTR>(mixer)), &d, MIXER_GETCONTROLDETAILSF_VALUE);
}

MMRESULT set(UINT mixer, DWORD control, DWORD value) {
    MIXERCONTROLDETAILS d = {};
    d.cbStruct = sizeof(d);
    d.dwControlID = control;
    d.cChannels = 1;
    d.cbDetails = sizeof(DWORD);
    d.paDetails = &value;
    return mixerSetControlDetails(reinterpret_cast<HMIXEROBJ>(static_cast<UINT_PTR>(mixer)), &d, MIXER_SETCONTROLDETAILSF_VALUE);
}

std::wstring endpoint_of_mixer(UINT mixer) {
    ULONG bytes = 0;
    auto h = reinterpret_cast<HMIXER>(static_cast<UINT_PTR>(mixer));
    if (mixerMessage(h, DRV_QUERYFUNCTIONINSTANCEIDSIZE, reinterpret_cast<DWORD_PTR>(&bytes), 0) != MMSYSERR_NOERROR) return {};
    std::wstring id(bytes / 2 + 1, L'\0');
    if (mixerMessage(h, DRV_QUERYFUNCTIONINSTANCEID, reinterpret_cast<DWORD_PTR>(&id[0]), bytes) != MMSYSERR_NOERROR) return {};
    id.resize(lstrlenW(id.c_str()));
    return id;
}

// Puts the session back as the case found it.
struct Restore {
    UINT mixer;
    DWORD volume = 0, mute = 0;
    explicit Restore(UINT m) : mixer(m) {
        get(mixer, 0, &volume);
        get(mixer, 1, &mute);
    }
    ~Restore() {
        set(mixer, 0, volume);
        set(mixer, 1, mute);
    }
};

// First frame at or after `from` whose left sample is within tol of level, or -1.
long find_level(const sound_server::Frames& f, float level, long from = 0, float tol = 1e-3f) {
    for (size_t i = static_cast<size_t>(from) * 2; i < f.size(); i += 2)
        if (std::fabs(f[i] - level) <= tol) return static_cast<long>(i / 2);
    return -1;
}

// Length in frames of the longest run of exact silence in [from, to).
long longest_silence(const sound_server::Frames& f, long from, long to) {
    long best = 0, run = 0;
    for (long i = from; i < to && static_cast<size_t>(i) * 2 + 1 < f.size(); ++i) {
        run = (f[i * 2] == 0.0f && f[i * 2 + 1] == 0.0f) ? run + 1 : 0;
        if (run > best) best = run;
    }
    return best;
}

}  // namespace

TEST_CASE("every volume and mute control of a mixer is its endpoint's winmm session volume and mute") {
    sound_server::require_or_skip();
    ComInit com;
    for (UINT m = 0; m < mixerGetNumDevs(); ++m) {
        INFO("mixer " << m);
        std::wstring endpoint = endpoint_of_mixer(m);
        REQUIRE(!endpoint.empty());
        Session session(endpoint);
        REQUIRE(session.ok());
        Restore restore(m);
        UINT controls = m < waveOutGetNumDevs() ? 6 : 4;
        for (DWORD value : {0u, 1u, 12345u, 32768u, 65534u, 65535u}) {
            REQUIRE(set(m, 0, value) == MMSYSERR_NOERROR);
            CHECK(std::fabs(session.volume() - value / 65535.0f) < 1e-6f);
            for (DWORD c = 0; c < controls; c += 2) {
                DWORD got = 0xdead;
                REQUIRE(get(m, c, &got) == MMSYSERR_NOERROR);
                CHECK(got == value);
            }
        }
        // Through a source line's control: the same software volume.
        REQUIRE(set(m, 2, 20000) == MMSYSERR_NOERROR);
        DWORD got = 0;
        REQUIRE(get(m, 0, &got) == MMSYSERR_NOERROR);
        CHECK(got == 20000);
        // And what the session is told from elsewhere is what the mixer reads.
        session.set_volume(0.75f);
        REQUIRE(get(m, 0, &got) == MMSYSERR_NOERROR);
        CHECK(got == 49151);  // round(0.75 * 65535)
        REQUIRE(set(m, 1, 1) == MMSYSERR_NOERROR);
        CHECK(session.mute());
        for (DWORD c = 1; c < controls; c += 2) {
            REQUIRE(get(m, c, &got) == MMSYSERR_NOERROR);
            CHECK(got == 1);
        }
        REQUIRE(set(m, controls - 1, 0) == MMSYSERR_NOERROR);
        CHECK_FALSE(session.mute());
        session.set_mute(true);
        REQUIRE(get(m, 1, &got) == MMSYSERR_NOERROR);
        CHECK(got == 1);
        // Both channels of a uniform control read the same value.
        DWORD two[2] = {7, 7};
        MIXERCONTROLDETAILS d = {};
        d.cbStruct = sizeof(d);
        d.dwControlID = 0;
        d.cChannels = 2;
        d.cbDetails = sizeof(DWORD);
        d.paDetails = two;
        REQUIRE(mixerGetControlDetailsA(reinterpret_cast<HMIXEROBJ>(static_cast<UINT_PTR>(m)), &d, 0) == MMSYSERR_NOERROR);
        CHECK(two[0] == 49151);
        CHECK(two[1] == 49151);
    }
}

TEST_CASE("the level a stream of the session reaches the server with follows the mixer volume and mute") {
    sound_server::require_or_skip();
    ComInit com;
    UINT m = mixer_test::waveout_of_sink();
    REQUIRE(m != static_cast<UINT>(-1));  // the render mixer of winmm_out is the waveOut device's id
    std::wstring endpoint = endpoint_of_mixer(m);
    Restore restore(m);
    REQUIRE(set(m, 0, 65535) == MMSYSERR_NOERROR);
    REQUIRE(set(m, 1, 0) == MMSYSERR_NOERROR);
    mixer_test::Stream stream(endpoint);
    REQUIRE(stream.ok());
    sound_server::Recording rec(4.0);
    REQUIRE(rec.started());
    stream.play(0.5f, 800);
    REQUIRE(set(m, 0, 16384) == MMSYSERR_NOERROR);  // a quarter
    stream.play(0.5f, 800);
    REQUIRE(set(m, 1, 1) == MMSYSERR_NOERROR);
    stream.play(0.5f, 800);
    REQUIRE(set(m, 1, 0) == MMSYSERR_NOERROR);
    REQUIRE(set(m, 0, 65535) == MMSYSERR_NOERROR);
    stream.play(0.5f, 800);
    sound_server::Frames f = rec.wait();
    REQUIRE(!f.empty());
    long full = find_level(f, 0.5f);
    REQUIRE(full >= 0);
    long quarter = find_level(f, 0.5f * 16384 / 65535, full);
    REQUIRE(quarter > full);
    long back = find_level(f, 0.5f, quarter);
    REQUIRE(back > quarter);
    // Muted: at least 0.4 s of exact silence between the quarter level and the return to full level.
    CHECK(longest_silence(f, quarter, back) > 48000 * 4 / 10);
    // While the volume was a quarter, nothing at full level came through.
    long muted_from = quarter + 48000 / 2;
    CHECK(mixer_test::peak(f, quarter, std::min(muted_from, back)) < 0.13f);
}

TEST_CASE("the mixer is the process's: the server's sink volume neither follows it nor moves it") {
    sound_server::require_or_skip();
    ComInit com;
    UINT m = mixer_test::waveout_of_sink();
    REQUIRE(m != static_cast<UINT>(-1));
    Restore restore(m);
    std::string before = mixer_test::unix_output("pactl get-sink-volume winmm_out; pactl get-sink-mute winmm_out");
    REQUIRE(before.find("Volume:") != std::string::npos);
    REQUIRE(set(m, 0, 20000) == MMSYSERR_NOERROR);
    REQUIRE(set(m, 1, 1) == MMSYSERR_NOERROR);
    CHECK(mixer_test::unix_output("pactl get-sink-volume winmm_out; pactl get-sink-mute winmm_out") == before);
    mixer_test::unix_output("pactl set-sink-volume winmm_out 40%; pactl set-sink-mute winmm_out 0");
    CHECK(mixer_test::unix_output("pactl get-sink-volume winmm_out").find("40%") != std::string::npos);
    DWORD got = 0;
    REQUIRE(get(m, 0, &got) == MMSYSERR_NOERROR);
    CHECK(got == 20000);
    REQUIRE(get(m, 1, &got) == MMSYSERR_NOERROR);
    CHECK(got == 1);
    mixer_test::unix_output("pactl set-sink-volume winmm_out 100%");
}
