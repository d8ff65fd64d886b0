// The joy* exports: argument checks in the order Windows makes them (docs/joystick.md lists the sources), then
// the device list (devices.h), the portable mapping (position.h, caps.h) and the capture poller (captures.h).
#include <windows.h>
#include <mmsystem.h>
#include <mmddk.h>

#include <cstring>

#include "caps.h"
#include "captures.h"
#include "devices.h"
#include "joystick_limits.h"
#include "log.h"
#include "position.h"

using namespace winmm::joystick;

// Not declared by MinGW's <mmsystem.h>.
extern "C" MMRESULT WINAPI joyConfigChanged(DWORD flags);

namespace {

MMRESULT read_state(UINT id, DeviceState* state) {
    if (id >= slot_count) return JOYERR_PARMS;
    if (!devices::driver_present()) return MMSYSERR_NODRIVER;
    // An id without a controller: JOYERR_PARMS, not JOYERR_UNPLUGGED (Wine's dinput test test_winmm_joystick,
    // run on Windows: joyGetPos and joyGetPosEx of an empty id).
    return devices::read_state(id, state) ? JOYERR_NOERROR : JOYERR_PARMS;
}

// Both sizes Windows takes, the JOYCAPS and JOYCAPS2 forms (same test; 4 bytes more or less is JOYERR_PARMS).
template <class Caps, class Caps2>
bool caps_size_ok(UINT size) {
    return size == sizeof(Caps) || size == sizeof(Caps2);
}

MMRESULT get_caps(UINT_PTR id, JOYCAPS2W* caps) {
    // -1 gives szRegKey "whether a device is present or not" (joyGetDevCaps page).
    if (id == static_cast<UINT_PTR>(-1)) {
        if (!devices::driver_present()) return MMSYSERR_NODRIVER;
        *caps = caps_registry_only();
        return JOYERR_NOERROR;
    }
    if (id >= slot_count) return JOYERR_PARMS;
    if (!devices::driver_present()) return MMSYSERR_NODRIVER;
    DeviceInfo info;
    // An empty id is JOYERR_PARMS on Windows (Wine's winmm and dinput joystick tests).
    if (!devices::read_info(static_cast<UINT>(id), &info)) return JOYERR_PARMS;
    *caps = caps_for_device(info);
    return JOYERR_NOERROR;
}

}  // namespace

extern "C" UINT WINAPI joyGetNumDevs(void) {
    // The number of ids the driver offers, not of controllers attached ("zero if no driver is installed").
    return devices::driver_present() ? slot_count : 0;
}

extern "C" MMRESULT WINAPI joyGetDevCapsW(UINT_PTR id, LPJOYCAPSW pjc, UINT cbjc) {
    if (!pjc) return MMSYSERR_INVALPARAM;
    if (!caps_size_ok<JOYCAPSW, JOYCAPS2W>(cbjc)) return JOYERR_PARMS;
    JOYCAPS2W caps;
    MMRESULT r = get_caps(id, &caps);
    if (r == JOYERR_NOERROR) std::memcpy(pjc, &caps, cbjc);
    return r;
}

extern "C" MMRESULT WINAPI joyGetDevCapsA(UINT_PTR id, LPJOYCAPSA pjc, UINT cbjc) {
    if (!pjc) return MMSYSERR_INVALPARAM;
    if (!caps_size_ok<JOYCAPSA, JOYCAPS2A>(cbjc)) return JOYERR_PARMS;
    JOYCAPS2W caps;
    MMRESULT r = get_caps(id, &caps);
    if (r == JOYERR_NOERROR) {
        JOYCAPS2A narrow = narrow_caps(caps);
        std::memcpy(pjc, &narrow, cbjc);
    }
    return r;
}

extern "C" MMRESULT WINAPI joyGetPosEx(UINT uJoyID, LPJOYINFOEX pji) {
    if (!pji) return MMSYSERR_INVALPARAM;
    // dwSize below the structure's size is JOYERR_PARMS; a larger one is accepted (Wine's winmm joystick test).
    if (pji->dwSize < sizeof(JOYINFOEX)) return JOYERR_PARMS;
    DeviceState state;
    MMRESULT r = read_state(uJoyID, &state);
    if (r == JOYERR_NOERROR) fill_info_ex(state, pji);
    return r;
}

extern "C" MMRESULT WINAPI joyGetPos(UINT uJoyID, LPJOYINFO pji) {
    if (!pji) return MMSYSERR_INVALPARAM;
    DeviceState state;
    MMRESULT r = read_state(uJoyID, &state);
    if (r == JOYERR_NOERROR) *pji = to_info(state);
    return r;
}

extern "C" MMRESULT WINAPI joyGetThreshold(UINT uJoyID, LPUINT puThreshold) {
    if (!puThreshold) return MMSYSERR_INVALPARAM;
    if (uJoyID >= slot_count) return JOYERR_PARMS;  // [decision] docs/joystick.md
    if (!devices::driver_present()) return MMSYSERR_NODRIVER;
    *puThreshold = captures::threshold(uJoyID);
    return JOYERR_NOERROR;
}

extern "C" MMRESULT WINAPI joySetThreshold(UINT uJoyID, UINT uThreshold) {
    if (uJoyID >= slot_count) return JOYERR_PARMS;  // the joySetThreshold page
    // Above 65535: MMSYSERR_INVALPARAM, and the threshold stays as it was (Wine's winmm joystick test).
    if (uThreshold > threshold_max) return MMSYSERR_INVALPARAM;
    if (!devices::driver_present()) return MMSYSERR_NODRIVER;
    captures::set_threshold(uJoyID, uThreshold);
    return JOYERR_NOERROR;
}

extern "C" MMRESULT WINAPI joySetCapture(HWND hwnd, UINT uJoyID, UINT uPeriod, BOOL fChanged) {
    // A NULL window is JOYERR_PARMS (Wine's winmm joystick test); so is an id out of range.
    if (!hwnd || uJoyID >= slot_count) return JOYERR_PARMS;
    if (!IsWindow(hwnd)) return JOYERR_PARMS;  // [decision] docs/joystick.md
    if (!devices::driver_present()) return MMSYSERR_NODRIVER;
    // Outside wPeriodMin..wPeriodMax "the joystick driver uses the minimum or maximum polling frequency,
    // whichever is closer" (Time-Based Notifications page).
    UINT period = uPeriod < period_min ? period_min : uPeriod > period_max ? period_max : uPeriod;
    return captures::start(hwnd, uJoyID, period, fChanged != FALSE);
}

extern "C" MMRESULT WINAPI joyReleaseCapture(UINT uJoyID) {
    if (uJoyID >= slot_count) return JOYERR_PARMS;
    if (!devices::driver_present()) return MMSYSERR_NODRIVER;
    // "This method returns JOYERR_NOERROR when passed a valid joystick identifier that has not been captured."
    captures::stop(uJoyID);
    return JOYERR_NOERROR;
}

extern "C" MMRESULT WINAPI joyConfigChanged(DWORD dwFlags) {
    if (dwFlags != 0) return JOYERR_PARMS;
    devices::refresh();
    // "This function causes a window message to be sent to all top-level windows", registered under
    // JOY_CONFIGCHANGED_MSGSTRING. SendNotifyMessage: delivered at once to this thread's windows, queued for the
    // others, so a hung window elsewhere cannot block the caller.
    UINT message = RegisterWindowMessageA(JOY_CONFIGCHANGED_MSGSTRING);
    if (message) SendNotifyMessageW(HWND_BROADCAST, message, 0, 0);
    return JOYERR_NOERROR;
}
