// Every joy* export with no controller attached (this machine has none), through winmm.dll like any application:
// the results Windows gives (Wine's winmm and dinput joystick tests, run on Windows; docs/joystick.md).
#include <catch.hpp>

#include <windows.h>
#include <mmsystem.h>
#include <mmddk.h>

#include <cstring>
#include <string>

extern "C" MMRESULT WINAPI joyConfigChanged(DWORD flags);  // not in MinGW's <mmsystem.h>

namespace {

// Message-only: this Wine has no display, where top-level windows cannot be created.
struct Window {
    HWND hwnd = CreateWindowExW(0, L"STATIC", L"joystick", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, nullptr, nullptr);
    ~Window() {
        if (hwnd) DestroyWindow(hwnd);
    }
};

UINT config_message = 0;
int heard = 0;

LRESULT CALLBACK listener_proc(HWND h, UINT m, WPARAM wp, LPARAM lp) {
    if (m == config_message) ++heard;
    return DefWindowProcW(h, m, wp, lp);
}

}  // namespace

TEST_CASE("joyGetNumDevs: 16 ids whether or not anything is plugged in", "[joystick]") {
    CHECK(joyGetNumDevs() == 16);
}

TEST_CASE("joyGetDevCaps: every id without a controller is JOYERR_PARMS", "[joystick]") {
    for (UINT id = 0; id < 16; ++id) {
        INFO("id " << id);
        JOYCAPSA a;
        JOYCAPSW w;
        CHECK(joyGetDevCapsA(id, &a, sizeof a) == JOYERR_PARMS);
        CHECK(joyGetDevCapsW(id, &w, sizeof w) == JOYERR_PARMS);
    }
    JOYCAPSW w;
    CHECK(joyGetDevCapsW(16, &w, sizeof w) == JOYERR_PARMS);
    CHECK(joyGetDevCapsW(0x10000, &w, sizeof w) == JOYERR_PARMS);
}

TEST_CASE("joyGetDevCaps: bad pointers and sizes", "[joystick]") {
    JOYCAPS2W w;
    JOYCAPS2A a;
    CHECK(joyGetDevCapsW(0, nullptr, sizeof(JOYCAPSW)) == MMSYSERR_INVALPARAM);
    CHECK(joyGetDevCapsA(0, nullptr, sizeof(JOYCAPSA)) == MMSYSERR_INVALPARAM);
    CHECK(joyGetDevCapsW(-1, nullptr, sizeof(JOYCAPSW)) == MMSYSERR_INVALPARAM);
    for (UINT size : {0u, 1u, UINT(sizeof(JOYCAPSW) - 4), UINT(sizeof(JOYCAPSW) + 4), UINT(sizeof(JOYCAPS2W) + 4),
                      0xFFFFFFFFu}) {
        INFO("size " << size);
        CHECK(joyGetDevCapsW(-1, reinterpret_cast<JOYCAPSW*>(&w), size) == JOYERR_PARMS);
        CHECK(joyGetDevCapsW(0, reinterpret_cast<JOYCAPSW*>(&w), size) == JOYERR_PARMS);
    }
    for (UINT size : {0u, UINT(sizeof(JOYCAPSA) - 4), UINT(sizeof(JOYCAPSA) + 4), UINT(sizeof(JOYCAPSW))}) {
        INFO("size " << size);
        CHECK(joyGetDevCapsA(-1, reinterpret_cast<JOYCAPSA*>(&a), size) == JOYERR_PARMS);
    }
}

