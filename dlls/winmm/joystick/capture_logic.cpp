#include "capture_logic.h"

namespace winmm::joystick {

namespace {

// The MM_JOY* messages carry buttons 1-4 only: JOY_BUTTONn in the low nibble and JOY_BUTTONnCHG (0x100 << n-1)
// in the second byte of wParam.
constexpr UINT message_buttons = 0xF;

bool moved_beyond(UINT from, UINT to, UINT threshold) {
    UINT distance = from > to ? from - to : to - from;
    return distance > threshold;  // "changes by a value greater than the joystick movement threshold"
}

LPARAM xy(const JOYINFO& p) { return static_cast<LPARAM>(MAKELONG(p.wXpos, p.wYpos)); }

}  // namespace

CaptureTracker::CaptureTracker(UINT id, bool changed, bool has_z, const JOYINFO& start)
    : id_(id), changed_(changed), has_z_(has_z), reported_(start) {
    reported_.wButtons &= message_buttons;
}

std::vector<JoyMessage> CaptureTracker::poll(const JOYINFO& now, UINT threshold) {
    std::vector<JoyMessage> out;
    const UINT buttons = now.wButtons & message_buttons;
    const UINT move = id_ == JOYSTICKID1 ? MM_JOY1MOVE : MM_JOY2MOVE;
    const UINT zmove = id_ == JOYSTICKID1 ? MM_JOY1ZMOVE : MM_JOY2ZMOVE;
    const UINT down = id_ == JOYSTICKID1 ? MM_JOY1BUTTONDOWN : MM_JOY2BUTTONDOWN;
    const UINT up = id_ == JOYSTICKID1 ? MM_JOY1BUTTONUP : MM_JOY2BUTTONUP;

    // Without fChanged, a move message at every poll; with it, only when X or Y (Z for the Z message) has moved
    // further than the threshold from where the last message put it, so slow drift adds up until it counts.
    if (!changed_ || moved_beyond(reported_.wXpos, now.wXpos, threshold) ||
        moved_beyond(reported_.wYpos, now.wYpos, threshold)) {
        out.push_back({move, buttons, xy(now)});
        reported_.wXpos = now.wXpos;
        reported_.wYpos = now.wYpos;
    }
    if (has_z_ && (!changed_ || moved_beyond(reported_.wZpos, now.wZpos, threshold))) {
        out.push_back({zmove, buttons, static_cast<LPARAM>(MAKELONG(now.wZpos, 0))});
        reported_.wZpos = now.wZpos;
    }

    // One message per button that changed, lowest button first: wParam = that button's JOY_BUTTONnCHG and the
    // buttons held now (the MM_JOY1BUTTONDOWN/UP pages: "the button that has changed state and the buttons that
    // are pressed"). Presses before releases. [decision] for the order, docs/joystick.md.
    const UINT changed_buttons = buttons ^ reported_.wButtons;
    for (int pass = 0; pass < 2; ++pass) {
        const bool pressed = pass == 0;
        for (UINT n = 0; n < 4; ++n) {
            const UINT bit = 1u << n;
            if (!(changed_buttons & bit) || ((buttons & bit) != 0) != pressed) continue;
            out.push_back({pressed ? down : up, static_cast<WPARAM>((JOY_BUTTON1CHG << n) | buttons), xy(now)});
        }
    }
    reported_.wButtons = buttons;
    return out;
}

}  // namespace winmm::joystick
