// The joystick slots: which game controller sits behind each of the 16 ids, and its state. devices_dinput.cpp
// implements this on DirectInput 8; the tests link a synthetic implementation instead (tests/joystick).
#pragma once

#include <windows.h>

#include "caps.h"
#include "position.h"

namespace winmm::joystick::devices {

// Whether the joystick driver is there: dinput8.dll loads and DirectInput8Create works. Loads it on the first
// call (never from DllMain). false: every joystick export answers MMSYSERR_NODRIVER.
bool driver_present();

// The device in slot `id` (< slot_count). false when the slot is empty; an empty slot makes the list be built
// again first, at most once per rescan period, so a controller plugged in later is found.
bool read_state(UINT id, DeviceState* out);
bool read_info(UINT id, DeviceInfo* out);

// joyConfigChanged: builds the list again now.
void refresh();

}  // namespace winmm::joystick::devices
