// The joy* exports and the capture poller end to end, on synthetic controllers (synthetic_devices.cpp stands in
// for DirectInput): positions and caps as an application sees them, and the MM_JOY* messages that reach a real
// window's queue from the polling thread.
#include <catch.hpp>

#include <windows.h>
#include <mmsystem.h>

#include <atomic>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "synthetic_devices.h"

using namespace winmm::joystick;

extern "C" MMRESULT WINAPI joyConfigChanged(DWORD flags);

namespace {

DeviceInfo pad_info() {
    DeviceInfo d;
    d.vendor_id = 0x1209;
    d.product_id = 0x0001;
    d.buttons = 6;
    for (int a = 0; a < axis_v; ++a) d.has_axis[a] = true;  // X Y Z R U
    d.has_pov = true;
    return d;
}

DeviceState pad_at(DWORD x, DWORD y, DWORD z, DWORD buttons) {
    DeviceState s;
    for (int a = 0; a < axis_v; ++a) {
        s.has_axis[a] = true;
        s.axis[a] = 0x7fff;
    }
    s.axis[axis_x] = x;
    s.axis[axis_y] = y;
    s.axis[axis_z] = z;
    s.buttons = buttons;
    s.has_pov = true;
    return s;
}

struct Posted {
    UINT message;
    WPARAM wparam;
    LPARAM lparam;
    bool operator==(const Posted& o) const {
        return message == o.message && wparam == o.wparam && lparam == o.lparam;
    }
};

std::string describe(const std::vector<Posted>& ms) {
    std::string s;
    char line[96];
    for (const Posted& m : ms) {
        std::snprintf(line, sizeof line, "{0x%x, 0x%llx, 0x%llx} ", m.message, (unsigned long long)m.wparam,
                      (unsigned long long)m.lparam);
        s += line;
    }
    return s;
}

bool is_joy(UINT m) { return (m >= MM_JOY1MOVE && m <= MM_JOY2ZMOVE) || (m >= MM_JOY1BUTTONDOWN && m <= MM_JOY2BUTTONUP); }

// A message-only window: the poller posts to it from its own thread; the test reads its queue.
struct Window {
    HWND hwnd = CreateWindowExW(0, L"STATIC", L"joystick", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, nullptr, nullptr);
    ~Window() {
        if (hwnd) DestroyWindow(hwnd);
    }
    // The joystick messages that arrive within `ms` milliseconds, stopping early once `enough` have come.
    std::vector<Posted> collect(DWORD ms, size_t enough = SIZE_MAX) {
        std::vector<Posted> got;
        ULONGLONG end = GetTickCount64() + ms;
        while (got.size() < enough) {
            MSG msg;
            while (got.size() < enough && PeekMessageW(&msg, hwnd, 0, 0, PM_REMOVE))
                if (is_joy(msg.message)) got.push_back({msg.message, msg.wParam, msg.lParam});
            ULONGLONG now = GetTickCount64();
            if (now >= end || got.size() >= enough) break;
            MsgWaitForMultipleObjects(0, nullptr, FALSE, DWORD(end - now), QS_POSTMESSAGE);
        }
        return got;
    }
};

struct Fixture {
    Fixture() {
        synthetic::set_driver(true);
        for (UINT id = 0; id < slot_count; ++id) {
            joyReleaseCapture(id);
            synthetic::unplug(id);
            joySetThreshold(id, 0);
        }
    }
    ~Fixture() {
        for (UINT id = 0; id < slot_count; ++id) joyReleaseCapture(id);
    }
};

}  // namespace

