// waveOut playback proven at the sound server: what the default output's monitor recorded is compared with what
// the test wrote, sample by sample at 48000 Hz and by correlation at other rates.
#include <windows.h>

#include <mmsystem.h>

#include <catch.hpp>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "sound_server.h"
#include "wave_test.h"

using namespace wave_test;
using sound_server::Frames;

namespace {

// Plays `frames` frames of noise in format f (buffers of buffer_frames) and returns {expected, recorded}.
struct Played {
    Frames expected;
    Frames recorded;
};

Played play_noise(const WAVEFORMATEX* f, bool is_float, size_t frames, size_t buffer_frames, uint32_t seed) {
    Played out;
    std::vector<BYTE> data = noise(*f, is_float, frames, seed);
    std::vector<float> samples = as_float(*f, is_float, data);
    out.expected = f->nChannels == 1 ? to_stereo(samples) : Frames(samples.begin(), samples.end());
    double seconds = static_cast<double>(frames) / f->nSamplesPerSec + 1.5;
    sound_server::Recording rec(seconds);
    REQUIRE(rec.started());
    Player p;
    REQUIRE(p.open(f) == MMSYSERR_NOERROR);
    REQUIRE(p.write(data, buffer_frames * f->nBlockAlign));
    REQUIRE(p.wait_done());
    out.recorded = rec.wait();
    return out;
}

// A recording disturbed outside the start window is played again (at most twice) before the check fails: when this
// machine starves Wine's PulseAudio thread (load 6 on 2 cores), winepulse drops data after the server's buffer
// runs dry, and the builtin winmm shows the same. A defect of ours repeats; starvation rarely does twice.
// Every first failure is reported with WARN, so a retry is never silent.
constexpr int kAttempts = 3;

// Runs `attempt` (one recording, judged; `why` says what was heard) until it passes, at most kAttempts times.
template <typename Attempt>
void check_recorded(Attempt attempt) {
    bool ok = false;
    std::string why;
    for (int i = 0; i < kAttempts && !ok; ++i) {
        ok = attempt(why);
        if (!ok && i + 1 < kAttempts) WARN("disturbed recording, played again: " << why);
    }
    INFO(why);
    CHECK(ok);
}

void check_exact(const WAVEFORMATEX* f, bool is_float, size_t buffer_frames) {
    check_recorded([&](std::string& why) {
        Played r = play_noise(f, is_float, 24000, buffer_frames, 1234 + f->wBitsPerSample + buffer_frames);
        REQUIRE_FALSE(r.recorded.empty());
        return plays_through(r.recorded, r.expected, {0}, why);
    });
}

}  // namespace

TEST_CASE("16-bit stereo PCM at 48000 Hz arrives sample-exact, small and large buffers") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(48000, 16, 2);
    check_exact(&f, false, 480);
    check_exact(&f, false, 7000);
}

TEST_CASE("8-bit, 24-bit and 32-bit PCM and float stereo arrive sample-exact") {
    sound_server::require_or_skip();
    WAVEFORMATEX f8 = pcm(48000, 8, 2);
    check_exact(&f8, false, 1000);
    WAVEFORMATEX f24 = pcm(48000, 24, 2);
    check_exact(&f24, false, 1000);
    WAVEFORMATEXTENSIBLE f32 = extensible(48000, 32, 2, false);
    check_exact(&f32.Format, false, 1000);
    WAVEFORMATEXTENSIBLE ff = extensible(48000, 32, 2, true);
    check_exact(&ff.Format, true, 1000);
    WAVEFORMATEX fl = pcm(48000, 32, 2);
    fl.wFormatTag = WAVE_FORMAT_IEEE_FLOAT;
    check_exact(&fl, true, 2400);
}

TEST_CASE("16-bit mono reaches both channels unchanged") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(48000, 16, 1);
    check_exact(&f, false, 1200);
}

