// Under Wine, Drivers32 names no MIDI driver: Wine's own winmm takes it from mmdevapi instead. This finds the
// same driver, so the loader sees the MIDI devices Wine's builtin would.
#pragma once

#include <string>

namespace winmm::driver::lowlevel {

// The file name of the audio driver Wine's mmdevapi uses (e.g. "winepulse.drv"); empty on Windows, or when
// mmdevapi does not say.
std::wstring wine_audio_driver();

}  // namespace winmm::driver::lowlevel
