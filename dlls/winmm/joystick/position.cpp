#include "position.h"

namespace winmm::joystick {

DWORD pov_discrete(DWORD hundredths) {
    if (hundredths == JOY_POVCENTERED || hundredths >= 36000) return JOY_POVCENTERED;
    // Four sectors of 90 degrees centred on forward, right, backward and left; a diagonal (45, 135, ...)
    // goes to the direction clockwise of it. [decision] in docs/joystick.md.
    static const DWORD directions[4] = {JOY_POVFORWARD, JOY_POVRIGHT, JOY_POVBACKWARD, JOY_POVLEFT};
    return directions[((hundredths + 4500) / 9000) % 4];
}

void fill_info_ex(const DeviceState& s, JOYINFOEX* info) {
    const DWORD f = info->dwFlags;
    // The calibration reads name axes of their own; the values are the same ones (DirectInput's, already
    // calibrated: there is no rawer reading to give).
    const bool x = f & (JOY_RETURNX | JOY_CAL_READ3 | JOY_CAL_READ4 | JOY_CAL_READ5 | JOY_CAL_READ6 |
                        JOY_CAL_READXONLY | JOY_CAL_READXYONLY);
    const bool y = f & (JOY_RETURNY | JOY_CAL_READ3 | JOY_CAL_READ4 | JOY_CAL_READ5 | JOY_CAL_READ6 |
                        JOY_CAL_READYONLY | JOY_CAL_READXYONLY);
    const bool z = f & (JOY_RETURNZ | JOY_CAL_READ3 | JOY_CAL_READ4 | JOY_CAL_READ5 | JOY_CAL_READ6 |
                        JOY_CAL_READZONLY);
    const bool r = f & (JOY_RETURNR | JOY_CAL_READ4 | JOY_CAL_READ5 | JOY_CAL_READ6 | JOY_CAL_READRONLY);
    const bool u = f & (JOY_RETURNU | JOY_CAL_READ5 | JOY_CAL_READ6 | JOY_CAL_READUONLY);
    const bool v = f & (JOY_RETURNV | JOY_CAL_READ6 | JOY_CAL_READVONLY);
    info->dwXpos = x ? s.axis[axis_x] : 0;
    info->dwYpos = y ? s.axis[axis_y] : 0;
    info->dwZpos = z ? s.axis[axis_z] : 0;
    info->dwRpos = r ? s.axis[axis_r] : 0;
    info->dwUpos = u ? s.axis[axis_u] : 0;
    info->dwVpos = v ? s.axis[axis_v] : 0;

    info->dwButtons = 0;
    info->dwButtonNumber = 0;
    if (f & JOY_RETURNBUTTONS) {
        info->dwButtons = s.buttons;
        // Windows reports the number of buttons held (4 for buttons 1-4, 2 for buttons 2 and 3: Wine's
        // dinput test test_winmm_joystick, run on Windows).
        for (DWORD b = s.buttons; b; b &= b - 1) ++info->dwButtonNumber;
    }

    info->dwPOV = 0;
    const DWORD pov = s.has_pov ? s.pov : JOY_POVCENTERED;
    if (f & JOY_RETURNPOVCTS)
        info->dwPOV = pov;  // continuous hundredths; centred is JOY_POVCENTERED as well
    else if (f & JOY_RETURNPOV)
        info->dwPOV = pov_discrete(pov);
}

JOYINFO to_info(const DeviceState& s) {
    JOYINFO info;
    info.wXpos = static_cast<UINT>(s.axis[axis_x]);
    info.wYpos = static_cast<UINT>(s.axis[axis_y]);
    info.wZpos = static_cast<UINT>(s.axis[axis_z]);
    // JOYINFO documents JOY_BUTTON1..JOY_BUTTON4 only, and joyGetPos' page sends devices with more than four
    // buttons to joyGetPosEx: the others are not reported here. [decision] in docs/joystick.md.
    info.wButtons = s.buttons & 0xF;
    return info;
}

}  // namespace winmm::joystick
