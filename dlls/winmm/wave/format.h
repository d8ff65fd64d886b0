// Wave formats: which WAVEFORMATEX a device takes directly (PCM 8/16/24/32-bit, IEEE float 32-bit, and their
// WAVE_FORMAT_EXTENSIBLE forms, 1-8 channels, any rate), and the sample conversions to and from float32.
// Portable: no Win32 calls, so it can be unit-tested natively.
#pragma once

#include <windows.h>

#include <mmreg.h>
#include <mmsystem.h>

#include <cstddef>
#include <cstdint>

namespace winmm::wave {

enum class SampleType { u8, s16, s24, s32, f32 };

// A validated linear format: what the engines convert from/to.
struct PcmFormat {
    SampleType type = SampleType::s16;
    unsigned channels = 0;
    unsigned rate = 0;
    unsigned bits = 0;         // container bits per sample (8, 16, 24, 32)
    unsigned block_align = 0;  // bytes per frame (channels * bits / 8)
    unsigned long channel_mask = 0;  // speaker positions (from EXTENSIBLE, else the default for the count)
    unsigned bytes_per_sec() const { return rate * block_align; }
};

constexpr unsigned kMaxChannels = 8;

// Parses a format a device plays or records directly. MMSYSERR_NOERROR and `out` filled, or WAVERR_BADFORMAT
// (compressed tags, inconsistent nBlockAlign/nAvgBytesPerSec, unsupported bits or channel counts, zero rate),
// or MMSYSERR_INVALPARAM for a null pointer.
MMRESULT parse_linear(const WAVEFORMATEX* wfx, PcmFormat& out);

// True for WAVE_FORMAT_PCM, WAVE_FORMAT_IEEE_FLOAT and EXTENSIBLE with either subformat (no validation).
bool is_linear_tag(const WAVEFORMATEX* wfx);

// The default speaker mask for a channel count (KSAUDIO_SPEAKER_* layouts).
unsigned long default_channel_mask(unsigned channels);

// WAVE_FORMAT_EXTENSIBLE float32 with the format's channels, rate and mask: what the engine hands to WASAPI.
WAVEFORMATEXTENSIBLE float_extensible(const PcmFormat& f);

// `frames` frames of `f` at `src` to interleaved float32 at `dst`, each sample multiplied by the gain of its
// channel: gain_left for even channel indices, gain_right for odd ones (mono: gain_left).
void to_float(const PcmFormat& f, const void* src, size_t frames, float* dst, float gain_left = 1.0f,
              float gain_right = 1.0f);

// Interleaved float32 to `f` (clamped, rounded to nearest): the capture direction.
void from_float(const PcmFormat& f, const float* src, size_t frames, void* dst);

}  // namespace winmm::wave
