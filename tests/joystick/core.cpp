// The joystick subsystem's portable part, fed synthetic devices: which device axis serves each winmm axis,
// JOYINFOEX/JOYINFO from a state, JOYCAPS from a device, and the exact MM_JOY* messages a capture posts.
// The expected values come from Windows where it has been observed (docs/joystick.md names the sources).
#include <catch.hpp>

#include <windows.h>
#include <mmsystem.h>

#include <cstring>
#include <string>
#include <vector>

#include "axis_map.h"
#include "capture_logic.h"
#include "caps.h"
#include "position.h"

using namespace winmm::joystick;

namespace {

JOYINFO at(UINT x, UINT y, UINT z, UINT buttons) {
    JOYINFO p;
    p.wXpos = x;
    p.wYpos = y;
    p.wZpos = z;
    p.wButtons = buttons;
    return p;
}

LPARAM xy(UINT x, UINT y) { return static_cast<LPARAM>(MAKELONG(x, y)); }

std::string describe(const std::vector<JoyMessage>& ms) {
    std::string s;
    char line[96];
    for (const JoyMessage& m : ms) {
        std::snprintf(line, sizeof line, "{0x%x, 0x%llx, 0x%llx} ", m.message, (unsigned long long)m.wparam,
                      (unsigned long long)m.lparam);
        s += line;
    }
    return s;
}

// A full device with a hat: X, Y, Z, R, U, V at given values.
DeviceState full_state() {
    DeviceState s;
    const DWORD values[axis_count] = {0x1000, 0x2000, 0x3000, 0x4000, 0x5000, 0x6000};
    for (int a = 0; a < axis_count; ++a) {
        s.axis[a] = values[a];
        s.has_axis[a] = true;
    }
    s.has_pov = true;
    s.pov = 9000;
    s.buttons = 0x80000005;  // buttons 1, 3 and 32
    return s;
}

}  // namespace

TEST_CASE("axes: the device Windows was observed with (X Wheel Rx Dial Rz Slider Z Ry)", "[joystick]") {
    // Wine's dinput test test_winmm_joystick on Windows: X <- X, Y <- Rx, Z <- Z, R <- Rz, U <- Slider, no V;
    // wNumAxes 5.
    using K = AxisKind;
    AxisAssignment a = assign_axes({K::x, K::wheel, K::rx, K::dial, K::rz, K::slider, K::z, K::ry});
    CHECK(a[axis_x] == 0);
    CHECK(a[axis_y] == 2);
    CHECK(a[axis_z] == 6);
    CHECK(a[axis_r] == 4);
    CHECK(a[axis_u] == 5);
    CHECK(a[axis_v] == -1);
    CHECK(assigned_count(a) == 5);
}

TEST_CASE("axes: common layouts", "[joystick]") {
    using K = AxisKind;
    SECTION("stick, throttle, twist: X Y Z Rz") {
        AxisAssignment a = assign_axes({K::x, K::y, K::z, K::rz});
        CHECK(a == AxisAssignment{0, 1, 2, 3, -1, -1});
    }
    SECTION("two-stick pad: X Y Rx Ry, then Z and Rz") {
        AxisAssignment a = assign_axes({K::x, K::y, K::z, K::rx, K::ry, K::rz});
        CHECK(a == AxisAssignment{0, 1, 2, 5, 4, 3});  // U <- Ry, V <- Rx
    }
    SECTION("nothing but sliders") {
        AxisAssignment a = assign_axes({K::slider, K::slider});
        CHECK(a == AxisAssignment{-1, -1, 0, 1, -1, -1});
    }
    SECTION("no axes, unknown axes") {
        CHECK(assigned_count(assign_axes({})) == 0);
        CHECK(assigned_count(assign_axes({K::other, K::other})) == 0);
    }
    SECTION("each device axis serves one winmm axis at most") {
        AxisAssignment a = assign_axes({K::rx});
        CHECK(a == AxisAssignment{-1, 0, -1, -1, -1, -1});
    }
}