namespace {

// Median over stretches of the normalized correlation of the recording's left channel with the ideal signal at
// 48000 Hz, each at its best alignment: the monitor's start hole (see plays_through) and the resampler's delay shift the recording by up to
// a few hundred frames.
double best_correlation(const Frames& got, const std::vector<double>& ideal48) {
    long start = sound_server::first_sound(got, 0.01f);
    if (start < 0) return 0;
    auto corr = [&](long shift, size_t from, size_t to) {
        double sxy = 0, sxx = 0, syy = 0;
        for (size_t i = from; i < to && i < ideal48.size(); ++i) {
            long j = start + shift + static_cast<long>(i);
            if (j < 0 || static_cast<size_t>(j) * 2 >= got.size()) continue;
            double x = got[j * 2], y = ideal48[i];
            sxy += x * y;
            sxx += x * x;
            syy += y * y;
        }
        return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0.0;
    };
    // The first sound may also be the tail of an earlier test's stream still leaving the server: search wide,
    // coarsely, then refine.
    long best_shift = 0;
    double coarse = -1;
    for (long shift = -1500; shift <= 12000; shift += 3) {
        double c = corr(shift, 4000, 12000);
        if (c > coarse) coarse = c, best_shift = shift;
    }
    long around = best_shift;
    for (long shift = around - 3; shift <= around + 3; ++shift) {
        double c = corr(shift, 4000, 12000);
        if (c > coarse) coarse = c, best_shift = shift;
    }
    // Per stretch of 4000 frames, the best alignment near the global one: an underrun on this loaded machine
    // inserts a few ms of silence and shifts the rest; the median stretch still shows the resampling quality.
    std::vector<double> stretches;
    for (size_t from = 4000; from + 4000 <= ideal48.size() - 2000; from += 4000) {
        double bc = -1;
        for (long shift = best_shift - 1500; shift <= best_shift + 1500; shift += 1) bc = std::max(bc, corr(shift, from, from + 4000));
        stretches.push_back(bc);
        std::printf("  stretch at %zu: correlation %.3f\n", from, bc);
    }
    std::sort(stretches.begin(), stretches.end());
    return stretches.empty() ? 0.0 : stretches[stretches.size() / 2];
}

}  // namespace

TEST_CASE("44100 Hz stereo is resampled: correlation with the signal above 0.95") {
    sound_server::require_or_skip();
    // A chirp (non-periodic): 200 Hz rising to 4 kHz over one second.
    const unsigned rate = 44100;
    WAVEFORMATEX f = pcm(rate, 16, 2);
    std::vector<BYTE> data(rate * f.nBlockAlign);
    std::vector<double> ideal48;
    auto signal = [](double t) { return 0.5 * std::sin(2 * 3.14159265358979 * (200 * t + 1900 * t * t)); };
    for (unsigned i = 0; i < rate; ++i) {
        int16_t v = static_cast<int16_t>(signal(static_cast<double>(i) / rate) * 32767);
        std::memcpy(&data[i * 4], &v, 2);
        std::memcpy(&data[i * 4 + 2], &v, 2);
    }
    for (unsigned i = 0; i < 48000; ++i) ideal48.push_back(signal(i / 48000.0));
    sound_server::Recording rec(2.5);
    REQUIRE(rec.started());
    Player p;
    REQUIRE(p.open(&f) == MMSYSERR_NOERROR);
    REQUIRE(p.write(data, 4410 * 4));
    REQUIRE(p.wait_done());
    Frames got = rec.wait();
    double best = best_correlation(got, ideal48);
    INFO("best correlation " << best);
    CHECK(best > 0.95);
}

namespace {

// G.711 mu-law encoding of a 16-bit sample (the standard segment/quantization algorithm).
BYTE mulaw(int16_t pcm) {
    const int bias = 0x84, clip = 32635;
    int sign = pcm < 0 ? 0x80 : 0;
    int v = pcm < 0 ? -pcm : pcm;
    if (v > clip) v = clip;
    v += bias;
    int exponent = 7;
    for (int mask = 0x4000; !(v & mask) && exponent > 0; mask >>= 1) --exponent;
    int mantissa = (v >> (exponent + 3)) & 0x0F;
    return static_cast<BYTE>(~(sign | (exponent << 4) | mantissa));
}

}  // namespace

