// Format validation and the float32 conversions. The integer-to-float scales are powers of two so that
// 8/16/24-bit samples arrive at the sound server bit-exact (the server mixes in float32).
#include "format.h"


#include <cmath>
#include <cstring>

namespace winmm::wave {
namespace {

bool same_guid(const GUID& a, const GUID& b) { return std::memcmp(&a, &b, sizeof(GUID)) == 0; }

// KSDATAFORMAT_SUBTYPE_PCM / _IEEE_FLOAT, spelled out so the portable build needs no Windows import library.
const GUID kSubtypePcm = {0x00000001, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}};
const GUID kSubtypeFloat = {0x00000003, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}};

int32_t read_s24(const uint8_t* p) {
    int32_t v = p[0] | (p[1] << 8) | (p[2] << 16);
    return (v ^ 0x800000) - 0x800000;  // sign-extend
}

float clampf(float v) { return v > 1.0f ? 1.0f : (v < -1.0f ? -1.0f : v); }

}  // namespace

bool is_linear_tag(const WAVEFORMATEX* wfx) {
    if (!wfx) return false;
    if (wfx->wFormatTag == WAVE_FORMAT_PCM || wfx->wFormatTag == WAVE_FORMAT_IEEE_FLOAT) return true;
    if (wfx->wFormatTag != WAVE_FORMAT_EXTENSIBLE || wfx->cbSize < 22) return false;
    const auto* ext = reinterpret_cast<const WAVEFORMATEXTENSIBLE*>(wfx);
    return same_guid(ext->SubFormat, kSubtypePcm) || same_guid(ext->SubFormat, kSubtypeFloat);
}

unsigned long default_channel_mask(unsigned channels) {
    switch (channels) {
    case 1: return SPEAKER_FRONT_CENTER;
    case 2: return SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT;
    case 3: return SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER;
    case 4: return SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT;
    case 5: return SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER | SPEAKER_BACK_LEFT |
                   SPEAKER_BACK_RIGHT;
    case 6: return SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER | SPEAKER_LOW_FREQUENCY |
                   SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT;
    case 7: return SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER | SPEAKER_LOW_FREQUENCY |
                   SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT | SPEAKER_BACK_CENTER;
    case 8: return SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT | SPEAKER_FRONT_CENTER | SPEAKER_LOW_FREQUENCY |
                   SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT | SPEAKER_SIDE_LEFT | SPEAKER_SIDE_RIGHT;
    default: return 0;
    }
}

MMRESULT parse_linear(const WAVEFORMATEX* wfx, PcmFormat& out) {
    if (!wfx) return MMSYSERR_INVALPARAM;
    if (!is_linear_tag(wfx)) return WAVERR_BADFORMAT;
    bool is_float = wfx->wFormatTag == WAVE_FORMAT_IEEE_FLOAT;
    unsigned valid_bits = wfx->wBitsPerSample;
    unsigned long mask = 0;
    if (wfx->wFormatTag == WAVE_FORMAT_EXTENSIBLE) {
        const auto* ext = reinterpret_cast<const WAVEFORMATEXTENSIBLE*>(wfx);
        is_float = same_guid(ext->SubFormat, kSubtypeFloat);
        if (ext->Samples.wValidBitsPerSample) valid_bits = ext->Samples.wValidBitsPerSample;
        if (valid_bits > wfx->wBitsPerSample) return WAVERR_BADFORMAT;
        mask = ext->dwChannelMask;
    }
    PcmFormat f;
    f.channels = wfx->nChannels;
    f.rate = wfx->nSamplesPerSec;
    f.bits = wfx->wBitsPerSample;
    if (f.channels < 1 || f.channels > kMaxChannels || f.rate == 0) return WAVERR_BADFORMAT;
    if (is_float) {
        if (f.bits != 32) return WAVERR_BADFORMAT;
        f.type = SampleType::f32;
    } else {
        switch (f.bits) {
        case 8: f.type = SampleType::u8; break;
        case 16: f.type = SampleType::s16; break;
        case 24: f.type = SampleType::s24; break;
        case 32: f.type = SampleType::s32; break;
        default: return WAVERR_BADFORMAT;
        }
    }
    f.block_align = f.channels * f.bits / 8;
    // Windows' drivers reject a header whose derived fields disagree with the sample layout.
    if (wfx->nBlockAlign != f.block_align) return WAVERR_BADFORMAT;
    if (wfx->nAvgBytesPerSec != f.rate * f.block_align) return WAVERR_BADFORMAT;
    f.channel_mask = mask ? mask : default_channel_mask(f.channels);
    out = f;
    return MMSYSERR_NOERROR;
}