TEST_CASE("position: JOY_RETURNALL fills everything, leaves size, flags and reserved alone", "[joystick]") {
    JOYINFOEX info;
    std::memset(&info, 0xcd, sizeof info);
    info.dwSize = sizeof info;
    info.dwFlags = JOY_RETURNALL;
    fill_info_ex(full_state(), &info);
    CHECK(info.dwSize == sizeof info);
    CHECK(info.dwFlags == JOY_RETURNALL);
    CHECK(info.dwXpos == 0x1000);
    CHECK(info.dwYpos == 0x2000);
    CHECK(info.dwZpos == 0x3000);
    CHECK(info.dwRpos == 0x4000);
    CHECK(info.dwUpos == 0x5000);
    CHECK(info.dwVpos == 0x6000);
    CHECK(info.dwButtons == 0x80000005u);
    CHECK(info.dwButtonNumber == 3);  // the number of buttons held
    CHECK(info.dwPOV == JOY_POVRIGHT);
    CHECK(info.dwReserved1 == 0xcdcdcdcdu);  // Windows leaves them (test_winmm_joystick)
    CHECK(info.dwReserved2 == 0xcdcdcdcdu);
}

TEST_CASE("position: what dwFlags does not ask for is zero", "[joystick]") {
    JOYINFOEX info;
    std::memset(&info, 0xcd, sizeof info);
    info.dwSize = sizeof info;
    info.dwFlags = JOY_RETURNY | JOY_RETURNU;
    fill_info_ex(full_state(), &info);
    CHECK(info.dwXpos == 0);
    CHECK(info.dwYpos == 0x2000);
    CHECK(info.dwZpos == 0);
    CHECK(info.dwRpos == 0);
    CHECK(info.dwUpos == 0x5000);
    CHECK(info.dwVpos == 0);
    CHECK(info.dwButtons == 0);
    CHECK(info.dwButtonNumber == 0);
    CHECK(info.dwPOV == 0);

    info.dwFlags = 0;
    fill_info_ex(full_state(), &info);
    CHECK(info.dwYpos == 0);
    CHECK(info.dwUpos == 0);
}

TEST_CASE("position: the Windows observations of test_winmm_joystick", "[joystick]") {
    // Buttons 1-4 held: dwButtonNumber 4; buttons 2 and 3: 2. A centred hat: 0xffff. An absent V: 0.
    DeviceState s;
    for (int a = 0; a < axis_v; ++a) {
        s.has_axis[a] = true;
        s.axis[a] = 0x7fff;
    }
    s.has_pov = true;
    JOYINFOEX info = {};
    info.dwSize = sizeof info;
    info.dwFlags = JOY_RETURNALL;
    fill_info_ex(s, &info);
    CHECK(info.dwXpos == 0x7fff);
    CHECK(info.dwVpos == 0);
    CHECK(info.dwPOV == 0xffff);
    CHECK(info.dwButtonNumber == 0);
    s.buttons = 0xf;
    s.pov = 0;
    fill_info_ex(s, &info);
    CHECK(info.dwButtons == 0xf);
    CHECK(info.dwButtonNumber == 4);
    CHECK(info.dwPOV == 0);
    s.buttons = 0x6;
    s.pov = 9000;
    fill_info_ex(s, &info);
    CHECK(info.dwButtonNumber == 2);
    CHECK(info.dwPOV == 0x2328);
}

TEST_CASE("position: the point of view, discrete and continuous", "[joystick]") {
    DeviceState s = full_state();
    JOYINFOEX info = {};
    info.dwSize = sizeof info;
    struct Case { DWORD angle, discrete; } cases[] = {
        {0, JOY_POVFORWARD},      {9000, JOY_POVRIGHT},   {18000, JOY_POVBACKWARD}, {27000, JOY_POVLEFT},
        {4499, JOY_POVFORWARD},   {4500, JOY_POVRIGHT},   {13500, JOY_POVBACKWARD}, {22500, JOY_POVLEFT},
        {31500, JOY_POVFORWARD},  {35999, JOY_POVFORWARD}, {JOY_POVCENTERED, JOY_POVCENTERED},
    };
    for (const Case& c : cases) {
        INFO("angle " << c.angle);
        s.pov = c.angle;
        info.dwFlags = JOY_RETURNPOV;
        fill_info_ex(s, &info);
        CHECK(info.dwPOV == c.discrete);
        info.dwFlags = JOY_RETURNPOVCTS;
        fill_info_ex(s, &info);
        CHECK(info.dwPOV == c.angle);
        info.dwFlags = JOY_RETURNPOV | JOY_RETURNPOVCTS;  // continuous wins: it includes the discrete values
        fill_info_ex(s, &info);
        CHECK(info.dwPOV == c.angle);
    }
    s.has_pov = false;
    s.pov = 9000;
    info.dwFlags = JOY_RETURNPOVCTS;
    fill_info_ex(s, &info);
    CHECK(info.dwPOV == JOY_POVCENTERED);
}

