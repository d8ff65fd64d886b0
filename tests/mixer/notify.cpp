// MM_MIXM_CONTROL_CHANGE: a mixer opened with CALLBACK_WINDOW hears of every change of its endpoint's volume or
// mute, for every control that shows it (all volume controls are one software volume, so each of them changed:
// "Audio Mixers in Windows Vista"), wParam the HMIXER, lParam the control id; whether the change came through
// another mixer handle or from outside the mixer (the session changed directly).
#include <windows.h>

#include <mmsystem.h>

#include <catch.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "mixer_support.h"

using mixer_test::MessageWindow;

namespace {

MMRESULT set(HMIXER h, DWORD control, DWORD value) {
    MIXERCONTROLDETAILS d = {};
    d.cbStruct = sizeof(d);
    d.dwControlID = control;
    d.cChannels = 1;
    d.cbDetails = sizeof(DWORD);
    d.paDetails = &value;
    return mixerSetControlDetails(reinterpret_cast<HMIXEROBJ>(h), &d, MIXER_SETCONTROLDETAILSF_VALUE | MIXER_OBJECTF_HMIXER);
}

DWORD get(HMIXER h, DWORD control) {
    DWORD value = 0xdead;
    MIXERCONTROLDETAILS d = {};
    d.cbStruct = sizeof(d);
    d.dwControlID = control;
    d.cChannels = 1;
    d.cbDetails = sizeof(DWORD);
    d.paDetails = &value;
    REQUIRE(mixerGetControlDetailsW(reinterpret_cast<HMIXEROBJ>(h), &d, MIXER_OBJECTF_HMIXER) == MMSYSERR_NOERROR);
    return value;
}

std::set<LPARAM> controls_from(const std::vector<MessageWindow::Message>& msgs, HMIXER h) {
    std::set<LPARAM> ids;
    for (const auto& m : msgs) {
        CHECK(m.msg == MM_MIXM_CONTROL_CHANGE);
        CHECK(m.wparam == reinterpret_cast<WPARAM>(h));
        ids.insert(m.lparam);
    }
    return ids;
}

struct Fixture {
    mixer_test::ComInit com;
    UINT mixer = mixer_test::waveout_of_sink();
    HMIXER quiet = nullptr;  // no window: the handle the changes are made through
    DWORD volume = 0, mute = 0;
    Fixture() {
        REQUIRE(mixer != static_cast<UINT>(-1));
        REQUIRE(mixerOpen(&quiet, mixer, 0, 0, 0) == MMSYSERR_NOERROR);
        volume = get(quiet, 0);
        mute = get(quiet, 1);
    }
    ~Fixture() {
        set(quiet, 0, volume);
        set(quiet, 1, mute);
        mixerClose(quiet);
    }
};

}  // namespace

TEST_CASE("a change through one handle reaches the windows of every handle on the endpoint") {
    sound_server::require_or_skip();
    Fixture fx;
    MessageWindow w1, w2;
    HMIXER h1 = nullptr, h2 = nullptr;
    REQUIRE(mixerOpen(&h1, fx.mixer, reinterpret_cast<DWORD_PTR>(w1.hwnd()), 0, CALLBACK_WINDOW) == MMSYSERR_NOERROR);
    REQUIRE(mixerOpen(&h2, fx.mixer, reinterpret_cast<DWORD_PTR>(w2.hwnd()), 0, CALLBACK_WINDOW) == MMSYSERR_NOERROR);
    w1.collect(300);
    w2.collect(0);
    DWORD v = get(fx.quiet, 0) == 30000 ? 31000 : 30000;
    REQUIRE(set(fx.quiet, 0, v) == MMSYSERR_NOERROR);
    CHECK(controls_from(w1.collect(400), h1) == std::set<LPARAM>{0, 2, 4});
    CHECK(controls_from(w2.collect(0), h2) == std::set<LPARAM>{0, 2, 4});
    // The same value again is no change.
    REQUIRE(set(fx.quiet, 0, v) == MMSYSERR_NOERROR);
    CHECK(w1.collect(300).empty());
    // Mute: the mute controls.
    DWORD m = get(fx.quiet, 1) ? 0 : 1;
    REQUIRE(set(fx.quiet, 3, m) == MMSYSERR_NOERROR);
    CHECK(controls_from(w1.collect(400), h1) == std::set<LPARAM>{1, 3, 5});
    CHECK(controls_from(w2.collect(0), h2) == std::set<LPARAM>{1, 3, 5});
    // The handle that makes the change hears of it too.
    REQUIRE(set(h1, 0, v + 1) == MMSYSERR_NOERROR);
    CHECK(controls_from(w1.collect(400), h1) == std::set<LPARAM>{0, 2, 4});
    // A closed handle's window hears nothing more.
    REQUIRE(mixerClose(h2) == MMSYSERR_NOERROR);
    w2.collect(0);
    REQUIRE(set(fx.quiet, 0, v) == MMSYSERR_NOERROR);
    CHECK(w1.collect(400).size() == 3);
    CHECK(w2.collect(0).empty());
    REQUIRE(mixerClose(h1) == MMSYSERR_NOERROR);
}

