// Numbers the joystick subsystem shares between its portable core and its Win32 layer.
#pragma once

#include <windows.h>

namespace winmm::joystick {

// Windows' winmm offers 16 joystick ids (JOYSTICKID1 = 0 .. 15) and joyGetNumDevs reports all 16 whether or
// not anything is plugged in (Wine's dinput test test_winmm_joystick, which runs on Windows).
constexpr UINT slot_count = 16;

// The capture polling range Windows reports in JOYCAPS (wPeriodMin/wPeriodMax, same test); joySetCapture
// clamps a period outside it to the nearer bound (the "Time-Based Notifications" page).
constexpr UINT period_min = 10;
constexpr UINT period_max = 1000;

// joySetThreshold accepts 0..65535 and answers MMSYSERR_INVALPARAM above (Wine's winmm joystick test).
constexpr UINT threshold_max = 0xFFFF;

// Every axis is reported on 0..65535 with its neutral position in the middle (JOYCAPS of the same test).
constexpr DWORD axis_max = 0xFFFF;

// The six winmm axes, in JOYINFOEX's order.
enum Axis : int { axis_x, axis_y, axis_z, axis_r, axis_u, axis_v, axis_count };

// JOYINFOEX reports up to 32 buttons.
constexpr UINT button_max = 32;

}  // namespace winmm::joystick
