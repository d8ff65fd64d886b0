// dinput_device.cpp against real DirectInput devices. This machine has no game controller, but DirectInput always
// offers the system mouse and keyboard: opening them with winmm's data format (the axes assign_axes() picks, an
// optional POV, 32 optional buttons) and reading them checks that DirectInput takes the format winmm builds.
#include <catch.hpp>

#define DIRECTINPUT_VERSION 0x0800
#include <windows.h>
#include <dinput.h>

#include "dinput_device.h"

using namespace winmm::joystick;

namespace {

IDirectInput8W* direct_input() {
    static IDirectInput8W* di = nullptr;
    if (!di)
        REQUIRE(SUCCEEDED(DirectInput8Create(GetModuleHandleW(nullptr), DIRECTINPUT_VERSION, IID_IDirectInput8W,
                                             reinterpret_cast<void**>(&di), nullptr)));
    return di;
}

}  // namespace

TEST_CASE("dinput: the system mouse takes winmm's data format", "[joystick]") {
    DeviceInfo info;
    IDirectInputDevice8W* mouse = dinput_device::open(direct_input(), GUID_SysMouse, &info);
    REQUIRE(mouse);
    // X and Y serve winmm's X and Y; the wheel (HID Z or wheel) serves Z.
    CHECK(info.has_axis[axis_x]);
    CHECK(info.has_axis[axis_y]);
    CHECK(info.has_axis[axis_z]);
    CHECK_FALSE(info.has_axis[axis_v]);
    CHECK(info.buttons >= 2);
    CHECK_FALSE(info.has_pov);

    DeviceState state;
    state.buttons = 0xdead;
    REQUIRE(SUCCEEDED(dinput_device::read(mouse, info, &state)));
    CHECK(state.has_axis[axis_x]);
    CHECK(state.axis[axis_x] <= 0xFFFF);
    CHECK(state.axis[axis_v] == 0);
    CHECK(state.pov == JOY_POVCENTERED);
    CHECK((state.buttons & ~((1u << info.buttons) - 1)) == 0);  // no button the mouse does not have
    mouse->Unacquire();
    mouse->Release();
}

TEST_CASE("dinput: the system keyboard (no axes) opens too", "[joystick]") {
    DeviceInfo info;
    IDirectInputDevice8W* keyboard = dinput_device::open(direct_input(), GUID_SysKeyboard, &info);
    REQUIRE(keyboard);
    for (bool present : info.has_axis) CHECK_FALSE(present);
    DeviceState state;
    REQUIRE(SUCCEEDED(dinput_device::read(keyboard, info, &state)));
    for (DWORD value : state.axis) CHECK(value == 0);
    keyboard->Unacquire();
    keyboard->Release();
}

TEST_CASE("dinput: a device that does not exist", "[joystick]") {
    DeviceInfo info;
    GUID nowhere = {0x12345678, 0x1234, 0x1234, {1, 2, 3, 4, 5, 6, 7, 8}};
    CHECK(dinput_device::open(direct_input(), nowhere, &info) == nullptr);
}