TEST_CASE("a change made to the session outside the mixer is notified and read") {
    sound_server::require_or_skip();
    Fixture fx;
    ULONG bytes = 0;
    auto id = reinterpret_cast<HMIXER>(static_cast<UINT_PTR>(fx.mixer));
    REQUIRE(mixerMessage(id, DRV_QUERYFUNCTIONINSTANCEIDSIZE, reinterpret_cast<DWORD_PTR>(&bytes), 0) == MMSYSERR_NOERROR);
    std::wstring endpoint(bytes / 2 + 1, L'\0');
    REQUIRE(mixerMessage(id, DRV_QUERYFUNCTIONINSTANCEID, reinterpret_cast<DWORD_PTR>(&endpoint[0]), bytes) == MMSYSERR_NOERROR);
    endpoint.resize(lstrlenW(endpoint.c_str()));
    mixer_test::Session session(endpoint);
    REQUIRE(session.ok());
    MessageWindow w;
    HMIXER h = nullptr;
    REQUIRE(mixerOpen(&h, fx.mixer, reinterpret_cast<DWORD_PTR>(w.hwnd()), 0, CALLBACK_WINDOW) == MMSYSERR_NOERROR);
    w.collect(300);
    float target = session.volume() > 0.5f ? 0.25f : 0.8f;
    session.set_volume(target);
    CHECK(controls_from(w.collect(1000), h) == std::set<LPARAM>{0, 2, 4});
    CHECK(get(h, 2) == static_cast<DWORD>(target * 65535 + 0.5f));
    session.set_mute(!session.mute());
    CHECK(controls_from(w.collect(1000), h) == std::set<LPARAM>{1, 3, 5});
    REQUIRE(mixerClose(h) == MMSYSERR_NOERROR);
    // Once no window listens, nothing is posted (the window still exists).
    session.set_volume(0.5f);
    CHECK(w.collect(500).empty());
}

// Windows takes CALLBACK_THREAD and CALLBACK_EVENT in mixerOpen (Wine's mixer.c, test_mixerOpen): opening and
// closing set no event. [decision] a change reaches them the DriverCallback way: the thread gets the same
// MM_MIXM_CONTROL_CHANGE messages a window would, the event is set.
TEST_CASE("thread and event callbacks hear of changes; open and close send nothing", "[decision]") {
    sound_server::require_or_skip();
    Fixture fx;
    HANDLE event = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    REQUIRE(event);
    MSG msg;
    PeekMessageW(&msg, nullptr, 0, 0, PM_NOREMOVE);  // this thread's message queue exists
    while (PeekMessageW(&msg, nullptr, MM_MIXM_CONTROL_CHANGE, MM_MIXM_CONTROL_CHANGE, PM_REMOVE)) {}
    HMIXER he = nullptr, ht = nullptr;
    REQUIRE(mixerOpen(&he, fx.mixer, reinterpret_cast<DWORD_PTR>(event), 0, CALLBACK_EVENT) == MMSYSERR_NOERROR);
    REQUIRE(mixerOpen(&ht, fx.mixer, GetCurrentThreadId(), 0, CALLBACK_THREAD) == MMSYSERR_NOERROR);
    CHECK(WaitForSingleObject(event, 300) == WAIT_TIMEOUT);
    CHECK_FALSE(PeekMessageW(&msg, reinterpret_cast<HWND>(-1), MM_MIXM_CONTROL_CHANGE, MM_MIXM_CONTROL_CHANGE, PM_NOREMOVE));

    DWORD v = get(fx.quiet, 0) == 30000 ? 31000 : 30000;
    REQUIRE(set(fx.quiet, 0, v) == MMSYSERR_NOERROR);
    CHECK(WaitForSingleObject(event, 1000) == WAIT_OBJECT_0);
    std::set<LPARAM> ids;
    DWORD end = GetTickCount() + 1000;
    while (ids.size() < 3 && GetTickCount() < end) {
        if (PeekMessageW(&msg, reinterpret_cast<HWND>(-1), MM_MIXM_CONTROL_CHANGE, MM_MIXM_CONTROL_CHANGE, PM_REMOVE)) {
            CHECK(msg.wParam == reinterpret_cast<WPARAM>(ht));
            ids.insert(msg.lParam);
        } else {
            Sleep(10);
        }
    }
    CHECK(ids == std::set<LPARAM>{0, 2, 4});

    REQUIRE(mixerClose(he) == MMSYSERR_NOERROR);
    REQUIRE(mixerClose(ht) == MMSYSERR_NOERROR);
    ResetEvent(event);
    REQUIRE(set(fx.quiet, 0, v + 1) == MMSYSERR_NOERROR);
    CHECK(WaitForSingleObject(event, 300) == WAIT_TIMEOUT);
    CloseHandle(event);
    while (PeekMessageW(&msg, reinterpret_cast<HWND>(-1), MM_MIXM_CONTROL_CHANGE, MM_MIXM_CONTROL_CHANGE, PM_REMOVE)) {}
}
