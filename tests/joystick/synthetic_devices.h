// A device list the test controls, linked in place of devices_dinput.cpp so the exports and the capture poller run
// against controllers that move when the test says so.
#pragma once

#include <windows.h>

#include "caps.h"
#include "position.h"

namespace synthetic {

void set_driver(bool present);
void plug(UINT id, const winmm::joystick::DeviceInfo& info, const winmm::joystick::DeviceState& state);
void unplug(UINT id);
void move(UINT id, const winmm::joystick::DeviceState& state);
int refreshes();  // how often joyConfigChanged asked for a new list

}  // namespace synthetic
