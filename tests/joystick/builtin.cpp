// Ours and Wine's builtin winmm side by side in one process (tools/bench/side_by_side.h), with no controller
// attached: the same calls on both. Where they agree the test says so; where they differ it pins both answers, so
// a change on either side shows. docs/joystick.md ("Compared with Wine's builtin") lists the differences.
#include <catch.hpp>

#include <windows.h>
#include <mmsystem.h>

#include <cstring>
#include <string>

#include "../../tools/bench/side_by_side.h"
#include "loaded_winmm.h"

namespace {

struct Joy {
    HMODULE module = nullptr;
    UINT(WINAPI* num_devs)();
    MMRESULT(WINAPI* caps_w)(UINT_PTR, JOYCAPSW*, UINT);
    MMRESULT(WINAPI* caps_a)(UINT_PTR, JOYCAPSA*, UINT);
    MMRESULT(WINAPI* pos)(UINT, JOYINFO*);
    MMRESULT(WINAPI* pos_ex)(UINT, JOYINFOEX*);
    MMRESULT(WINAPI* get_threshold)(UINT, UINT*);
    MMRESULT(WINAPI* set_threshold)(UINT, UINT);
    MMRESULT(WINAPI* set_capture)(HWND, UINT, UINT, BOOL);
    MMRESULT(WINAPI* release_capture)(UINT);
    MMRESULT(WINAPI* config_changed)(DWORD);

    bool load(HMODULE m) {
        module = m;
        using side_by_side::resolve;
        return m && resolve(m, num_devs, "joyGetNumDevs") && resolve(m, caps_w, "joyGetDevCapsW") &&
               resolve(m, caps_a, "joyGetDevCapsA") && resolve(m, pos, "joyGetPos") &&
               resolve(m, pos_ex, "joyGetPosEx") && resolve(m, get_threshold, "joyGetThreshold") &&
               resolve(m, set_threshold, "joySetThreshold") && resolve(m, set_capture, "joySetCapture") &&
               resolve(m, release_capture, "joyReleaseCapture") && resolve(m, config_changed, "joyConfigChanged");
    }
};

Joy& ours() {
    static Joy j;
    if (!j.module) REQUIRE(j.load(winmm_test::loaded_winmm().module));
    return j;
}

Joy& builtin() {
    static Joy j;
    if (!j.module) {
        wchar_t dir[MAX_PATH];
        GetTempPathW(MAX_PATH, dir);
        std::wstring loaded;
        const char* why = "";
        HMODULE m = side_by_side::load_copy(dir, side_by_side::builtin_winmm(), "winmm_joy", "_builtin", loaded, why);
        INFO(why);
        REQUIRE(j.load(m));
    }
    return j;
}

HWND make_window() {
    return CreateWindowExW(0, L"STATIC", L"joystick", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, nullptr, nullptr);
}

}  // namespace

TEST_CASE("builtin: both report 16 ids and JOYERR_PARMS for empty ones", "[joystick]") {
    for (Joy* j : {&ours(), &builtin()}) {
        INFO((j == &ours() ? "ours" : "builtin"));
        CHECK(j->num_devs() == 16);
        JOYCAPSW w;
        JOYCAPSA a;
        JOYINFO info;
        JOYINFOEX ex = {};
        ex.dwSize = sizeof ex;
        ex.dwFlags = JOY_RETURNALL;
        for (UINT id : {0u, 1u, 15u, 16u}) {
            INFO("id " << id);
            CHECK(j->caps_w(id, &w, sizeof w) == JOYERR_PARMS);
            CHECK(j->caps_a(id, &a, sizeof a) == JOYERR_PARMS);
            CHECK(j->pos(id, &info) == JOYERR_PARMS);
            CHECK(j->pos_ex(id, &ex) == JOYERR_PARMS);
        }
        CHECK(j->caps_w(0, nullptr, sizeof w) == MMSYSERR_INVALPARAM);
        CHECK(j->caps_w(0, &w, sizeof w - 4) == JOYERR_PARMS);
        CHECK(j->pos(0, nullptr) == MMSYSERR_INVALPARAM);
        CHECK(j->pos_ex(0, nullptr) == MMSYSERR_INVALPARAM);
        ex.dwSize = 0;
        CHECK(j->pos_ex(0, &ex) == JOYERR_PARMS);
    }
}

