// Which of a device's axes serves each of winmm's six (X, Y, Z, R, U, V). Portable: works on the kinds of axes a
// device reports, so it is unit tested without DirectInput. Windows' choices: docs/joystick.md.
#pragma once

#include <array>
#include <vector>

#include "joystick_limits.h"

namespace winmm::joystick {

// The HID generic-desktop axes DirectInput reports for a game controller.
enum class AxisKind { x, y, z, rx, ry, rz, slider, dial, wheel, other };

// For each winmm axis, the index into the device's axis list that serves it, or -1 when none does.
using AxisAssignment = std::array<int, axis_count>;

AxisAssignment assign_axes(const std::vector<AxisKind>& device_axes);

// How many winmm axes an assignment serves (JOYCAPS.wNumAxes).
unsigned assigned_count(const AxisAssignment& a);

}  // namespace winmm::joystick