TEST_CASE_METHOD(Fixture, "api: positions of a plugged controller", "[joystick]") {
    DeviceState s = pad_at(0x100, 0x200, 0x300, JOY_BUTTON2 | JOY_BUTTON6);
    s.pov = 13500;
    synthetic::plug(0, pad_info(), s);
    JOYINFOEX ex;
    std::memset(&ex, 0xcd, sizeof ex);
    ex.dwSize = sizeof ex;
    ex.dwFlags = JOY_RETURNALL;
    REQUIRE(joyGetPosEx(0, &ex) == JOYERR_NOERROR);
    CHECK(ex.dwXpos == 0x100);
    CHECK(ex.dwYpos == 0x200);
    CHECK(ex.dwZpos == 0x300);
    CHECK(ex.dwRpos == 0x7fff);
    CHECK(ex.dwVpos == 0);
    CHECK(ex.dwButtons == (JOY_BUTTON2 | JOY_BUTTON6));
    CHECK(ex.dwButtonNumber == 2);
    CHECK(ex.dwPOV == JOY_POVBACKWARD);
    CHECK(ex.dwReserved1 == 0xcdcdcdcdu);
    ex.dwFlags = JOY_RETURNPOVCTS;
    REQUIRE(joyGetPosEx(0, &ex) == JOYERR_NOERROR);
    CHECK(ex.dwPOV == 13500);
    CHECK(ex.dwXpos == 0);
    // A larger dwSize is accepted.
    struct { JOYINFOEX ex; char more[64]; } big = {};
    big.ex.dwSize = sizeof big;
    big.ex.dwFlags = JOY_RETURNX;
    CHECK(joyGetPosEx(0, &big.ex) == JOYERR_NOERROR);
    CHECK(big.ex.dwXpos == 0x100);

    JOYINFO info;
    REQUIRE(joyGetPos(0, &info) == JOYERR_NOERROR);
    CHECK(info.wXpos == 0x100);
    CHECK(info.wYpos == 0x200);
    CHECK(info.wZpos == 0x300);
    CHECK(info.wButtons == JOY_BUTTON2);

    CHECK(joyGetPos(1, &info) == JOYERR_PARMS);
    synthetic::unplug(0);
    CHECK(joyGetPos(0, &info) == JOYERR_PARMS);
}

TEST_CASE_METHOD(Fixture, "api: caps of a plugged controller, both sizes, A and W", "[joystick]") {
    synthetic::plug(3, pad_info(), pad_at(0, 0, 0, 0));
    JOYCAPS2W w;
    std::memset(&w, 0xcd, sizeof w);
    REQUIRE(joyGetDevCapsW(3, reinterpret_cast<JOYCAPSW*>(&w), sizeof w) == JOYERR_NOERROR);
    CHECK(w.wMid == 0x1209);
    CHECK(std::wstring(w.szPname) == L"Microsoft PC-joystick driver");
    CHECK(w.wNumButtons == 6);
    CHECK(w.wNumAxes == 5);
    CHECK(w.wCaps == (JOYCAPS_HASZ | JOYCAPS_HASR | JOYCAPS_HASU | JOYCAPS_HASPOV | JOYCAPS_POV4DIR));
    GUID zero = {};
    CHECK(w.ProductGuid == zero);
    std::memset(&w, 0xcd, sizeof w);
    REQUIRE(joyGetDevCapsW(3, reinterpret_cast<JOYCAPSW*>(&w), sizeof(JOYCAPSW)) == JOYERR_NOERROR);
    CHECK(std::wstring(w.szRegKey) == L"DINPUT.DLL");
    CHECK(reinterpret_cast<const unsigned char*>(&w)[sizeof(JOYCAPSW)] == 0xcd);

    JOYCAPS2A a;
    std::memset(&a, 0xcd, sizeof a);
    REQUIRE(joyGetDevCapsA(3, reinterpret_cast<JOYCAPSA*>(&a), sizeof(JOYCAPSA)) == JOYERR_NOERROR);
    CHECK(std::string(a.szPname) == "Microsoft PC-joystick driver");
    CHECK(a.wPid == 0x0001);
    CHECK(a.wPeriodMin == 10);
    CHECK(reinterpret_cast<const unsigned char*>(&a)[sizeof(JOYCAPSA)] == 0xcd);
    CHECK(joyGetDevCapsA(2, reinterpret_cast<JOYCAPSA*>(&a), sizeof(JOYCAPSA)) == JOYERR_PARMS);
}

