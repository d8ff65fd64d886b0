// Where a MIDI device id leads: a device of the low-level driver loader (driver/loader.h), or the MIDI mapper.
// The mapper is a driver of its own (Drivers32 "midimapper"; under Wine, midimap.dll as Wine's builtin loads it),
// loaded after the device drivers because it opens them through this same API.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include "driver/loader.h"

namespace winmm::midi {

enum class Dir { out, in };

struct Target {
    driver::lowlevel::EntryPoint entry = nullptr;
    UINT device = 0;  // the first argument of modMessage/midMessage: the driver's local index, or MIDI_MAPPER
};

UINT count(Dir d);
// MMSYSERR_BADDEVICEID for an id beyond the devices, and for MIDI_MAPPER when there is no mapper, no MIDI output
// device for it to map to, or the direction is input (Windows has no MIDI input mapper).
MMRESULT resolve(Dir d, UINT id, Target* out);

}  // namespace winmm::midi
