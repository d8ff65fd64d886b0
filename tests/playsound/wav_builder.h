// Test-side WAVE images for the PlaySound tests: non-periodic signals (LCG noise, so a match position in a
// recording is unique) in the formats PlaySound is given, with the frames the sound server must record for them.
#pragma once

#include <windows.h>
#include <mmreg.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "sound_server.h"

namespace wav {

using Bytes = std::vector<uint8_t>;

struct Lcg {
    uint32_t s;
    explicit Lcg(uint32_t seed) : s(seed) {}
    uint32_t next() { return s = s * 1664525u + 1013904223u; }
};

inline void put16(Bytes& b, uint32_t v) {
    b.push_back(uint8_t(v));
    b.push_back(uint8_t(v >> 8));
}
inline void put32(Bytes& b, uint32_t v) {
    put16(b, v & 0xffff);
    put16(b, v >> 16);
}
// Appends with resize + memcpy: GCC 12 at -O3 warns falsely (-Wstringop-overflow) on vector::insert of a range.
inline void append(Bytes& b, const void* p, size_t n) {
    if (n == 0) return;
    size_t at = b.size();
    b.resize(at + n);
    std::memcpy(&b[at], p, n);
}
inline void put_id(Bytes& b, const char* id) { append(b, id, 4); }

inline void chunk(Bytes& out, const char* id, const Bytes& body) {
    put_id(out, id);
    put32(out, uint32_t(body.size()));
    append(out, body.data(), body.size());
    if (body.size() % 2) out.push_back(0);
}

// A RIFF WAVE image from a format structure (with its cbSize extra bytes, or 16 bytes for plain PCM) and data.
inline Bytes riff(const Bytes& fmt, const Bytes& data) {
    Bytes body;
    put_id(body, "WAVE");
    chunk(body, "fmt ", fmt);
    chunk(body, "data", data);
    Bytes out;
    chunk(out, "RIFF", body);
    return out;
}

inline Bytes format(WORD tag, WORD channels, DWORD rate, WORD bits, WORD block, bool with_cb = true) {
    Bytes f;
    put16(f, tag);
    put16(f, channels);
    put32(f, rate);
    put32(f, rate * block);
    put16(f, block);
    put16(f, bits);
    if (with_cb) put16(f, 0);
    return f;
}

// A sound and what the server records for it (interleaved stereo float at 48000 Hz).
struct Sound {
    Bytes image;
    sound_server::Frames expected;
    double seconds = 0;
};

enum class Pcm { u8, s16, f32 };

// PCM or float at 48000 Hz: these convert to the server's float32 exactly (mono plays on both channels).
inline Sound pcm(Pcm kind, int channels, double seconds, uint32_t seed) {
    Lcg rng(seed);
    const unsigned frames = unsigned(seconds * sound_server::kRate);
    Bytes data;
    Sound s;
    s.seconds = seconds;
    for (unsigned i = 0; i < frames; ++i) {
        float ch[2];
        for (int c = 0; c < channels; ++c) {
            uint32_t r = rng.next() >> 8;
            switch (kind) {
            case Pcm::u8: {
                uint8_t v = uint8_t(r);
                if (v == 128) v = 129;  // never silence: the first sound in a recording is the start
                data.push_back(v);
                ch[c] = (int(v) - 128) / 128.0f;
                break;
            }
            case Pcm::s16: {
                int16_t v = int16_t(r & 0xffff);
                if (v == 0) v = 1;
                put16(data, uint16_t(v));
                ch[c] = v / 32768.0f;
                break;
            }
            case Pcm::f32: {
                float v = (int32_t(r & 0xffff) - 32768) / 40000.0f;
                if (v == 0) v = 0.25f;
                uint32_t bits;
                std::memcpy(&bits, &v, 4);
                put32(data, bits);
                ch[c] = v;
                break;
            }
            }
        }
        s.expected.push_back(ch[0]);
        s.expected.push_back(channels == 2 ? ch[1] : ch[0]);
    }
    WORD bytes = kind == Pcm::u8 ? 1 : kind == Pcm::s16 ? 2 : 4;
    WORD tag = kind == Pcm::f32 ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM;
    s.image = riff(format(tag, WORD(channels), sound_server::kRate, WORD(bytes * 8), WORD(bytes * channels),
                          kind == Pcm::f32),
                   data);
    return s;
}

// G.711 mu-law encoding of a 16-bit sample (ITU-T G.711: bias 0x84, segment, 4 mantissa bits, inverted).
inline uint8_t mulaw_encode(int16_t pcm) {
    int v = pcm;
    int sign = v < 0 ? 0x80 : 0;
    if (v < 0) v = -v;
    if (v > 32635) v = 32635;
    v += 0x84;
    int exponent = 7;
    for (int mask = 0x4000; exponent > 0 && !(v & mask); mask >>= 1) --exponent;
    int mantissa = (v >> (exponent + 3)) & 0x0f;
    return uint8_t(~(sign | (exponent << 4) | mantissa));
}

inline int16_t mulaw_decode(uint8_t u) {
    u = uint8_t(~u);
    int t = ((u & 0x0f) << 3) + 0x84;
    t <<= (u & 0x70) >> 4;
    return int16_t((u & 0x80) ? 0x84 - t : t - 0x84);
}

// A smooth random walk in [-0.9, 0.9] (compressed codecs are made for such signals, not for white noise).
struct Walk {
    Lcg rng;
    double x = 0, v = 0;
    explicit Walk(uint32_t seed) : rng(seed) {}
    int16_t next() {
        v = 0.995 * v + ((int(rng.next() >> 20) - 2048) / 2048.0) * 0.004;
        x = 0.999 * x + v;
        if (x > 0.9) x = 0.9;
        if (x < -0.9) x = -0.9;
        return int16_t(x * 32767);
    }
};

// Mono mu-law at 8000 Hz (G.711's own rate; the ACM's G.711 codec takes only a few standard rates, 48000 Hz not
// among them) of a smooth random walk: compressed audio goes through the wave mapper and the ACM. The expected
// frames are the G.711 decoded values at the server's rate, linearly interpolated: the resampling on the way is not
// ours either, so tests compare by correlation.
inline Sound mulaw(double seconds, uint32_t seed) {
    const unsigned rate = 8000;
    Walk walk(seed);
    const unsigned frames = unsigned(seconds * rate);
    Bytes data;
    std::vector<float> decoded;
    Sound s;
    s.seconds = seconds;
    for (unsigned i = 0; i < frames; ++i) {
        uint8_t u = mulaw_encode(walk.next());
        data.push_back(u);
        decoded.push_back(mulaw_decode(u) / 32768.0f);
    }
    const unsigned out_frames = unsigned(seconds * sound_server::kRate);
    for (unsigned j = 0; j < out_frames; ++j) {
        double t = double(j) * rate / sound_server::kRate;
        size_t i = size_t(t);
        float a = decoded[std::min(i, decoded.size() - 1)], b = decoded[std::min(i + 1, decoded.size() - 1)];
        float f = float(a + (b - a) * (t - double(i)));
        s.expected.push_back(f);
        s.expected.push_back(f);
    }
    s.image = riff(format(WAVE_FORMAT_MULAW, 1, rate, 8, 1), data);
    return s;
}

// IMA ADPCM (the IMA/DVI step and index tables), mono, 1024-byte blocks at 48000 Hz. Each block starts with
// its first sample verbatim (and the step index), then 4-bit codes, low nibble first. The expected frames are
// what a decoder computes: the encoder tracks the decoder's predictor exactly.
inline Sound ima_adpcm(double seconds, uint32_t seed) {
    static const int16_t steps[89] = {
        7,     8,     9,     10,    11,    12,    13,    14,    16,    17,    19,    21,    23,    25,    28,
        31,    34,    37,    41,    45,    50,    55,    60,    66,    73,    80,    88,    97,    107,   118,
        130,   143,   157,   173,   190,   209,   230,   253,   279,   307,   337,   371,   408,   449,   494,
        544,   598,   658,   724,   796,   876,   963,   1060,  1166,  1282,  1411,  1552,  1707,  1878,  2066,
        2272,  2499,  2749,  3024,  3327,  3660,  4026,  4428,  4871,  5358,  5894,  6484,  7132,  7845,  8630,
        9493,  10442, 11487, 12635, 13899, 15289, 16818, 18500, 20350, 22385, 24623, 27086, 29794, 32767};
    static const int index_step[8] = {-1, -1, -1, -1, 2, 4, 6, 8};
    const WORD block = 1024;
    const WORD per_block = WORD((block - 4) * 2 + 1);
    const unsigned blocks = unsigned(seconds * sound_server::kRate) / per_block;
    Walk walk(seed);
    Sound s;
    Bytes data;
    int index = 0;
    for (unsigned b = 0; b < blocks; ++b) {
        int pred = walk.next();
        put16(data, uint16_t(int16_t(pred)));
        data.push_back(uint8_t(index));
        data.push_back(0);
        auto emit = [&](int v) {
            float f = int16_t(v) / 32768.0f;
            s.expected.push_back(f);
            s.expected.push_back(f);
        };
        emit(pred);
        uint8_t pending = 0;
        for (int i = 1; i < per_block; ++i) {
            int diff = walk.next() - pred;
            int code = 0;
            if (diff < 0) {
                code = 8;
                diff = -diff;
            }
            int step = steps[index];
            int vpdiff = step >> 3;
            if (diff >= step) { code |= 4; diff -= step; vpdiff += step; }
            step >>= 1;
            if (diff >= step) { code |= 2; diff -= step; vpdiff += step; }
            step >>= 1;
            if (diff >= step) { code |= 1; vpdiff += step; }
            pred += (code & 8) ? -vpdiff : vpdiff;
            pred = std::max(-32768, std::min(32767, pred));
            index = std::max(0, std::min(88, index + index_step[code & 7]));
            emit(pred);
            if (i % 2 == 1) {
                pending = uint8_t(code);
            } else {
                data.push_back(uint8_t(pending | (code << 4)));
            }
        }
    }
    s.seconds = double(blocks) * per_block / sound_server::kRate;
    Bytes fmt = format(WAVE_FORMAT_IMA_ADPCM, 1, sound_server::kRate, 4, block, false);
    // nAvgBytesPerSec of a compressed format: bytes per block x blocks per second.
    uint32_t avg = uint32_t(uint64_t(sound_server::kRate) * block / per_block);
    fmt[8] = uint8_t(avg);
    fmt[9] = uint8_t(avg >> 8);
    fmt[10] = uint8_t(avg >> 16);
    fmt[11] = uint8_t(avg >> 24);
    put16(fmt, 2);  // cbSize
    put16(fmt, per_block);
    s.image = riff(fmt, data);
    return s;
}

inline bool write_file(const std::wstring& path, const Bytes& b) {
    HANDLE h = CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_ALWAYS, 0, nullptr);
    if (h == INVALID_HANDLE_VALUE) return false;
    DWORD wrote = 0;
    BOOL ok = WriteFile(h, b.data(), DWORD(b.size()), &wrote, nullptr);
    CloseHandle(h);
    return ok && wrote == b.size();
}

