// Many threads at once: opening and closing handles (with and without windows, so the poll thread starts and
// stops under them), reading and setting controls, and closing each other's handles. Nothing may crash, hang or
// hand out a handle twice; every call returns a documented result.
#include <windows.h>

#include <mmsystem.h>

#include <catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "mixer_support.h"

TEST_CASE("8 threads opening, using and closing mixers at once") {
    sound_server::require_or_skip();
    UINT count = mixerGetNumDevs();
    REQUIRE(count > 0);
    HMIXER keep = nullptr;
    REQUIRE(mixerOpen(&keep, 0, 0, 0, 0) == MMSYSERR_NOERROR);
    DWORD saved = 0;
    MIXERCONTROLDETAILS sd = {sizeof(sd), 0, 1, {0}, sizeof(DWORD), &saved};
    REQUIRE(mixerGetControlDetailsW(reinterpret_cast<HMIXEROBJ>(keep), &sd, MIXER_OBJECTF_HMIXER) == MMSYSERR_NOERROR);

    std::atomic<int> bad{0}, opened{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            mixer_test::MessageWindow window;  // owned by this thread; its queue is drained below
            for (int i = 0; i < 100; ++i) {
                HMIXER h = nullptr;
                UINT id = static_cast<UINT>((t + i) % count);
                DWORD_PTR cb = (i % 3 == 0) ? reinterpret_cast<DWORD_PTR>(window.hwnd()) : 0;
                if (mixerOpen(&h, id, cb, 0, cb ? CALLBACK_WINDOW : 0) != MMSYSERR_NOERROR) {
                    ++bad;
                    continue;
                }
                ++opened;
                UINT back = 99;
                if (mixerGetID(reinterpret_cast<HMIXEROBJ>(h), &back, MIXER_OBJECTF_HMIXER) != MMSYSERR_NOERROR || back != id) ++bad;
                DWORD v = 0;
                MIXERCONTROLDETAILS d = {sizeof(d), static_cast<DWORD>(i % 2), 1, {0}, sizeof(DWORD), &v};
                if (mixerGetControlDetailsW(reinterpret_cast<HMIXEROBJ>(h), &d, MIXER_OBJECTF_HMIXER) != MMSYSERR_NOERROR) ++bad;
                if (i % 5 == 0 && id == 0) {
                    v = 40000 + static_cast<DWORD>(t);
                    d.dwControlID = 0;
                    if (mixerSetControlDetails(reinterpret_cast<HMIXEROBJ>(h), &d, MIXER_OBJECTF_HMIXER) != MMSYSERR_NOERROR) ++bad;
                }
                if (mixerClose(h) != MMSYSERR_NOERROR) ++bad;
                // Closed is closed, whichever thread asks.
                if (mixerClose(h) != MMSYSERR_INVALHANDLE) ++bad;
                window.collect(0);
            }
        });
    }
    for (auto& th : threads) th.join();
    CHECK(bad == 0);
    CHECK(opened == 800);
    sd.paDetails = &saved;
    CHECK(mixerSetControlDetails(reinterpret_cast<HMIXEROBJ>(keep), &sd, MIXER_OBJECTF_HMIXER) == MMSYSERR_NOERROR);
    CHECK(mixerClose(keep) == MMSYSERR_NOERROR);
}
