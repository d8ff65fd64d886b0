// Shared pieces of the waveIn tests: format builders, known signals, and a recorder that opens a waveIn device,
// keeps buffers queued, plays a signal into the sound server's input and hands back what came through waveIn.
//
// Exactness: the server's input runs in float32 at 48000 Hz. A signal made of integers of the capture format scaled
// by 2^(bits-1) and kept within half of full scale comes back as the same integers whether the float->integer step
// scales by 2^(bits-1) or by 2^(bits-1)-1 (the error stays below half a step), so a 48000 Hz capture can be compared
// sample by sample. Other rates go through a resampler and are compared by correlation.
#pragma once

#include <windows.h>

#include <mmreg.h>
#include <mmsystem.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "sound_server.h"

namespace wave_in_test {

inline const GUID kSubtypePcm = {0x00000001, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}};
inline const GUID kSubtypeFloat = {0x00000003, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}};

// A WAVEFORMATEX or WAVEFORMATEXTENSIBLE in one object (pointer-stable, copyable).
struct Format {
    WAVEFORMATEXTENSIBLE x{};
    WAVEFORMATEX* ex() { return &x.Format; }
    const WAVEFORMATEX* ex() const { return &x.Format; }
    bool is_float() const {
        return x.Format.wFormatTag == WAVE_FORMAT_IEEE_FLOAT ||
               (x.Format.wFormatTag == WAVE_FORMAT_EXTENSIBLE && IsEqualGUID(x.SubFormat, kSubtypeFloat));
    }
    unsigned bits() const { return x.Format.wBitsPerSample; }
    unsigned channels() const { return x.Format.nChannels; }
    unsigned rate() const { return x.Format.nSamplesPerSec; }
    unsigned block() const { return x.Format.nBlockAlign; }
};

inline Format pcm(unsigned rate, unsigned bits, unsigned channels) {
    Format f;
    f.x.Format.wFormatTag = WAVE_FORMAT_PCM;
    f.x.Format.nChannels = static_cast<WORD>(channels);
    f.x.Format.nSamplesPerSec = rate;
    f.x.Format.wBitsPerSample = static_cast<WORD>(bits);
    f.x.Format.nBlockAlign = static_cast<WORD>(channels * bits / 8);
    f.x.Format.nAvgBytesPerSec = rate * f.x.Format.nBlockAlign;
    f.x.Format.cbSize = 0;
    return f;
}

inline Format ieee_float(unsigned rate, unsigned channels) {
    Format f = pcm(rate, 32, channels);
    f.x.Format.wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    return f;
}

inline Format extensible(unsigned rate, unsigned bits, unsigned channels, bool floating, DWORD mask) {
    Format f = pcm(rate, bits, channels);
    f.x.Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
    f.x.Format.cbSize = sizeof(WAVEFORMATEXTENSIBLE) - sizeof(WAVEFORMATEX);
    f.x.Samples.wValidBitsPerSample = static_cast<WORD>(bits);
    f.x.dwChannelMask = mask;
    f.x.SubFormat = floating ? kSubtypeFloat : kSubtypePcm;
    return f;
}

// Deterministic noise: no period within any test's length, so a match position is unique.
class Lcg {
public:
    explicit Lcg(uint32_t seed) : s_(seed) {}
    uint32_t next() {
        s_ = s_ * 1664525u + 1013904223u;
        return s_;
    }
    // A value in [-limit, limit], limit > 0.
    int32_t in_range(int32_t limit) {
        return static_cast<int32_t>(next() % (2u * static_cast<uint32_t>(limit) + 1u)) - limit;
    }

private:
    uint32_t s_;
};

// A signal of `frames` frames for a capture in format f at 48000 Hz: the stereo float frames to play into the
// input and the sample values (one int per channel per frame, in f's own scale; floats as their bit pattern) that
// must come back. For mono, both played channels carry the same value, so the server's downmix is exact.
struct Signal {
    sound_server::Frames played;  // interleaved stereo float
    std::vector<int64_t> expected;  // interleaved, f.channels() per frame
};