TEST_CASE_METHOD(Fixture, "api: a capture with fChanged posts what moved beyond the threshold", "[joystick]") {
    Window w;
    REQUIRE(w.hwnd);
    synthetic::plug(0, pad_info(), pad_at(1000, 1000, 1000, 0));
    REQUIRE(joySetThreshold(0, 50) == JOYERR_NOERROR);
    REQUIRE(joySetCapture(w.hwnd, 0, 10, TRUE) == JOYERR_NOERROR);
    CHECK(w.collect(150).empty());  // nothing moved

    synthetic::move(0, pad_at(1040, 960, 1050, 0));  // within the threshold
    CHECK(w.collect(150).empty());

    synthetic::move(0, pad_at(1100, 960, 1000, JOY_BUTTON1));
    std::vector<Posted> got = w.collect(1000, 2);
    INFO(describe(got));
    CHECK(got == std::vector<Posted>{{MM_JOY1MOVE, JOY_BUTTON1, MAKELONG(1100, 960)},
                                     {MM_JOY1BUTTONDOWN, JOY_BUTTON1CHG | JOY_BUTTON1, MAKELONG(1100, 960)}});
    CHECK(w.collect(100).empty());

    synthetic::move(0, pad_at(1100, 960, 1200, 0));
    got = w.collect(1000, 2);
    INFO(describe(got));
    CHECK(got == std::vector<Posted>{{MM_JOY1ZMOVE, 0, 1200}, {MM_JOY1BUTTONUP, JOY_BUTTON1CHG, MAKELONG(1100, 960)}});

    // Capturing it again: JOYERR_NOCANDO; released, it posts nothing more.
    CHECK(joySetCapture(w.hwnd, 0, 10, TRUE) == JOYERR_NOCANDO);
    CHECK(joyReleaseCapture(0) == JOYERR_NOERROR);
    synthetic::move(0, pad_at(0, 0, 0, JOY_BUTTON3));
    CHECK(w.collect(150).empty());
    CHECK(joyReleaseCapture(0) == JOYERR_NOERROR);
}

TEST_CASE_METHOD(Fixture, "api: JOYSTICKID2 gets the MM_JOY2 messages", "[joystick]") {
    Window w;
    synthetic::plug(1, pad_info(), pad_at(5, 5, 5, 0));
    REQUIRE(joySetCapture(w.hwnd, 1, 10, TRUE) == JOYERR_NOERROR);
    synthetic::move(1, pad_at(6, 5, 5, JOY_BUTTON4));
    std::vector<Posted> got = w.collect(1000, 2);
    INFO(describe(got));
    CHECK(got == std::vector<Posted>{{MM_JOY2MOVE, JOY_BUTTON4, MAKELONG(6, 5)},
                                     {MM_JOY2BUTTONDOWN, JOY_BUTTON4CHG | JOY_BUTTON4, MAKELONG(6, 5)}});
}

TEST_CASE_METHOD(Fixture, "api: fChanged FALSE posts at the polling period, clamped to 10..1000 ms", "[joystick]") {
    Window w;
    synthetic::plug(0, pad_info(), pad_at(7, 8, 9, 0));
    // Period 0 polls every 10 ms: about 50 polls in 500 ms, each a move and a Z move. Unclamped it would spin.
    REQUIRE(joySetCapture(w.hwnd, 0, 0, FALSE) == JOYERR_NOERROR);
    std::vector<Posted> got = w.collect(500);
    joyReleaseCapture(0);
    size_t moves = 0;
    for (const Posted& p : got) moves += p.message == MM_JOY1MOVE;
    INFO(moves << " moves in 500 ms");
    CHECK(moves >= 10);
    CHECK(moves <= 60);
    REQUIRE(!got.empty());
    CHECK(got[0] == Posted{MM_JOY1MOVE, 0, MAKELONG(7, 8)});
    CHECK(got[1] == Posted{MM_JOY1ZMOVE, 0, 9});
    w.collect(50);  // drain

    // Period 5000 polls every 1000 ms: one poll in 1500 ms.
    REQUIRE(joySetCapture(w.hwnd, 0, 5000, FALSE) == JOYERR_NOERROR);
    got = w.collect(1500);
    INFO(describe(got));
    CHECK(got == std::vector<Posted>{{MM_JOY1MOVE, 0, MAKELONG(7, 8)}, {MM_JOY1ZMOVE, 0, 9}});
}

TEST_CASE_METHOD(Fixture, "api: destroying the window releases the capture", "[joystick]") {
    synthetic::plug(0, pad_info(), pad_at(0, 0, 0, 0));
    {
        Window first;
        REQUIRE(joySetCapture(first.hwnd, 0, 10, FALSE) == JOYERR_NOERROR);
    }
    Window second;
    MMRESULT r = JOYERR_NOCANDO;
    for (int i = 0; i < 100 && r == JOYERR_NOCANDO; ++i) {
        Sleep(10);
        r = joySetCapture(second.hwnd, 0, 10, FALSE);
    }
    CHECK(r == JOYERR_NOERROR);
}

