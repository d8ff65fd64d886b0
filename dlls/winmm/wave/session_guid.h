// The audio session winmm's streams and mixer share on each endpoint.
//
// Since Vista the mixer's volume and mute controls are not the device's: they are the calling process's audio
// session volume on that endpoint (docs/mixer.md). For a mixer change to reach the waveOut/waveIn streams, the
// streams must be in the session the mixer controls, so both pass this GUID: IAudioClient::Initialize's
// AudioSessionGuid on the wave side, IAudioSessionManager::GetSimpleAudioVolume on the mixer side. A named GUID
// rather than GUID_NULL: Wine 8 gives every GUID_NULL request a session of its own, so two components asking for
// "the default session" would never meet there. Sessions are per process unless opened cross-process, so one fixed
// value serves every process.
#pragma once

#include <windows.h>

namespace winmm::audio {

// {6D6D6E67-6D69-7865-7200-77696E6D6D00}: "mmng" "mix" "er" "winmm".
inline constexpr GUID kSessionGuid = {0x6d6d6e67, 0x6d69, 0x7865, {0x72, 0x00, 0x77, 0x69, 0x6e, 0x6d, 0x6d, 0x00}};

}  // namespace winmm::audio
