// The decisions of a joystick capture, apart from its timer and window: given the position the last poll read,
// which MM_JOY* messages a poll posts. Portable, so the tests feed it synthetic positions and compare the
// messages exactly. Facts and decisions: docs/joystick.md.
#pragma once

#include <windows.h>
#include <mmsystem.h>

#include <vector>

namespace winmm::joystick {

struct JoyMessage {
    UINT message;
    WPARAM wparam;
    LPARAM lparam;
    bool operator==(const JoyMessage& o) const {
        return message == o.message && wparam == o.wparam && lparam == o.lparam;
    }
};

class CaptureTracker {
public:
    // id: JOYSTICKID1 or JOYSTICKID2 (the only ids with messages). changed: joySetCapture's fChanged.
    // has_z: the device has a Z axis (no MM_JOYnZMOVE otherwise). start: the position when capture began.
    CaptureTracker(UINT id, bool changed, bool has_z, const JOYINFO& start);

    // The messages for one poll that read `now`, in the order they are posted. threshold: joySetThreshold's
    // value at this poll.
    std::vector<JoyMessage> poll(const JOYINFO& now, UINT threshold);

private:
    UINT id_;
    bool changed_;
    bool has_z_;
    JOYINFO reported_;  // the position the last move messages carried, and the buttons last reported
};

}  // namespace winmm::joystick
