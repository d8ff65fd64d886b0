// The mixer acting on what waveOut plays: a constant signal written through waveOutWrite reaches the server scaled
// by the mixer volume and silent while muted. Needs the wave subsystem's streams in winmm's session
// (session_guid.h); where this build still delegates waveOut to the backend, whose streams are in a session of
// its own, the program is skipped (exit 77), never passed.
#include <windows.h>

#include <mmsystem.h>

#include <catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "mixer_support.h"

namespace {

MMRESULT set(UINT mixer, DWORD control, DWORD value) {
    MIXERCONTROLDETAILS d = {};
    d.cbStruct = sizeof(d);
    d.dwControlID = control;
    d.cChannels = 1;
    d.cbDetails = sizeof(DWORD);
    d.paDetails = &value;
    return mixerSetControlDetails(reinterpret_cast<HMIXEROBJ>(static_cast<UINT_PTR>(mixer)), &d, 0);
}

long find_level(const sound_server::Frames& f, float level, long from) {
    for (size_t i = static_cast<size_t>(from) * 2; i < f.size(); i += 2)
        if (std::fabs(f[i] - level) <= 2e-3f) return static_cast<long>(i / 2);
    return -1;
}

}  // namespace

TEST_CASE("waveOut's samples follow the mixer volume and mute") {
    sound_server::require_or_skip();
#if WAVE_DELEGATED
    std::printf("SKIP: waveOut is delegated to the backend in this build; its streams are not in winmm's session\n");
    std::fflush(stdout);
    std::exit(sound_server::kSkipExitCode);
#endif
    UINT dev = mixer_test::waveout_of_sink();
    REQUIRE(dev != static_cast<UINT>(-1));
    UINT mixer = dev;
    REQUIRE(set(mixer, 0, 65535) == MMSYSERR_NOERROR);
    REQUIRE(set(mixer, 1, 0) == MMSYSERR_NOERROR);
    WAVEFORMATEX wf = {WAVE_FORMAT_PCM, 2, 48000, 192000, 4, 16, 0};
    HWAVEOUT wo = nullptr;
    REQUIRE(waveOutOpen(&wo, dev, &wf, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    std::vector<short> samples(48000 * 2 * 4, 16384);  // 4 s at 0.5
    WAVEHDR h = {};
    h.lpData = reinterpret_cast<LPSTR>(samples.data());
    h.dwBufferLength = static_cast<DWORD>(samples.size() * sizeof(short));
    REQUIRE(waveOutPrepareHeader(wo, &h, sizeof(h)) == MMSYSERR_NOERROR);
    sound_server::Recording rec(4.5);
    REQUIRE(rec.started());
    REQUIRE(waveOutWrite(wo, &h, sizeof(h)) == MMSYSERR_NOERROR);
    Sleep(900);
    REQUIRE(set(mixer, 0, 16384) == MMSYSERR_NOERROR);
    Sleep(900);
    REQUIRE(set(mixer, 1, 1) == MMSYSERR_NOERROR);
    Sleep(900);
    REQUIRE(set(mixer, 1, 0) == MMSYSERR_NOERROR);
    REQUIRE(set(mixer, 0, 65535) == MMSYSERR_NOERROR);
    sound_server::Frames f = rec.wait();
    waveOutReset(wo);
    waveOutUnprepareHeader(wo, &h, sizeof(h));
    waveOutClose(wo);
    REQUIRE(!f.empty());
    long full = find_level(f, 0.5f, 0);
    REQUIRE(full >= 0);
    long quarter = find_level(f, 0.5f * 16384 / 65535, full);
    REQUIRE(quarter > full);
    long back = find_level(f, 0.5f, quarter);
    REQUIRE(back > quarter);
    long run = 0, best = 0;
    for (long i = quarter; i < back; ++i) {
        run = f[i * 2] == 0.0f ? run + 1 : 0;
        if (run > best) best = run;
    }
    CHECK(best > 48000 * 4 / 10);
}
