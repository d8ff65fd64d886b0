// Which mixer devices exist: one per waveOut device, then one per waveIn device, each standing for the audio
// endpoint under its wave device. Found through the wave subsystem's public exports only (waveOutGetNumDevs,
// waveOutGetDevCapsW, waveOutMessage(DRV_QUERYFUNCTIONINSTANCEID) ...), so the wave implementation behind them
// does not matter.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <string>

#include "layout.h"

namespace winmm::mixer {

struct Device {
    UINT mixer_id = 0;
    layout::Flow flow = layout::Flow::render;
    UINT wave_id = 0;             // the waveOut or waveIn device id
    std::wstring endpoint;        // the MMDevice id string; empty when the wave device does not tell
    WORD mid = 0, pid = 0;        // from the wave device's caps
    MMVERSION version = 0;
    WCHAR name[MAXPNAMELEN] = {};
    WORD channels = 2;
};

UINT device_count();
// False when mixer_id is out of range or the wave device's caps cannot be read.
bool device_at(UINT mixer_id, Device* out);

// The mixer id of a wave device id; false when there is no such wave device.
bool mixer_of_waveout(UINT wave_id, UINT* mixer_id);
bool mixer_of_wavein(UINT wave_id, UINT* mixer_id);

}  // namespace winmm::mixer
