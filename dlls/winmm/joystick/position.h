// A device's state as the DirectInput layer reads it, and how it becomes JOYINFOEX / JOYINFO. Portable (no calls into
// Windows), so it is unit tested with synthetic states. Facts followed: docs/joystick.md.
#pragma once

#include <windows.h>
#include <mmsystem.h>

#include "joystick_limits.h"

namespace winmm::joystick {

struct DeviceState {
    DWORD axis[axis_count] = {};      // 0..axis_max; 0 for an axis the device does not have
    bool has_axis[axis_count] = {};
    DWORD pov = JOY_POVCENTERED;      // hundredths of a degree clockwise from forward, or JOY_POVCENTERED
    bool has_pov = false;
    DWORD buttons = 0;                // bit n = button n+1 pressed
};

// A point-of-view angle as JOY_RETURNPOV reports it: one of the five JOY_POV* values.
DWORD pov_discrete(DWORD hundredths);

// Fills what info->dwFlags asks for; every other position, button and POV member is set to zero, as the
// JOYINFOEX page says. dwSize, dwFlags and the two reserved members are left as the caller set them.
void fill_info_ex(const DeviceState& s, JOYINFOEX* info);

// joyGetPos: X, Y, Z and buttons 1-4.
JOYINFO to_info(const DeviceState& s);

}  // namespace winmm::joystick