TEST_CASE("position: calibration reads name their axes", "[joystick]") {
    JOYINFOEX info = {};
    info.dwSize = sizeof info;
    struct Case { DWORD flag; bool x, y, z, r, u, v; } cases[] = {
        {JOY_CAL_READXONLY, 1, 0, 0, 0, 0, 0}, {JOY_CAL_READYONLY, 0, 1, 0, 0, 0, 0},
        {JOY_CAL_READZONLY, 0, 0, 1, 0, 0, 0}, {JOY_CAL_READRONLY, 0, 0, 0, 1, 0, 0},
        {JOY_CAL_READUONLY, 0, 0, 0, 0, 1, 0}, {JOY_CAL_READVONLY, 0, 0, 0, 0, 0, 1},
        {JOY_CAL_READXYONLY, 1, 1, 0, 0, 0, 0}, {JOY_CAL_READ3, 1, 1, 1, 0, 0, 0},
        {JOY_CAL_READ4, 1, 1, 1, 1, 0, 0},     {JOY_CAL_READ5, 1, 1, 1, 1, 1, 0},
        {JOY_CAL_READ6, 1, 1, 1, 1, 1, 1},
    };
    for (const Case& c : cases) {
        INFO("flag 0x" << std::hex << c.flag);
        info.dwFlags = c.flag | JOY_RETURNRAWDATA;
        fill_info_ex(full_state(), &info);
        CHECK((info.dwXpos != 0) == c.x);
        CHECK((info.dwYpos != 0) == c.y);
        CHECK((info.dwZpos != 0) == c.z);
        CHECK((info.dwRpos != 0) == c.r);
        CHECK((info.dwUpos != 0) == c.u);
        CHECK((info.dwVpos != 0) == c.v);
    }
}

TEST_CASE("position: joyGetPos' JOYINFO has X, Y, Z and buttons 1-4", "[joystick][decision]") {
    JOYINFO info = to_info(full_state());
    CHECK(info.wXpos == 0x1000);
    CHECK(info.wYpos == 0x2000);
    CHECK(info.wZpos == 0x3000);
    CHECK(info.wButtons == (JOY_BUTTON1 | JOY_BUTTON3));  // button 32 is JOYINFOEX's only
}

TEST_CASE("caps: the values Windows reports for a controller", "[joystick]") {
    // test_winmm_joystick's device on Windows: VID 0x1209 PID 0x0001, 4 buttons, X Y Z R U and a hat.
    DeviceInfo d;
    d.vendor_id = 0x1209;
    d.product_id = 0x0001;
    d.buttons = 4;
    d.has_axis[axis_x] = d.has_axis[axis_y] = d.has_axis[axis_z] = d.has_axis[axis_r] = d.has_axis[axis_u] = true;
    d.has_pov = true;
    JOYCAPS2W c = caps_for_device(d);
    CHECK(c.wMid == 0x1209);
    CHECK(c.wPid == 0x0001);
    CHECK(std::wstring(c.szPname) == L"Microsoft PC-joystick driver");
    CHECK(c.wXmin == 0);
    CHECK(c.wXmax == 0xffff);
    CHECK(c.wYmax == 0xffff);
    CHECK(c.wZmax == 0xffff);
    CHECK(c.wRmax == 0xffff);
    CHECK(c.wUmax == 0xffff);
    CHECK(c.wVmax == 0xffff);
    CHECK(c.wVmin == 0);
    CHECK(c.wNumButtons == 4);
    CHECK(c.wPeriodMin == 10);
    CHECK(c.wPeriodMax == 1000);
    CHECK(c.wCaps == (JOYCAPS_HASZ | JOYCAPS_HASR | JOYCAPS_HASU | JOYCAPS_HASPOV | JOYCAPS_POV4DIR));
    CHECK(c.wMaxAxes == 6);
    CHECK(c.wNumAxes == 5);
    CHECK(c.wMaxButtons == 32);
    CHECK(std::wstring(c.szRegKey) == L"DINPUT.DLL");
    CHECK(c.szOEMVxD[0] == 0);
    GUID zero = {};
    CHECK(c.ManufacturerGuid == zero);
    CHECK(c.ProductGuid == zero);
    CHECK(c.NameGuid == zero);

    d.buttons = 40;
    d.has_pov = false;
    d.has_axis[axis_z] = false;
    d.has_axis[axis_v] = true;
    c = caps_for_device(d);
    CHECK(c.wNumButtons == 32);
    CHECK(c.wCaps == (JOYCAPS_HASR | JOYCAPS_HASU | JOYCAPS_HASV));
}

