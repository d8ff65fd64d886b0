// What joyGetDevCaps reports for a device, built from what the DirectInput layer learns about it. No DirectInput
// here: unit tested with synthetic devices. The values are Windows' (docs/joystick.md).
#pragma once

#include <windows.h>
#include <mmsystem.h>

#include "joystick_limits.h"

namespace winmm::joystick {

struct DeviceInfo {
    WORD vendor_id = 0;                 // USB vendor and product ids (DIPROP_VIDPID); 0 when unknown
    WORD product_id = 0;
    unsigned buttons = 0;               // as many as the device has; JOYCAPS caps it at 32
    bool has_axis[axis_count] = {};     // which winmm axes some device axis serves
    bool has_pov = false;
};

// The JOYCAPS2W the API copies out (the caller's size decides how much of it).
JOYCAPS2W caps_for_device(const DeviceInfo& d);

// What uJoyID = -1 returns: everything zero but szRegKey.
JOYCAPS2W caps_registry_only();

// The ANSI form, names converted to the ANSI code page.
JOYCAPS2A narrow_caps(const JOYCAPS2W& w);

}  // namespace winmm::joystick
