// Helpers of the waveOut tests: formats, non-periodic test signals (LCG noise) and their exact float32 image at
// the sound server, and a player that writes buffers and waits for their WOM_DONE.
#pragma once

#include <windows.h>

#include <mmreg.h>
#include <mmsystem.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sound_server.h"

namespace wave_test {

inline WAVEFORMATEX pcm(unsigned rate, unsigned bits, unsigned channels) {
    WAVEFORMATEX f = {};
    f.wFormatTag = WAVE_FORMAT_PCM;
    f.nChannels = static_cast<WORD>(channels);
    f.nSamplesPerSec = rate;
    f.wBitsPerSample = static_cast<WORD>(bits);
    f.nBlockAlign = static_cast<WORD>(channels * bits / 8);
    f.nAvgBytesPerSec = rate * f.nBlockAlign;
    return f;
}

inline WAVEFORMATEXTENSIBLE extensible(unsigned rate, unsigned bits, unsigned channels, bool is_float) {
    static const GUID pcm_guid = {0x00000001, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}};
    static const GUID float_guid = {0x00000003, 0x0000, 0x0010, {0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71}};
    WAVEFORMATEXTENSIBLE x = {};
    x.Format = pcm(rate, bits, channels);
    x.Format.wFormatTag = WAVE_FORMAT_EXTENSIBLE;
    x.Format.cbSize = 22;
    x.Samples.wValidBitsPerSample = static_cast<WORD>(bits);
    x.dwChannelMask = channels == 2 ? (SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT) : 0;
    x.SubFormat = is_float ? float_guid : pcm_guid;
    return x;
}

// Noise that never repeats within a test: every frame is unique, so a match position is unique.
struct Lcg {
    uint32_t s;
    explicit Lcg(uint32_t seed) : s(seed) {}
    uint32_t next() {
        s = s * 1664525u + 1013904223u;
        return s;
    }
};

// `frames` frames of noise in the format (integer PCM or float), at `amplitude` of full scale.
inline std::vector<BYTE> noise(const WAVEFORMATEX& f, bool is_float, size_t frames, uint32_t seed,
                               double amplitude = 0.5) {
    std::vector<BYTE> out(frames * f.nBlockAlign);
    Lcg g(seed);
    size_t n = frames * f.nChannels;
    for (size_t i = 0; i < n; ++i) {
        double u = (static_cast<int32_t>(g.next()) / 2147483648.0) * amplitude;  // -amp..amp
        BYTE* p = out.data() + i * (f.wBitsPerSample / 8);
        if (is_float) {
            float v = static_cast<float>(u);
            std::memcpy(p, &v, 4);
        } else if (f.wBitsPerSample == 8) {
            int v = static_cast<int>(u * 127);
            p[0] = static_cast<BYTE>(128 + (v ? v : 1));  // never exact silence (see plays_through)
        } else if (f.wBitsPerSample == 16) {
            int16_t v = static_cast<int16_t>(u * 32767);
            if (!v) v = 1;
            std::memcpy(p, &v, 2);
        } else if (f.wBitsPerSample == 24) {
            int32_t v = static_cast<int32_t>(u * 8388607);
            if (!v) v = 1;
            p[0] = static_cast<BYTE>(v);
            p[1] = static_cast<BYTE>(v >> 8);
            p[2] = static_cast<BYTE>(v >> 16);
        } else {
            int32_t v = static_cast<int32_t>(u * 2147483647.0) & ~0xFF;  // 24 significant bits: exact in float
            std::memcpy(p, &v, 4);
        }
    }
    return out;
}

// The float32 samples the server receives for `data` (one value per sample, interleaved like the input).
inline std::vector<float> as_float(const WAVEFORMATEX& f, bool is_float, const std::vector<BYTE>& data) {
    size_t n = data.size() / (f.wBitsPerSample / 8);
    std::vector<float> out(n);
    for (size_t i = 0; i < n; ++i) {
        const BYTE* p = data.data() + i * (f.wBitsPerSample / 8);
        if (is_float) {
            std::memcpy(&out[i], p, 4);
        } else if (f.wBitsPerSample == 8) {
            out[i] = (static_cast<int>(p[0]) - 128) / 128.0f;
        } else if (f.wBitsPerSample == 16) {
            int16_t v;
            std::memcpy(&v, p, 2);
            out[i] = v / 32768.0f;
        } else if (f.wBitsPerSample == 24) {
            int32_t v = p[0] | (p[1] << 8) | (p[2] << 16);
            v = (v ^ 0x800000) - 0x800000;
            out[i] = v / 8388608.0f;
        } else {
            int32_t v;
            std::memcpy(&v, p, 4);
            out[i] = static_cast<float>(v / 2147483648.0);
        }
    }
    return out;
}

// Mono samples as the server's stereo frames: the same value on both channels.
inline sound_server::Frames to_stereo(const std::vector<float>& mono) {
    sound_server::Frames out(mono.size() * 2);
    for (size_t i = 0; i < mono.size(); ++i) out[2 * i] = out[2 * i + 1] = mono[i];
    return out;
}

// Plays `data` in buffers of `buffer_bytes` on an open handle with CALLBACK_EVENT and waits for every WOM_DONE.
struct Player {
    HWAVEOUT hwo = nullptr;
    HANDLE event = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    std::vector<WAVEHDR> headers;

