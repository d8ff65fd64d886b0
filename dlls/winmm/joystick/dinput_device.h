// One game controller on DirectInput 8, opened the way winmm reads it: a data format of our own with the six axes
// assign_axes() chose, one POV and 32 buttons. devices_dinput.cpp keeps the list of them; tests/joystick opens the
// system mouse with it to check the format against a real DirectInput device.
#pragma once

#define DIRECTINPUT_VERSION 0x0800
#include <windows.h>
#include <dinput.h>

#include "caps.h"
#include "position.h"

namespace winmm::joystick::dinput_device {

// Creates, formats and acquires the device; fills `info`. nullptr (and a warning in the log) when a step fails.
IDirectInputDevice8W* open(IDirectInput8W* dinput, const GUID& instance, DeviceInfo* info);

// Polls and reads it, acquiring again once if it was lost. The DirectInput result; `out` is filled on success.
HRESULT read(IDirectInputDevice8W* device, const DeviceInfo& info, DeviceState* out);

}  // namespace winmm::joystick::dinput_device