TEST_CASE_METHOD(Fixture, "api: ids without messages cannot be captured", "[joystick][decision]") {
    Window w;
    synthetic::plug(2, pad_info(), pad_at(0, 0, 0, 0));
    CHECK(joySetCapture(w.hwnd, 2, 10, FALSE) == JOYERR_NOCANDO);
    CHECK(joySetCapture(w.hwnd, 3, 10, FALSE) == JOYERR_UNPLUGGED);
}

TEST_CASE_METHOD(Fixture, "api: unplugged while captured, then back", "[joystick]") {
    Window w;
    synthetic::plug(0, pad_info(), pad_at(10, 10, 10, 0));
    REQUIRE(joySetCapture(w.hwnd, 0, 10, TRUE) == JOYERR_NOERROR);
    synthetic::unplug(0);
    CHECK(w.collect(100).empty());  // no reading, no message
    synthetic::plug(0, pad_info(), pad_at(500, 10, 10, 0));
    std::vector<Posted> got = w.collect(1000, 1);
    INFO(describe(got));
    CHECK(got == std::vector<Posted>{{MM_JOY1MOVE, 0, MAKELONG(500, 10)}});
}

TEST_CASE_METHOD(Fixture, "api: joyConfigChanged asks for a new device list", "[joystick]") {
    int before = synthetic::refreshes();
    CHECK(joyConfigChanged(0) == JOYERR_NOERROR);
    CHECK(synthetic::refreshes() == before + 1);
    CHECK(joyConfigChanged(1) == JOYERR_PARMS);
    CHECK(synthetic::refreshes() == before + 1);
}

TEST_CASE_METHOD(Fixture, "api: no driver", "[joystick]") {
    synthetic::set_driver(false);
    CHECK(joyGetNumDevs() == 0);
    JOYINFO info;
    CHECK(joyGetPos(0, &info) == MMSYSERR_NODRIVER);
    Window w;
    CHECK(joySetCapture(w.hwnd, 0, 10, FALSE) == MMSYSERR_NODRIVER);
    synthetic::set_driver(true);
    CHECK(joyGetNumDevs() == 16);
}

TEST_CASE_METHOD(Fixture, "api: threads capturing, releasing, reading and destroying windows at once", "[joystick]") {
    // No deadlock between the poller (capture lock, then device lock) and the exports, no crash when a window
    // dies under a capture, and every call keeps returning one of its documented results.
    synthetic::plug(0, pad_info(), pad_at(0, 0, 0, 0));
    synthetic::plug(1, pad_info(), pad_at(0, 0, 0, 0));
    std::atomic<int> unexpected{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t, &unexpected] {
            const UINT id = UINT(t % 2);
            for (int i = 0; i < 200; ++i) {
                HWND hwnd = CreateWindowExW(0, L"STATIC", L"t", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, nullptr, nullptr);
                MMRESULT r = joySetCapture(hwnd, id, 10, i % 2);
                if (r != JOYERR_NOERROR && r != JOYERR_NOCANDO) ++unexpected;
                JOYINFOEX ex = {};
                ex.dwSize = sizeof ex;
                ex.dwFlags = JOY_RETURNALL;
                if (joyGetPosEx(id, &ex) != JOYERR_NOERROR) ++unexpected;
                if (joySetThreshold(id, UINT(i)) != JOYERR_NOERROR) ++unexpected;
                synthetic::move(id, pad_at(DWORD(i * 100), DWORD(i * 50), 0, DWORD(i & 0xF)));
                if (i % 3 == 0) Sleep(1);
                if (i % 2) {
                    if (joyReleaseCapture(id) != JOYERR_NOERROR) ++unexpected;
                }
                DestroyWindow(hwnd);  // a capture may outlive its window briefly
                MSG msg;
                while (PeekMessageW(&msg, nullptr, 0, 0, PM_REMOVE)) {
                }
            }
        });
    }
    for (std::thread& th : threads) th.join();
    CHECK(unexpected == 0);
    // Every window is gone: the captures end by themselves and the ids can be captured again.
    Window w;
    MMRESULT r = JOYERR_NOCANDO;
    for (int i = 0; i < 100 && r != JOYERR_NOERROR; ++i) {
        Sleep(10);
        r = joySetCapture(w.hwnd, 0, 10, TRUE);
    }
    CHECK(r == JOYERR_NOERROR);
}