    MMRESULT open(const WAVEFORMATEX* f, UINT device = WAVE_MAPPER) {
        return waveOutOpen(&hwo, device, f, reinterpret_cast<DWORD_PTR>(event), 0, CALLBACK_EVENT);
    }
    // Prepares and writes the data; returns false when a call failed.
    bool write(std::vector<BYTE>& data, size_t buffer_bytes) {
        size_t count = (data.size() + buffer_bytes - 1) / buffer_bytes;
        headers.assign(count, WAVEHDR{});
        for (size_t i = 0; i < count; ++i) {
            WAVEHDR& h = headers[i];
            h.lpData = reinterpret_cast<LPSTR>(data.data() + i * buffer_bytes);
            h.dwBufferLength = static_cast<DWORD>(std::min(buffer_bytes, data.size() - i * buffer_bytes));
            if (waveOutPrepareHeader(hwo, &h, sizeof(h)) != MMSYSERR_NOERROR) return false;
        }
        for (WAVEHDR& h : headers)
            if (waveOutWrite(hwo, &h, sizeof(h)) != MMSYSERR_NOERROR) return false;
        return true;
    }
    bool all_done() const {
        for (const WAVEHDR& h : headers)
            if (!(h.dwFlags & WHDR_DONE)) return false;
        return true;
    }
    // Waits until every header is done (at most timeout_ms).
    bool wait_done(DWORD timeout_ms = 10000) {
        DWORD start = GetTickCount();
        while (!all_done()) {
            if (GetTickCount() - start > timeout_ms) return false;
            WaitForSingleObject(event, 50);
        }
        return true;
    }
    void close() {
        if (!hwo) return;
        waveOutReset(hwo);
        for (WAVEHDR& h : headers) waveOutUnprepareHeader(hwo, &h, sizeof(h));
        waveOutClose(hwo);
        hwo = nullptr;
    }
    ~Player() {
        close();
        CloseHandle(event);
    }
};

// The recording with every frame that is exactly silent on both channels removed (noise is never exactly 0.0 on
// both channels at once), so that pauses and start-up silence do not break an exact comparison.
inline sound_server::Frames without_silence(const sound_server::Frames& in) {
    sound_server::Frames out;
    out.reserve(in.size());
    for (size_t i = 0; i + 1 < in.size(); i += 2)
        if (in[i] != 0.0f || in[i + 1] != 0.0f) {
            out.push_back(in[i]);
            out.push_back(in[i + 1]);
        }
    return out;
}

// How a recording relates to the signal that was played. PulseAudio's monitor source (what the recording reads)
// does not show a sink input's first milliseconds exactly: it misses a few milliseconds when a stream starts and
// may miss or repeat a few more while the server settles the stream's latency in the next ~50 ms (pacat into
// the sink shows the start hole too, and Wine's builtin winmm shows the same pattern). So a comparison allows
// short disturbances within 3000 frames after each start of the stream, and nothing else anywhere.
struct Match {
    std::vector<std::pair<long, long>> runs;  // (first frame of the signal, length) of each contiguous stretch
    long foreign = 0;                          // recorded non-silent frames not found in the signal
};

inline Match match(const sound_server::Frames& recorded, const sound_server::Frames& signal) {
    // A frame of 8-bit or mono noise may recur; four consecutive frames do not.
    constexpr size_t kKey = 4;
    using Key = std::vector<float>;
    std::map<Key, long> where;
    for (size_t i = 0; i + 2 * kKey <= signal.size(); i += 2)
        where.emplace(Key(signal.begin() + i, signal.begin() + i + 2 * kKey), static_cast<long>(i / 2));
    sound_server::Frames r;
    for (size_t i = 0; i + 1 < recorded.size(); i += 2)
        if (recorded[i] != 0.0f || recorded[i + 1] != 0.0f) {
            r.push_back(recorded[i]);
            r.push_back(recorded[i + 1]);
        }
    Match m;
    size_t total = signal.size() / 2;
    for (size_t k = 0; k < r.size() / 2; ++k) {
        if (!m.runs.empty()) {
            size_t next = static_cast<size_t>(m.runs.back().first + m.runs.back().second);
            if (next < total && r[2 * k] == signal[2 * next] && r[2 * k + 1] == signal[2 * next + 1]) {
                ++m.runs.back().second;
                continue;
            }
        }
        auto it = 2 * (k + kKey) <= r.size() ? where.find(Key(r.begin() + 2 * k, r.begin() + 2 * (k + kKey)))
                                             : where.end();
        if (it == where.end()) {
            ++m.foreign;
            continue;
        }
        m.runs.push_back({it->second, 1});
    }
    return m;
}

// True when the recording is the whole signal in order, except for holes or repeats of at most 400 frames that
// begin within 3000 frames after one of `starts` (signal frames where the stream started: 0, each restart).
// `why` describes the recording for the failure message.
inline bool plays_through(const sound_server::Frames& recorded, const sound_server::Frames& signal,
                          const std::vector<long>& starts, std::string& why) {
    Match m = match(recorded, signal);
    long total = static_cast<long>(signal.size() / 2);
    std::ostringstream s;
    s << "signal " << total << " frames; foreign " << m.foreign << "; runs:";
    for (auto& r : m.runs) s << " [" << r.first << "+" << r.second << "]";
    why = s.str();
    if (m.runs.empty() || m.foreign > 8) return false;  // a key straddling a disturbance is not found
    auto near_start = [&](long at) {
        for (long st : starts)
            if (at >= st && at - st <= 3000) return true;
        return false;
    };
    long end = 0;
    for (auto& r : m.runs) {
        if (r.first != end) {
            if (std::labs(r.first - end) > 400 || !near_start(end)) return false;
        }
        end = r.first + r.second;
    }
    return end == total;
}

}  // namespace wave_test