TEST_CASE("caps: id -1 gives the registry key and zeros", "[joystick]") {
    JOYCAPS2W c = caps_registry_only();
    CHECK(std::wstring(c.szRegKey) == L"DINPUT.DLL");
    JOYCAPS2W expect = {};
    std::memcpy(expect.szRegKey, c.szRegKey, sizeof c.szRegKey);
    CHECK(std::memcmp(&c, &expect, sizeof c) == 0);
}

TEST_CASE("caps: the ANSI form", "[joystick]") {
    DeviceInfo d;
    d.vendor_id = 0x45e;
    d.product_id = 0x28e;
    d.buttons = 10;
    d.has_axis[axis_x] = d.has_axis[axis_y] = true;
    JOYCAPS2W w = caps_for_device(d);
    JOYCAPS2A a = narrow_caps(w);
    CHECK(a.wMid == 0x45e);
    CHECK(a.wPid == 0x28e);
    CHECK(std::string(a.szPname) == "Microsoft PC-joystick driver");
    CHECK(std::string(a.szRegKey) == "DINPUT.DLL");
    CHECK(a.wNumButtons == 10);
    CHECK(a.wNumAxes == 2);
    CHECK(a.wPeriodMax == 1000);
    CHECK(a.wVmax == 0xffff);
    CHECK(a.szOEMVxD[0] == 0);
}

TEST_CASE("capture: fChanged FALSE posts a move at every poll", "[joystick]") {
    CaptureTracker t(JOYSTICKID1, false, true, at(100, 200, 300, 0));
    std::vector<JoyMessage> ms = t.poll(at(100, 200, 300, 0), 0);
    INFO(describe(ms));
    CHECK(ms == std::vector<JoyMessage>{{MM_JOY1MOVE, 0, xy(100, 200)}, {MM_JOY1ZMOVE, 0, 300}});
    ms = t.poll(at(101, 200, 300, JOY_BUTTON2), 50000);  // the threshold does not matter here
    INFO(describe(ms));
    CHECK(ms == std::vector<JoyMessage>{{MM_JOY1MOVE, JOY_BUTTON2, xy(101, 200)},
                                        {MM_JOY1ZMOVE, JOY_BUTTON2, 300},
                                        {MM_JOY1BUTTONDOWN, JOY_BUTTON2CHG | JOY_BUTTON2, xy(101, 200)}});
}

TEST_CASE("capture: without a Z axis there is no Z message", "[joystick][decision]") {
    CaptureTracker t(JOYSTICKID2, false, false, at(0, 0, 0, 0));
    std::vector<JoyMessage> ms = t.poll(at(5, 6, 7, 0), 0);
    INFO(describe(ms));
    CHECK(ms == std::vector<JoyMessage>{{MM_JOY2MOVE, 0, xy(5, 6)}});
}