TEST_CASE("joyGetDevCaps: id -1 returns the registry key, everything else zero", "[joystick]") {
    JOYCAPS2W w;
    std::memset(&w, 0xcd, sizeof w);
    REQUIRE(joyGetDevCapsW(-1, reinterpret_cast<JOYCAPSW*>(&w), sizeof w) == JOYERR_NOERROR);
    CHECK(std::wstring(w.szRegKey) == L"DINPUT.DLL");
    JOYCAPS2W expect = {};
    std::wcscpy(expect.szRegKey, L"DINPUT.DLL");
    CHECK(std::memcmp(&w, &expect, sizeof w) == 0);

    // The JOYCAPSW size writes that much and no more.
    std::memset(&w, 0xcd, sizeof w);
    REQUIRE(joyGetDevCapsW(-1, reinterpret_cast<JOYCAPSW*>(&w), sizeof(JOYCAPSW)) == JOYERR_NOERROR);
    CHECK(std::wstring(w.szRegKey) == L"DINPUT.DLL");
    CHECK(w.wMid == 0);
    const unsigned char* tail = reinterpret_cast<const unsigned char*>(&w) + sizeof(JOYCAPSW);
    CHECK(tail[0] == 0xcd);
    CHECK(tail[sizeof w - sizeof(JOYCAPSW) - 1] == 0xcd);

    JOYCAPS2A a;
    std::memset(&a, 0xcd, sizeof a);
    REQUIRE(joyGetDevCapsA(-1, reinterpret_cast<JOYCAPSA*>(&a), sizeof(JOYCAPSA)) == JOYERR_NOERROR);
    CHECK(std::string(a.szRegKey) == "DINPUT.DLL");
    CHECK(a.szPname[0] == 0);
    CHECK(a.wNumButtons == 0);
    CHECK(reinterpret_cast<const unsigned char*>(&a)[sizeof(JOYCAPSA)] == 0xcd);
    REQUIRE(joyGetDevCapsA(-1, reinterpret_cast<JOYCAPSA*>(&a), sizeof a) == JOYERR_NOERROR);
    GUID zero = {};
    CHECK(a.NameGuid == zero);
}

TEST_CASE("joyGetPos, joyGetPosEx: no controller is JOYERR_PARMS", "[joystick]") {
    JOYINFO info;
    std::memset(&info, 0xcd, sizeof info);
    for (UINT id : {0u, 1u, 15u, 16u, 0xFFFFFFFFu}) {
        INFO("id " << id);
        CHECK(joyGetPos(id, &info) == JOYERR_PARMS);
        JOYINFOEX ex = {};
        ex.dwSize = sizeof ex;
        ex.dwFlags = JOY_RETURNALL;
        CHECK(joyGetPosEx(id, &ex) == JOYERR_PARMS);
    }
    CHECK(info.wXpos == 0xcdcdcdcdu);  // nothing written on failure
}

TEST_CASE("joyGetPos, joyGetPosEx: NULL and dwSize", "[joystick]") {
    CHECK(joyGetPos(0, nullptr) == MMSYSERR_INVALPARAM);
    CHECK(joyGetPosEx(0, nullptr) == MMSYSERR_INVALPARAM);
    CHECK(joyGetPos(16, nullptr) == MMSYSERR_INVALPARAM);
    JOYINFOEX ex = {};
    ex.dwFlags = JOY_RETURNALL;
    ex.dwSize = 0;
    CHECK(joyGetPosEx(0, &ex) == JOYERR_PARMS);
    ex.dwSize = sizeof ex - 1;
    CHECK(joyGetPosEx(0, &ex) == JOYERR_PARMS);
    ex.dwSize = sizeof ex - 1;
    CHECK(joyGetPosEx(16, &ex) == JOYERR_PARMS);
}

TEST_CASE("joySetThreshold, joyGetThreshold: kept per id, with or without a controller", "[joystick][decision]") {
    UINT value = 0xdead;
    REQUIRE(joyGetThreshold(3, &value) == JOYERR_NOERROR);
    CHECK(value == 0);  // "The threshold is initially zero."
    for (UINT t : {0u, 1u, 9u, 10u, 100u, 1000u, 65535u}) {
        INFO("threshold " << t);
        CHECK(joySetThreshold(0, t) == JOYERR_NOERROR);
        value = 0xdead;
        CHECK(joyGetThreshold(0, &value) == JOYERR_NOERROR);
        CHECK(value == t);
    }
    // Above 65535: MMSYSERR_INVALPARAM, the threshold keeps its value (Wine's winmm test, run on Windows).
    CHECK(joySetThreshold(0, 65536) == MMSYSERR_INVALPARAM);
    CHECK(joySetThreshold(0, 0xFFFFFFFF) == MMSYSERR_INVALPARAM);
    CHECK(joyGetThreshold(0, &value) == JOYERR_NOERROR);
    CHECK(value == 65535);
    // Each id has its own.
    CHECK(joySetThreshold(15, 7) == JOYERR_NOERROR);
    CHECK(joyGetThreshold(15, &value) == JOYERR_NOERROR);
    CHECK(value == 7);
    CHECK(joyGetThreshold(0, &value) == JOYERR_NOERROR);
    CHECK(value == 65535);
    CHECK(joySetThreshold(0, 0) == JOYERR_NOERROR);
}