TEST_CASE("mu-law through WAVE_MAPPER is decoded by the ACM; opened directly it is WAVERR_BADFORMAT") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(8000, 8, 1);
    f.wFormatTag = WAVE_FORMAT_MULAW;
    HWAVEOUT h = nullptr;
    CHECK(waveOutOpen(&h, 0, &f, 0, 0, CALLBACK_NULL) == WAVERR_BADFORMAT);
    CHECK(waveOutOpen(&h, WAVE_MAPPER, &f, 0, 0, CALLBACK_NULL | WAVE_FORMAT_DIRECT) == WAVERR_BADFORMAT);
    REQUIRE(waveOutOpen(nullptr, WAVE_MAPPER, &f, 0, 0, WAVE_FORMAT_QUERY) == MMSYSERR_NOERROR);
    REQUIRE(waveOutOpen(nullptr, 0, &f, 0, 0, WAVE_FORMAT_QUERY | WAVE_MAPPED) == MMSYSERR_NOERROR);
    auto signal = [](double t) { return 0.5 * std::sin(2 * 3.14159265358979 * (150 * t + 600 * t * t)); };
    std::vector<BYTE> data(8000);
    for (unsigned i = 0; i < 8000; ++i) data[i] = mulaw(static_cast<int16_t>(signal(i / 8000.0) * 32767));
    sound_server::Recording rec(2.5);
    REQUIRE(rec.started());
    Player p;
    REQUIRE(p.open(&f) == MMSYSERR_NOERROR);
    REQUIRE(p.write(data, 800));
    REQUIRE(p.wait_done());
    MMTIME t = {};
    t.wType = TIME_BYTES;
    REQUIRE(waveOutGetPosition(p.hwo, &t, sizeof(t)) == MMSYSERR_NOERROR);
    CHECK(t.u.cb == 8000);  // in the application's (mu-law) bytes
    Frames got = rec.wait();
    std::vector<double> ideal48;
    for (unsigned i = 0; i < 48000; ++i) ideal48.push_back(signal(i / 48000.0));
    double best = best_correlation(got, ideal48);
    INFO("best correlation " << best);
    CHECK(best > 0.9);
}

TEST_CASE("a loop plays dwLoops times, then playback continues") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(48000, 16, 2);
    std::vector<BYTE> a = noise(f, false, 2400, 11), b = noise(f, false, 2400, 12), c = noise(f, false, 2400, 13);
    std::vector<BYTE> all;
    for (int i = 0; i < 3; ++i) {
        all.insert(all.end(), a.begin(), a.end());
        all.insert(all.end(), b.begin(), b.end());
    }
    all.insert(all.end(), c.begin(), c.end());
    std::vector<float> expect = as_float(f, false, all);
    check_recorded([&](std::string& why) {
        WAVEHDR ha = {}, hb = {}, hc = {};
        ha.lpData = reinterpret_cast<LPSTR>(a.data());
        ha.dwBufferLength = static_cast<DWORD>(a.size());
        ha.dwFlags = WHDR_BEGINLOOP;
        ha.dwLoops = 3;
        hb.lpData = reinterpret_cast<LPSTR>(b.data());
        hb.dwBufferLength = static_cast<DWORD>(b.size());
        hb.dwFlags = WHDR_ENDLOOP;
        hc.lpData = reinterpret_cast<LPSTR>(c.data());
        hc.dwBufferLength = static_cast<DWORD>(c.size());
        sound_server::Recording rec(2.0);
        REQUIRE(rec.started());
        Player p;
        REQUIRE(p.open(&f) == MMSYSERR_NOERROR);
        for (WAVEHDR* h : {&ha, &hb, &hc})
            REQUIRE(waveOutPrepareHeader(p.hwo, h, sizeof(WAVEHDR)) == MMSYSERR_NOERROR);
        CHECK((ha.dwFlags & WHDR_BEGINLOOP) != 0);  // preparing keeps the loop flags
        for (WAVEHDR* h : {&ha, &hb, &hc}) REQUIRE(waveOutWrite(p.hwo, h, sizeof(WAVEHDR)) == MMSYSERR_NOERROR);
        DWORD start = GetTickCount();
        while (!(hc.dwFlags & WHDR_DONE) && GetTickCount() - start < 5000) Sleep(10);
        REQUIRE((hc.dwFlags & WHDR_DONE) != 0);
        MMTIME t = {};
        t.wType = TIME_BYTES;
        REQUIRE(waveOutGetPosition(p.hwo, &t, sizeof(t)) == MMSYSERR_NOERROR);
        CHECK(t.u.cb == 7 * 2400 * 4);  // (A B) three times, then C
        Frames got = rec.wait();
        for (WAVEHDR* h : {&ha, &hb, &hc}) waveOutUnprepareHeader(p.hwo, h, sizeof(WAVEHDR));
        return plays_through(got, Frames(expect.begin(), expect.end()), {0}, why);
    });
}