TEST_CASE("capture: fChanged TRUE posts only moves greater than the threshold", "[joystick]") {
    CaptureTracker t(JOYSTICKID1, true, true, at(1000, 1000, 1000, 0));
    CHECK(t.poll(at(1000, 1000, 1000, 0), 0).empty());  // nothing moved
    // Threshold 10: 10 is not greater than 10.
    CHECK(t.poll(at(1010, 990, 1010, 0), 10).empty());
    std::vector<JoyMessage> ms = t.poll(at(1011, 1000, 1000, 0), 10);
    INFO(describe(ms));
    CHECK(ms == std::vector<JoyMessage>{{MM_JOY1MOVE, 0, xy(1011, 1000)}});
    // Small steps add up from the last reported position: 1011 -> 1016 -> 1022 crosses 10 at 1022.
    CHECK(t.poll(at(1016, 1000, 1000, 0), 10).empty());
    ms = t.poll(at(1022, 1000, 1000, 0), 10);
    INFO(describe(ms));
    CHECK(ms == std::vector<JoyMessage>{{MM_JOY1MOVE, 0, xy(1022, 1000)}});
    // Y downwards, then Z alone.
    ms = t.poll(at(1022, 900, 1000, 0), 10);
    INFO(describe(ms));
    CHECK(ms == std::vector<JoyMessage>{{MM_JOY1MOVE, 0, xy(1022, 900)}});
    ms = t.poll(at(1022, 900, 1100, 0), 10);
    INFO(describe(ms));
    CHECK(ms == std::vector<JoyMessage>{{MM_JOY1ZMOVE, 0, 1100}});
    // Threshold 0: any change.
    ms = t.poll(at(1023, 900, 1100, 0), 0);
    INFO(describe(ms));
    CHECK(ms == std::vector<JoyMessage>{{MM_JOY1MOVE, 0, xy(1023, 900)}});
}

TEST_CASE("capture: buttons, one message per change, presses first", "[joystick][decision]") {
    CaptureTracker t(JOYSTICKID1, true, false, at(10, 20, 0, JOY_BUTTON1));
    // Button 1 released, 2 and 4 pressed at once.
    std::vector<JoyMessage> ms = t.poll(at(10, 20, 0, JOY_BUTTON2 | JOY_BUTTON4), 0);
    INFO(describe(ms));
    const WPARAM held = JOY_BUTTON2 | JOY_BUTTON4;
    CHECK(ms == std::vector<JoyMessage>{{MM_JOY1BUTTONDOWN, JOY_BUTTON2CHG | held, xy(10, 20)},
                                        {MM_JOY1BUTTONDOWN, JOY_BUTTON4CHG | held, xy(10, 20)},
                                        {MM_JOY1BUTTONUP, JOY_BUTTON1CHG | held, xy(10, 20)}});
    CHECK(t.poll(at(10, 20, 0, held), 0).empty());  // nothing changed
    ms = t.poll(at(10, 20, 0, 0), 0);
    INFO(describe(ms));
    CHECK(ms == std::vector<JoyMessage>{{MM_JOY1BUTTONUP, JOY_BUTTON2CHG, xy(10, 20)},
                                        {MM_JOY1BUTTONUP, JOY_BUTTON4CHG, xy(10, 20)}});
}

TEST_CASE("capture: buttons above 4 are not reported in messages", "[joystick]") {
    CaptureTracker t(JOYSTICKID2, true, false, at(0, 0, 0, 0));
    CHECK(t.poll(at(0, 0, 0, 0x10 | 0x100), 0).empty());  // JOY_BUTTON5, JOY_BUTTON9
    std::vector<JoyMessage> ms = t.poll(at(0, 0, 0, 0x10 | JOY_BUTTON3), 0);
    INFO(describe(ms));
    CHECK(ms == std::vector<JoyMessage>{{MM_JOY2BUTTONDOWN, JOY_BUTTON3CHG | JOY_BUTTON3, 0}});
}

TEST_CASE("capture: a move and a button in the same poll", "[joystick][decision]") {
    CaptureTracker t(JOYSTICKID2, true, true, at(0, 0, 0, 0));
    std::vector<JoyMessage> ms = t.poll(at(500, 600, 700, JOY_BUTTON1), 100);
    INFO(describe(ms));
    CHECK(ms == std::vector<JoyMessage>{{MM_JOY2MOVE, JOY_BUTTON1, xy(500, 600)},
                                        {MM_JOY2ZMOVE, JOY_BUTTON1, 700},
                                        {MM_JOY2BUTTONDOWN, JOY_BUTTON1CHG | JOY_BUTTON1, xy(500, 600)}});
}