TEST_CASE("joySetThreshold, joyGetThreshold: bad ids and pointers", "[joystick][decision]") {
    UINT value = 0;
    CHECK(joySetThreshold(16, 5) == JOYERR_PARMS);
    CHECK(joyGetThreshold(16, &value) == JOYERR_PARMS);
    CHECK(joyGetThreshold(0, nullptr) == MMSYSERR_INVALPARAM);
}

TEST_CASE("joySetCapture: errors without a controller", "[joystick]") {
    Window w;
    REQUIRE(w.hwnd);
    CHECK(joySetCapture(nullptr, 0, 100, FALSE) == JOYERR_PARMS);
    CHECK(joySetCapture(w.hwnd, 16, 100, FALSE) == JOYERR_PARMS);
    CHECK(joySetCapture(nullptr, 16, 100, TRUE) == JOYERR_PARMS);
    // "You cannot capture an unplugged joystick. The joySetCapture function returns JOYERR_UNPLUGGED".
    for (UINT id : {0u, 1u, 2u, 15u}) {
        INFO("id " << id);
        CHECK(joySetCapture(w.hwnd, id, 100, FALSE) == JOYERR_UNPLUGGED);
        CHECK(joySetCapture(w.hwnd, id, 0, TRUE) == JOYERR_UNPLUGGED);
    }
}

TEST_CASE("joySetCapture: a handle that is no window", "[joystick][decision]") {
    Window w;
    HWND gone = w.hwnd;
    DestroyWindow(w.hwnd);
    w.hwnd = nullptr;
    CHECK(joySetCapture(gone, 0, 100, FALSE) == JOYERR_PARMS);
    CHECK(joySetCapture(reinterpret_cast<HWND>(0x12345678), 0, 100, FALSE) == JOYERR_PARMS);
}

TEST_CASE("joyReleaseCapture: a valid id not captured is no error", "[joystick]") {
    for (UINT id = 0; id < 16; ++id) CHECK(joyReleaseCapture(id) == JOYERR_NOERROR);
    CHECK(joyReleaseCapture(0) == JOYERR_NOERROR);  // twice
    CHECK(joyReleaseCapture(16) == JOYERR_PARMS);
    CHECK(joyReleaseCapture(0xFFFFFFFF) == JOYERR_PARMS);
}

TEST_CASE("joyConfigChanged: flags must be zero; top-level windows hear of it", "[joystick]") {
    CHECK(joyConfigChanged(1) == JOYERR_PARMS);
    CHECK(joyConfigChanged(0x80000000) == JOYERR_PARMS);

    config_message = RegisterWindowMessageA(JOY_CONFIGCHANGED_MSGSTRING);
    REQUIRE(config_message != 0);
    WNDCLASSW wc = {};
    wc.lpfnWndProc = listener_proc;
    wc.hInstance = GetModuleHandleW(nullptr);
    wc.lpszClassName = L"joystick-config-listener";
    RegisterClassW(&wc);
    // The message goes to top-level windows; without a display (this machine's Wine) none can be created, and the
    // call must still return at once.
    HWND hwnd = CreateWindowExW(0, wc.lpszClassName, L"listener", WS_OVERLAPPEDWINDOW, 0, 0, 50, 50, nullptr,
                                nullptr, wc.hInstance, nullptr);
    heard = 0;
    CHECK(joyConfigChanged(0) == JOYERR_NOERROR);
    MSG msg;
    while (PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE)) DispatchMessageW(&msg);
    if (hwnd) {
        CHECK(heard == 1);
        DestroyWindow(hwnd);
    } else {
        WARN("no top-level window can be created here: the broadcast itself is not observed");
    }
    // Still no controller afterwards.
    JOYINFO info;
    CHECK(joyGetPos(0, &info) == JOYERR_PARMS);
}
