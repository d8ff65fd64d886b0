// joySetCapture's polling and the per-id movement thresholds (capture_win32.cpp). The exports validate their
// arguments first; these functions take ids below slot_count and a live window.
#pragma once

#include <windows.h>

namespace winmm::joystick::captures {

// Starts polling joystick `id` every `period` ms (already clamped), posting MM_JOY* messages to `hwnd`.
// JOYERR_UNPLUGGED without a device, JOYERR_NOCANDO when the id is captured already or no polling thread starts.
MMRESULT start(HWND hwnd, UINT id, UINT period, bool changed);

// Stops it; an id that is not captured is not an error.
void stop(UINT id);

UINT threshold(UINT id);
void set_threshold(UINT id, UINT value);

}  // namespace winmm::joystick::captures
