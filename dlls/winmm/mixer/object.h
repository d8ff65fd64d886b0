// From the (object, MIXER_OBJECTF_*) pair every mixer function takes to the mixer device it designates.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include "devices.h"

namespace winmm::mixer {

// MIXER_OBJECTF_HANDLE | the type bits (mmddk's MIXER_OBJECTF_TYPEMASK, absent from MinGW's headers).
constexpr DWORD kObjectMask = 0xF0000000;

// The object type bits of flags are one of the eleven MIXER_OBJECTF_* values.
bool object_flags_valid(DWORD flags);

// MMSYSERR_BADDEVICEID for an id out of range, MMSYSERR_INVALHANDLE for a handle that is not open,
// MMSYSERR_NODRIVER for a valid MIDI or aux object (they have no mixer) or a wave handle opened on the mapper,
// MMSYSERR_INVALFLAG for an unknown object type.
MMRESULT resolve(HMIXEROBJ object, DWORD flags, Device* out);

}  // namespace winmm::mixer