WAVEFORMATEXTENSIBLE float_extensible(const PcmFormat& f) {
    WAVEFORMATEXTENSIBLE x = {};
    x.Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
    x.Format.nChannels = static_cast<WORD>(f.channels);
    x.Format.nSamplesPerSec = f.rate;
    x.Format.wBitsPerSample = 32;
    x.Format.nBlockAlign = static_cast<WORD>(f.channels * 4);
    x.Format.nAvgBytesPerSec = f.rate * f.channels * 4;
    x.Format.cbSize = sizeof(WAVEFORMATEXTENSIBLE) - sizeof(WAVEFORMATEX);
    x.Samples.wValidBitsPerSample = 32;
    x.dwChannelMask = f.channel_mask;
    x.SubFormat = kSubtypeFloat;
    return x;
}

void to_float(const PcmFormat& f, const void* src, size_t frames, float* dst, float gain_left, float gain_right) {
    const unsigned ch = f.channels;
    const size_t n = frames * ch;
    const uint8_t* p = static_cast<const uint8_t*>(src);
    float gains[2] = {gain_left, ch == 1 ? gain_left : gain_right};
    bool unity = gain_left == 1.0f && gains[1] == 1.0f;
    switch (f.type) {
    case SampleType::u8:
        for (size_t i = 0; i < n; ++i) dst[i] = (static_cast<int>(p[i]) - 128) * (1.0f / 128.0f);
        break;
    case SampleType::s16:
        for (size_t i = 0; i < n; ++i) {
            int16_t v;
            std::memcpy(&v, p + i * 2, 2);
            dst[i] = v * (1.0f / 32768.0f);
        }
        break;
    case SampleType::s24:
        for (size_t i = 0; i < n; ++i) dst[i] = read_s24(p + i * 3) * (1.0f / 8388608.0f);
        break;
    case SampleType::s32:
        for (size_t i = 0; i < n; ++i) {
            int32_t v;
            std::memcpy(&v, p + i * 4, 4);
            dst[i] = static_cast<float>(v * (1.0 / 2147483648.0));
        }
        break;
    case SampleType::f32:
        std::memcpy(dst, p, n * sizeof(float));
        break;
    }
    if (!unity)
        for (size_t i = 0; i < n; ++i) dst[i] *= gains[(i % ch) & 1];
}

void from_float(const PcmFormat& f, const float* src, size_t frames, void* dst) {
    const size_t n = frames * f.channels;
    uint8_t* p = static_cast<uint8_t*>(dst);
    switch (f.type) {
    case SampleType::u8:
        for (size_t i = 0; i < n; ++i) {
            long v = std::lround(clampf(src[i]) * 128.0f) + 128;
            p[i] = static_cast<uint8_t>(v > 255 ? 255 : v);
        }
        break;
    case SampleType::s16:
        for (size_t i = 0; i < n; ++i) {
            long v = std::lround(clampf(src[i]) * 32768.0f);
            int16_t s = static_cast<int16_t>(v > 32767 ? 32767 : v);
            std::memcpy(p + i * 2, &s, 2);
        }
        break;
    case SampleType::s24:
        for (size_t i = 0; i < n; ++i) {
            long v = std::lround(static_cast<double>(clampf(src[i])) * 8388608.0);
            if (v > 8388607) v = 8388607;
            p[i * 3] = static_cast<uint8_t>(v);
            p[i * 3 + 1] = static_cast<uint8_t>(v >> 8);
            p[i * 3 + 2] = static_cast<uint8_t>(v >> 16);
        }
        break;
    case SampleType::s32:
        for (size_t i = 0; i < n; ++i) {
            double v = std::round(static_cast<double>(clampf(src[i])) * 2147483648.0);
            int32_t s = v >= 2147483647.0 ? INT32_MAX : static_cast<int32_t>(v);
            std::memcpy(p + i * 4, &s, 4);
        }
        break;
    case SampleType::f32:
        std::memcpy(p, src, n * sizeof(float));
        break;
    }
}

}  // namespace winmm::wave
