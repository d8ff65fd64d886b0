// The Core Audio side of the mixer: the volume and mute of winmm's audio session on an endpoint (see
// session_guid.h for why a session and which one). Every volume control of a mixer is this session's master
// volume and every mute control its mute.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <string>

#include "layout.h"

namespace winmm::mixer::session {

struct State {
    float volume = 1.0f;
    bool mute = false;
};

// MMSYSERR_NODRIVER when the endpoint cannot be reached (unknown id, no audio service, device gone).
MMRESULT read(const std::wstring& endpoint, State* out);
MMRESULT set_volume(const std::wstring& endpoint, float volume);
MMRESULT set_mute(const std::wstring& endpoint, bool mute);

// PKEY_AudioEndpoint_FormFactor of the endpoint; FormFactor::unknown when it does not say.
layout::FormFactor form_factor(const std::wstring& endpoint);

// Called (on any thread) when the session reports a change it was told about; handles.cpp compares and notifies.
using ChangeHook = void (*)(const std::wstring& endpoint);
void set_change_hook(ChangeHook hook);

}  // namespace winmm::mixer::session
