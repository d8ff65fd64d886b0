// winmm-ng PlaySound: a whole WAVE sound read into memory through mmio (PlaySound loads the entire sound before
// playing it, as the "simple audio playback" page says), and the reader that fills it from an open HMMIO.
#pragma once

#include <windows.h>
#include <mmsystem.h>

#include <cstdint>
#include <vector>

namespace winmm::playsound {

struct WaveImage {
    std::vector<uint8_t> format;  // a WAVEFORMATEX (cbSize valid), extra bytes of compressed formats included
    std::vector<uint8_t> data;    // the 'data' chunk, whole blocks only

    const WAVEFORMATEX* wfx() const { return reinterpret_cast<const WAVEFORMATEX*>(format.data()); }
};

// Reads the first RIFF WAVE form of `h` (from its current position): its 'fmt ' and 'data' chunks. False for
// anything that is not a playable WAVE image (no RIFF/WAVE, no or a short format, no data block); `h` stays
// open. Only mmio calls: an I/O procedure the application installed serves the bytes.
bool read_wave(HMMIO h, WaveImage& out);

}  // namespace winmm::playsound