TEST_CASE("pause and restart keep the stream intact; the position holds while paused") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(48000, 16, 2);
    std::vector<BYTE> data = noise(f, false, 48000, 77);
    std::vector<float> expect = as_float(f, false, data);
    check_recorded([&](std::string& why) {
        sound_server::Recording rec(2.5);
        REQUIRE(rec.started());
        Player p;
        REQUIRE(p.open(&f) == MMSYSERR_NOERROR);
        REQUIRE(p.write(data, 4800 * 4));
        Sleep(300);
        REQUIRE(waveOutPause(p.hwo) == MMSYSERR_NOERROR);
        Sleep(100);
        MMTIME t1 = {}, t2 = {};
        t1.wType = t2.wType = TIME_SAMPLES;
        REQUIRE(waveOutGetPosition(p.hwo, &t1, sizeof(t1)) == MMSYSERR_NOERROR);
        Sleep(300);
        REQUIRE(waveOutGetPosition(p.hwo, &t2, sizeof(t2)) == MMSYSERR_NOERROR);
        CHECK(t1.u.sample == t2.u.sample);
        CHECK(t1.u.sample > 0);
        CHECK(t1.u.sample < 48000);
        REQUIRE(waveOutRestart(p.hwo) == MMSYSERR_NOERROR);
        REQUIRE(p.wait_done());
        return plays_through(rec.wait(), Frames(expect.begin(), expect.end()), {0, static_cast<long>(t1.u.sample)}, why);
    });
}

TEST_CASE("reset stops at once, returns every header done and sets the position to 0") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(48000, 16, 2);
    std::vector<BYTE> data = noise(f, false, 96000, 99);
    std::vector<float> expect = as_float(f, false, data);
    check_recorded([&](std::string& why) {
        sound_server::Recording rec(2.0);
        REQUIRE(rec.started());
        Player p;
        REQUIRE(p.open(&f) == MMSYSERR_NOERROR);
        REQUIRE(p.write(data, 9600 * 4));
        Sleep(400);
        REQUIRE(waveOutReset(p.hwo) == MMSYSERR_NOERROR);
        for (const WAVEHDR& h : p.headers) CHECK(h.dwFlags == (WHDR_DONE | WHDR_PREPARED));
        MMTIME t = {};
        t.wType = TIME_BYTES;
        REQUIRE(waveOutGetPosition(p.hwo, &t, sizeof(t)) == MMSYSERR_NOERROR);
        CHECK(t.u.cb == 0);
        // What was played is one stretch from the signal's beginning, far less than all of it, nothing after.
        // A server that drops frames mid-stream under load splits the stretch: that recording is taken again.
        Match m = match(rec.wait(), Frames(expect.begin(), expect.end()));
        std::ostringstream s;
        s << "foreign " << m.foreign << ", runs " << m.runs.size();
        if (!m.runs.empty())
            s << ", first run at " << m.runs[0].first << ", last run " << m.runs.back().first << "+"
              << m.runs.back().second;
        why = s.str();
        return m.foreign <= 8 && !m.runs.empty() &&
             m.runs.back().first < 3000 &&  // all disturbances in the settling time after the start
             m.runs[0].first <= 1200 &&     // the start hole (see plays_through)
             m.runs.back().first + m.runs.back().second > 4800 &&
             m.runs.back().first + m.runs.back().second < 48000;
    });
}

TEST_CASE("waveOutSetVolume scales the samples, left and right apart") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(48000, 16, 2);
    std::vector<BYTE> data = noise(f, false, 24000, 5);
    std::vector<float> raw = as_float(f, false, data);
    const DWORD vol = 0x2000 << 16 | 0x8000;  // right 1/8, left 1/2
    Frames expect(raw.size());
    for (size_t i = 0; i < raw.size(); ++i)
        expect[i] = raw[i] * ((i % 2 ? 0x2000 : 0x8000) / 65535.0f);
    check_recorded([&](std::string& why) {
        sound_server::Recording rec(2.0);
        REQUIRE(rec.started());
        Player p;
        REQUIRE(p.open(&f) == MMSYSERR_NOERROR);
        REQUIRE(waveOutSetVolume(p.hwo, vol) == MMSYSERR_NOERROR);
        DWORD got_vol = 0;
        REQUIRE(waveOutGetVolume(p.hwo, &got_vol) == MMSYSERR_NOERROR);
        CHECK(got_vol == vol);
        REQUIRE(p.write(data, 4800 * 4));
        REQUIRE(p.wait_done());
        return plays_through(rec.wait(), expect, {0}, why);
    });
}
