#include "axis_map.h"

namespace winmm::joystick {

namespace {

// Candidates per winmm axis, best first. Windows is seen (Wine's dinput test test_winmm_joystick, run on
// Windows) to give a device with X, Wheel, Rx, Dial, Rz, Slider, Z and Ry: X <- X, Y <- Rx (it has no Y),
// Z <- Z, R <- Rz, U <- Slider and no V. The lists below reproduce that and fall back, for devices without the
// usual axis, on the next kind a game controller commonly puts there.
const std::vector<AxisKind> candidates[axis_count] = {
    {AxisKind::x, AxisKind::ry},                                                           // X
    {AxisKind::y, AxisKind::rx},                                                           // Y
    {AxisKind::z, AxisKind::wheel, AxisKind::slider, AxisKind::dial},                      // Z
    {AxisKind::rz, AxisKind::slider, AxisKind::dial, AxisKind::ry, AxisKind::rx},          // R
    {AxisKind::slider, AxisKind::dial, AxisKind::ry, AxisKind::rx},                        // U
    {AxisKind::rx},                                                                        // V
};

}  // namespace

AxisAssignment assign_axes(const std::vector<AxisKind>& device_axes) {
    AxisAssignment result;
    result.fill(-1);
    std::vector<bool> used(device_axes.size(), false);
    for (int axis = 0; axis < axis_count; ++axis) {
        for (AxisKind wanted : candidates[axis]) {
            int found = -1;
            for (size_t i = 0; i < device_axes.size(); ++i)
                if (!used[i] && device_axes[i] == wanted) {
                    found = static_cast<int>(i);
                    break;
                }
            if (found < 0) continue;
            // A kind already serving an earlier winmm axis is not offered twice: the next candidate is tried.
            used[found] = true;
            result[axis] = found;
            break;
        }
    }
    return result;
}

unsigned assigned_count(const AxisAssignment& a) {
    unsigned n = 0;
    for (int index : a)
        if (index >= 0) ++n;
    return n;
}

}  // namespace winmm::joystick