inline Signal exact_signal(const Format& f, size_t frames, uint32_t seed) {
    Signal s;
    Lcg rng(seed);
    unsigned ch = f.channels();
    for (size_t i = 0; i < frames; ++i) {
        float frame_values[2] = {0, 0};
        for (unsigned c = 0; c < 2; ++c) {
            float v;
            int64_t e;
            if (f.is_float()) {
                // k / 2^15: exact in float, and at most half scale.
                int32_t k = rng.in_range(16383);
                if (k == 0) k = 1;  // never silence: the first sound marks where the signal begins
                v = static_cast<float>(k) / 32768.0f;
                uint32_t bitsv;
                std::memcpy(&bitsv, &v, 4);
                e = bitsv;
            } else {
                unsigned bits = f.bits() == 32 ? 24 : f.bits();  // float has a 24-bit mantissa
                int32_t half = 1 << (bits - 2);
                int32_t k = rng.in_range(half - 1);
                if (k == 0) k = 1;
                v = static_cast<float>(std::ldexp(static_cast<double>(k), -static_cast<int>(bits - 1)));
                e = f.bits() == 32 ? static_cast<int64_t>(k) << 8 : k;
            }
            if (ch == 1 && c == 1) {
                frame_values[1] = frame_values[0];  // mono: identical channels
                break;
            }
            frame_values[c] = v;
            if (c < ch) s.expected.push_back(e);
        }
        s.played.push_back(frame_values[0]);
        s.played.push_back(frame_values[1]);
    }
    return s;
}

// Captured bytes of format f as one value per sample (same scale as Signal::expected).
inline std::vector<int64_t> decode(const Format& f, const std::vector<BYTE>& bytes) {
    std::vector<int64_t> out;
    unsigned bps = f.bits() / 8;
    size_t n = bytes.size() / bps;
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
        const BYTE* p = &bytes[i * bps];
        int64_t v = 0;
        if (f.is_float()) {
            uint32_t u;
            std::memcpy(&u, p, 4);
            v = u;
        } else if (bps == 1) {
            v = static_cast<int64_t>(p[0]) - 128;
        } else if (bps == 2) {
            int16_t s;
            std::memcpy(&s, p, 2);
            v = s;
        } else if (bps == 3) {
            int32_t s = (p[0] << 8) | (p[1] << 16) | (p[2] << 24);
            v = s >> 8;
        } else if (bps == 4) {
            int32_t s;
            std::memcpy(&s, p, 4);
            v = s;
        }
        out.push_back(v);
    }
    return out;
}

// Captured bytes as doubles in [-1, 1] (for correlation).
inline std::vector<double> to_unit(const Format& f, const std::vector<BYTE>& bytes) {
    std::vector<int64_t> raw = decode(f, bytes);
    std::vector<double> out(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        if (f.is_float()) {
            float v;
            uint32_t u = static_cast<uint32_t>(raw[i]);
            std::memcpy(&v, &u, 4);
            out[i] = v;
        } else {
            out[i] = std::ldexp(static_cast<double>(raw[i]), -static_cast<int>(f.bits() - 1));
        }
    }
    return out;
}

// The first sample index (a multiple of `stride`) at which `needle` appears in `hay`, or -1.
inline long find_run(const std::vector<int64_t>& hay, const std::vector<int64_t>& needle, unsigned stride) {
    if (needle.empty() || hay.size() < needle.size()) return -1;
    for (size_t at = 0; at + needle.size() <= hay.size(); at += stride) {
        if (hay[at] != needle[0]) continue;
        if (std::equal(needle.begin(), needle.end(), hay.begin() + at)) return static_cast<long>(at);
    }
    return -1;
}

// A band-limited, non-periodic test tone: a sum of incommensurate sines under 1 kHz with a slow envelope.
inline double tone(double t) {
    double env = 0.5 + 0.4 * std::sin(2 * 3.14159265358979 * 1.7 * t);
    return 0.3 * env *
           (std::sin(2 * 3.14159265358979 * 220.7 * t) + 0.7 * std::sin(2 * 3.14159265358979 * 347.3 * t + 0.3) +
            0.5 * std::sin(2 * 3.14159265358979 * 611.9 * t + 1.1) + 0.3 * std::sin(2 * 3.14159265358979 * 907.1 * t));
}