inline std::wstring temp_path(const wchar_t* name) {
    wchar_t dir[MAX_PATH];
    GetTempPathW(MAX_PATH, dir);
    return std::wstring(dir) + L"winmm-ng-ps-" + std::to_wstring(GetCurrentProcessId()) + L"-" + name;
}

// Normalised cross-correlation of `got` (left channel) against `want` (left channel) at the offset where it is
// highest within +-search frames of `at`.
inline double best_correlation(const sound_server::Frames& got, long at, const sound_server::Frames& want,
                               long search) {
    double best = -1;
    const long n = long(want.size() / 2);
    for (long off = at - search; off <= at + search; ++off) {
        if (off < 0 || size_t(off + n) * 2 > got.size()) continue;
        double sxy = 0, sxx = 0, syy = 0;
        for (long i = 0; i < n; ++i) {
            double x = got[size_t(off + i) * 2], y = want[size_t(i) * 2];
            sxy += x * y;
            sxx += x * x;
            syy += y * y;
        }
        if (sxx > 0 && syy > 0) best = std::max(best, sxy / std::sqrt(sxx * syy));
    }
    return best;
}

// The correlation of `want` with the recording, 100 ms block by block (left channel), each block at its best
// offset near where the previous one matched, starting at the best offset within +-search of `at`: a glitch
// below the DLL that inserts silence shifts the rest of the recording, which one global correlation would count
// against the decoder. Returns the median of the blocks' correlations.
inline double blockwise_correlation(const sound_server::Frames& got, long at, const sound_server::Frames& want,
                                    long search) {
    const long block = 4800, slack = 480;
    const long n = long(want.size() / 2);
    auto corr = [&](long off, long from, long len) {
        double sxy = 0, sxx = 0, syy = 0;
        for (long i = 0; i < len; ++i) {
            double x = got[size_t(off + i) * 2], y = want[size_t(from + i) * 2];
            sxy += x * y;
            sxx += x * x;
            syy += y * y;
        }
        return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : -1.0;
    };
    std::vector<double> scores;
    long expect = at;
    for (long from = 0; from + block <= n; from += block) {
        long lo = from == 0 ? at - search : expect - slack, hi = from == 0 ? at + search : expect + slack;
        double best = -1;
        long best_off = expect;
        for (long off = std::max(0L, lo); off <= hi; ++off) {
            if (size_t(off + block) * 2 > got.size()) break;
            double c = corr(off, from, block);
            if (c > best) {
                best = c;
                best_off = off;
            }
        }
        scores.push_back(best);
        expect = best_off + block;
    }
    if (scores.empty()) return -1;
    std::sort(scores.begin(), scores.end());
    return scores[scores.size() / 2];
}

}  // namespace wav