TEST_CASE("builtin: id -1 gives the same registry-key-only caps", "[joystick]") {
    JOYCAPS2W a, b;
    std::memset(&a, 0xcd, sizeof a);
    std::memset(&b, 0x55, sizeof b);
    REQUIRE(ours().caps_w(-1, reinterpret_cast<JOYCAPSW*>(&a), sizeof a) == JOYERR_NOERROR);
    REQUIRE(builtin().caps_w(-1, reinterpret_cast<JOYCAPSW*>(&b), sizeof b) == JOYERR_NOERROR);
    CHECK(std::memcmp(&a, &b, sizeof a) == 0);
}

TEST_CASE("builtin: thresholds and captures agree", "[joystick]") {
    HWND hwnd = make_window();
    REQUIRE(hwnd);
    for (Joy* j : {&ours(), &builtin()}) {
        INFO((j == &ours() ? "ours" : "builtin"));
        UINT value = 0xdead;
        CHECK(j->get_threshold(1, &value) == JOYERR_NOERROR);
        CHECK(value == 0);
        CHECK(j->set_threshold(1, 65535) == JOYERR_NOERROR);
        CHECK(j->set_threshold(1, 65536) == MMSYSERR_INVALPARAM);
        CHECK(j->get_threshold(1, &value) == JOYERR_NOERROR);
        CHECK(value == 65535);
        CHECK(j->get_threshold(16, &value) == JOYERR_PARMS);
        CHECK(j->set_capture(nullptr, 0, 100, FALSE) == JOYERR_PARMS);
        CHECK(j->set_capture(hwnd, 16, 100, FALSE) == JOYERR_PARMS);
        CHECK(j->set_capture(hwnd, 0, 100, FALSE) == JOYERR_UNPLUGGED);
        CHECK(j->release_capture(0) == JOYERR_NOERROR);
        CHECK(j->release_capture(16) == JOYERR_PARMS);
        CHECK(j->config_changed(1) == JOYERR_PARMS);
        CHECK(j->config_changed(0) == JOYERR_NOERROR);
    }
    DestroyWindow(hwnd);
}

TEST_CASE("builtin: where they differ", "[joystick][decision]") {
    // joySetThreshold with a bad id: the page says JOYERR_PARMS; the builtin answers MMSYSERR_INVALPARAM.
    CHECK(ours().set_threshold(16, 1) == JOYERR_PARMS);
    CHECK(builtin().set_threshold(16, 1) == MMSYSERR_INVALPARAM);
    // A handle that is no window (any more): ours JOYERR_PARMS, as for NULL; the builtin JOYERR_NOCANDO.
    HWND gone = make_window();
    REQUIRE(gone);
    DestroyWindow(gone);
    CHECK(ours().set_capture(gone, 0, 100, FALSE) == JOYERR_PARMS);
    CHECK(builtin().set_capture(gone, 0, 100, FALSE) == JOYERR_NOCANDO);
}

TEST_CASE("builtin: the cost of polling a joystick that is not there", "[joystick]") {
    // A game polls joyGetPosEx every frame whether or not a stick is plugged in. Ours enumerates the devices again
    // at most once a second on such a miss, so over 2.5 s the average stays far below one enumeration per call.
    JOYINFOEX ex = {};
    ex.dwSize = sizeof ex;
    ex.dwFlags = JOY_RETURNALL;
    LARGE_INTEGER f, t0, t1;
    QueryPerformanceFrequency(&f);
    auto seconds = [&](const LARGE_INTEGER& a, const LARGE_INTEGER& b) {
        return double(b.QuadPart - a.QuadPart) / double(f.QuadPart);
    };
    double per_call_us[2] = {};
    int side = 0;
    for (Joy* j : {&ours(), &builtin()}) {
        j->pos_ex(0, &ex);  // first use: loads DirectInput, enumerates
        long calls = 0;
        QueryPerformanceCounter(&t0);
        do {
            for (int i = 0; i < 1000; ++i) j->pos_ex(0, &ex);
            calls += 1000;
            QueryPerformanceCounter(&t1);
        } while (seconds(t0, t1) < 2.5);
        per_call_us[side++] = seconds(t0, t1) * 1e6 / double(calls);
    }
    // One enumeration, as joyConfigChanged makes it.
    QueryPerformanceCounter(&t0);
    ours().config_changed(0);
    QueryPerformanceCounter(&t1);
    const double enumeration_us = seconds(t0, t1) * 1e6;
    WARN("joyGetPosEx on an absent id: ours " << per_call_us[0] << " us/call, builtin " << per_call_us[1]
                                              << " us/call; one enumeration (joyConfigChanged) " << enumeration_us
                                              << " us");
    CHECK(per_call_us[0] < 5.0);
}