// The best normalized correlation of `got` (one channel, rate `rate`) against tone() from `from` seconds on,
// for `seconds`, placed anywhere in `got` (whole-sample lags).
inline double best_tone_correlation(const std::vector<double>& got, unsigned rate, double from, double seconds,
                                    long* at = nullptr) {
    size_t n = static_cast<size_t>(seconds * rate);
    std::vector<double> ref(n);
    double rr = 0;
    for (size_t i = 0; i < n; ++i) {
        ref[i] = tone(from + static_cast<double>(i) / rate);
        rr += ref[i] * ref[i];
    }
    // The tone starts where the capture first sounds (give or take the server's first period): look around
    // `from` seconds after that instead of everywhere.
    size_t onset = 0;
    while (onset < got.size() && std::fabs(got[onset]) < 0.01) ++onset;
    size_t lo = onset + static_cast<size_t>(std::max(0.0, from - 0.05) * rate);
    size_t hi = onset + static_cast<size_t>((from + 0.05) * rate);
    double best = -2;
    long best_at = -1;
    for (size_t lag = lo; lag <= hi && lag + n <= got.size(); ++lag) {
        double gr = 0, gg = 0;
        for (size_t i = 0; i < n; ++i) {
            gr += got[lag + i] * ref[i];
            gg += got[lag + i] * got[lag + i];
        }
        if (gg <= 0) continue;
        double c = gr / std::sqrt(gg * rr);
        if (c > best) {
            best = c;
            best_at = static_cast<long>(lag);
        }
    }
    if (at) *at = best_at;
    return best;
}

inline sound_server::Frames tone_frames(double seconds) {
    sound_server::Frames out;
    size_t n = static_cast<size_t>(seconds * sound_server::kRate);
    for (size_t i = 0; i < n; ++i) {
        float v = static_cast<float>(tone(static_cast<double>(i) / sound_server::kRate));
        out.push_back(v);
        out.push_back(v);
    }
    return out;
}

// Opens `device` for recording in format f with an event callback, keeps `count` buffers of `bytes` bytes queued,
// starts, plays `input` into the server's input `lead_ms` after the start, waits until every buffer came back and
// returns their data concatenated in the order they were returned. `error` says what went wrong, if anything.
struct Recording {
    std::vector<BYTE> data;
    std::vector<DWORD> recorded;  // dwBytesRecorded of each buffer, in return order
    std::string error;
};

inline Recording record(const Format& f, UINT device, DWORD bytes, unsigned count, const sound_server::Frames& input,
                        DWORD lead_ms = 150) {
    Recording r;
    HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    HWAVEIN h = nullptr;
    MMRESULT rc = waveInOpen(&h, device, f.ex(), reinterpret_cast<DWORD_PTR>(ev), 0, CALLBACK_EVENT);
    if (rc != MMSYSERR_NOERROR) {
        r.error = "waveInOpen failed: " + std::to_string(rc);
        CloseHandle(ev);
        return r;
    }
    std::vector<std::vector<BYTE>> mem(count, std::vector<BYTE>(bytes, 0xA5));
    std::vector<WAVEHDR> hdr(count);
    for (unsigned i = 0; i < count; ++i) {
        hdr[i] = WAVEHDR{};
        hdr[i].lpData = reinterpret_cast<LPSTR>(mem[i].data());
        hdr[i].dwBufferLength = bytes;
        hdr[i].dwUser = i;
        waveInPrepareHeader(h, &hdr[i], sizeof(WAVEHDR));
        waveInAddBuffer(h, &hdr[i], sizeof(WAVEHDR));
    }
    waveInStart(h);
    Sleep(lead_ms);
    if (!input.empty() && !sound_server::play_into_input(input)) r.error = "play_into_input failed";
    DWORD per_buffer_ms = static_cast<DWORD>(1000.0 * bytes / f.ex()->nAvgBytesPerSec);
    DWORD deadline = GetTickCount() + per_buffer_ms * count + 10000;
    while (!(hdr[count - 1].dwFlags & WHDR_DONE) && static_cast<LONG>(deadline - GetTickCount()) > 0)
        WaitForSingleObject(ev, 200);
    if (!(hdr[count - 1].dwFlags & WHDR_DONE) && r.error.empty()) r.error = "the last buffer never came back";
    waveInReset(h);
    for (unsigned i = 0; i < count; ++i) {
        r.recorded.push_back(hdr[i].dwBytesRecorded);
        r.data.insert(r.data.end(), mem[i].begin(), mem[i].begin() + std::min(hdr[i].dwBytesRecorded, bytes));
        waveInUnprepareHeader(h, &hdr[i], sizeof(WAVEHDR));
    }
    rc = waveInClose(h);
    if (rc != MMSYSERR_NOERROR && r.error.empty()) r.error = "waveInClose failed: " + std::to_string(rc);
    CloseHandle(ev);
    return r;
}

}  // namespace wave_in_test
