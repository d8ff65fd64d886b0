// The joystick exports when dinput8.dll cannot be loaded (meson runs this program with dinput8 disabled through
// WINEDLLOVERRIDES): no driver. joyGetNumDevs reports 0 ("zero if no driver is installed"), every call that gets
// past its argument checks MMSYSERR_NODRIVER, and nothing crashes or hangs.
#include <catch.hpp>

#include <windows.h>
#include <mmsystem.h>

extern "C" MMRESULT WINAPI joyConfigChanged(DWORD flags);

TEST_CASE("no dinput8: the test runs without it", "[joystick]") {
    HMODULE dll = LoadLibraryW(L"dinput8.dll");
    CHECK(dll == nullptr);
    if (dll) FreeLibrary(dll);
}

TEST_CASE("no dinput8: no joystick driver", "[joystick]") {
    CHECK(joyGetNumDevs() == 0);
    JOYCAPSW w;
    JOYCAPSA a;
    CHECK(joyGetDevCapsW(0, &w, sizeof w) == MMSYSERR_NODRIVER);
    CHECK(joyGetDevCapsA(0, &a, sizeof a) == MMSYSERR_NODRIVER);
    CHECK(joyGetDevCapsW(-1, &w, sizeof w) == MMSYSERR_NODRIVER);
    JOYINFO info;
    CHECK(joyGetPos(0, &info) == MMSYSERR_NODRIVER);
    JOYINFOEX ex = {};
    ex.dwSize = sizeof ex;
    ex.dwFlags = JOY_RETURNALL;
    CHECK(joyGetPosEx(0, &ex) == MMSYSERR_NODRIVER);
    UINT value = 0;
    CHECK(joyGetThreshold(0, &value) == MMSYSERR_NODRIVER);
    CHECK(joySetThreshold(0, 5) == MMSYSERR_NODRIVER);
    HWND hwnd = CreateWindowExW(0, L"STATIC", L"joystick", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, nullptr, nullptr);
    REQUIRE(hwnd);
    CHECK(joySetCapture(hwnd, 0, 100, FALSE) == MMSYSERR_NODRIVER);
    DestroyWindow(hwnd);
    CHECK(joyReleaseCapture(0) == MMSYSERR_NODRIVER);
    CHECK(joyConfigChanged(0) == JOYERR_NOERROR);  // documented: only JOYERR_PARMS for flags
}

TEST_CASE("no dinput8: argument errors come first", "[joystick]") {
    JOYCAPSW w;
    CHECK(joyGetDevCapsW(0, nullptr, sizeof w) == MMSYSERR_INVALPARAM);
    CHECK(joyGetDevCapsW(0, &w, 3) == JOYERR_PARMS);
    CHECK(joyGetDevCapsW(16, &w, sizeof w) == JOYERR_PARMS);
    CHECK(joyGetPos(0, nullptr) == MMSYSERR_INVALPARAM);
    CHECK(joyGetPos(16, nullptr) == MMSYSERR_INVALPARAM);
    JOYINFO info;
    CHECK(joyGetPos(16, &info) == JOYERR_PARMS);
    JOYINFOEX ex = {};
    CHECK(joyGetPosEx(0, &ex) == JOYERR_PARMS);  // dwSize 0
    CHECK(joySetThreshold(0, 65536) == MMSYSERR_INVALPARAM);
    CHECK(joySetThreshold(16, 1) == JOYERR_PARMS);
    CHECK(joySetCapture(nullptr, 0, 10, FALSE) == JOYERR_PARMS);
    CHECK(joyReleaseCapture(16) == JOYERR_PARMS);
    CHECK(joyConfigChanged(2) == JOYERR_PARMS);
}
