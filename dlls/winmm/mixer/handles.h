// Open mixer handles and the MM_MIXM_CONTROL_CHANGE notifications to their callbacks (window, thread or event).
//
// An HMIXER is 0x6D000000 | generation << 16 | slot, never an address: mixer functions take either a device id or
// a handle in the same parameter (MIXER_OBJECTF_MIXER and MIXER_OBJECTF_HMIXER are both optional), and this range
// cannot be mistaken for a device id. Looking a value up never dereferences it.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <string>

#include "layout.h"

namespace winmm::mixer::handles {

struct Open {
    UINT mixer_id = 0;
    layout::Flow flow = layout::Flow::render;
    std::wstring endpoint;
    // Where notifications go: a window (DCB_WINDOW), a thread id (DCB_TASK) or an event (DCB_EVENT), delivered
    // the DriverCallback way; target 0 means none.
    DWORD_PTR target = 0;
    DWORD kind = 0;  // DCB_* type
};

// Null when no slot is left.
HMIXER open(const Open& o);
bool close(HMIXER h);
bool lookup(UINT_PTR value, Open* out);

// Re-reads the session state of the endpoint and, for each kind (volume, mute) that differs from the last state
// seen, posts MM_MIXM_CONTROL_CHANGE for every control of that kind to every window of a mixer open on the
// endpoint. Called after a set, from the session's change events, and by a poll while windows are registered.
void check(const std::wstring& endpoint);

}  // namespace winmm::mixer::handles
