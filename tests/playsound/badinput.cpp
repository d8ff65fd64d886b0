// PlaySound with bad input: contradictory flags, missing sources, truncated and garbage WAVE images. Each gets
// FALSE (or, for a valid image with no samples, TRUE and silence), never a crash or a hang, and nothing reaches
// the output.
#include <windows.h>
#include <mmsystem.h>

#include <catch.hpp>

#include "ps_support.h"

namespace {

constexpr DWORD kSyncNoDefault = SND_SYNC | SND_NODEFAULT;

BOOL play_memory(const wav::Bytes& b, DWORD extra = 0) {
    return PlaySoundW(reinterpret_cast<LPCWSTR>(b.data()), nullptr, SND_MEMORY | kSyncNoDefault | extra);
}

BOOL play_file(const wav::Bytes& b) {
    ps::TempWave f(L"bad.wav", b);
    if (!f.ok()) return TRUE;  // reported as a failure of the test by the caller's CHECK_FALSE
    return PlaySoundW(f.path().c_str(), nullptr, SND_FILENAME | kSyncNoDefault);
}

wav::Bytes with_format(const wav::Bytes& fmt, const wav::Bytes& data) { return wav::riff(fmt, data); }

}  // namespace

TEST_CASE("contradictory source flags fail and leave the current sound alone") {
    sound_server::require_or_skip();
    wav::Sound s = wav::pcm(wav::Pcm::s16, 2, 0.6, 401);
    ps::TempWave f(L"flags.wav", s.image);
    REQUIRE(f.ok());
    auto got = ps::hear(2.0, s.expected, [&] {
        CHECK(PlaySoundW(f.path().c_str(), nullptr, SND_FILENAME | SND_ASYNC | SND_NODEFAULT));
        CHECK_FALSE(PlaySoundW(f.path().c_str(), nullptr, SND_FILENAME | SND_MEMORY | SND_ASYNC | SND_NODEFAULT));
        CHECK_FALSE(PlaySoundW(f.path().c_str(), nullptr, SND_FILENAME | SND_ALIAS | SND_ASYNC | SND_NODEFAULT));
        CHECK_FALSE(PlaySoundW(reinterpret_cast<LPCWSTR>(s.image.data()), nullptr,
                               SND_MEMORY | SND_ALIAS | SND_ASYNC | SND_NODEFAULT));
    });
    // The sound playing before those calls played to its end.
    CHECK(ps::find_sound(got, s.expected) >= 0);
}

TEST_CASE("missing sources fail with SND_NODEFAULT") {
    sound_server::require_or_skip();
    auto got = ps::record(1.0, [&] {
        CHECK_FALSE(PlaySoundW(L"Z:\\no\\such\\dir\\x.wav", nullptr, SND_FILENAME | kSyncNoDefault));
        CHECK_FALSE(PlaySoundW(L"", nullptr, SND_FILENAME | kSyncNoDefault));
        CHECK_FALSE(PlaySoundW(L"WinmmNgNoSuchEventOrFile", nullptr, SND_ALIAS | kSyncNoDefault));
        CHECK_FALSE(PlaySoundA("WinmmNgNoSuchEventOrFile", nullptr, kSyncNoDefault));
        CHECK_FALSE(PlaySoundW(MAKEINTRESOURCEW(999), GetModuleHandleW(nullptr), SND_RESOURCE | kSyncNoDefault));
        CHECK_FALSE(PlaySoundW(L"X", reinterpret_cast<HMODULE>(uintptr_t(0x12340000)), SND_RESOURCE | kSyncNoDefault));
        CHECK_FALSE(PlaySoundW(L"unknown.XYZ+member.wav", nullptr, SND_FILENAME | kSyncNoDefault));
        CHECK_FALSE(sndPlaySoundW(L"Z:\\no\\such\\file.wav", kSyncNoDefault));
        // A trailing dot is an extension of its own: ".wav" is not added (Wine's test_PlaySound, on Windows).
        wav::Sound s = wav::pcm(wav::Pcm::s16, 2, 0.1, 402);
        ps::TempWave f(L"dot.wav", s.image);
        std::wstring dotted = f.path().substr(0, f.path().size() - 3);
        CHECK_FALSE(PlaySoundW(dotted.c_str(), nullptr, SND_FILENAME | kSyncNoDefault));
    });
    CHECK(ps::silent(got));
}

TEST_CASE("garbage and truncated WAVE images fail, from memory and from files") {
    sound_server::require_or_skip();
    wav::Sound good = wav::pcm(wav::Pcm::s16, 2, 0.05, 403);
    auto got = ps::record(1.5, [&] {
        // Not RIFF at all; the memory reader must not run past a small block either.
        wav::Bytes garbage(64, 0x5a);
        CHECK_FALSE(play_memory(garbage));
        CHECK_FALSE(play_file(garbage));
        CHECK_FALSE(play_file(wav::Bytes()));
        // A memory pointer that cannot be read.
        CHECK_FALSE(PlaySoundW(reinterpret_cast<LPCWSTR>(uintptr_t(0x10)), nullptr, SND_MEMORY | kSyncNoDefault));
        // A RIFF header whose size runs far past the readable memory.
        wav::Bytes huge = good.image;
        huge[4] = huge[5] = huge[6] = 0xff;
        huge[7] = 0x7f;
        CHECK_FALSE(play_memory(huge));
        // Every cut of the header (through the first data bytes' chunk header).
        for (size_t n = 0; n < 44; ++n) {
            INFO("cut at " << n);
            wav::Bytes cut(good.image.begin(), good.image.begin() + long(n));
            CHECK_FALSE(play_file(cut));
        }
        // RIFF but not WAVE.
        wav::Bytes avi = good.image;
        std::memcpy(&avi[8], "AVI ", 4);
        CHECK_FALSE(play_memory(avi));
        // No data chunk; no fmt chunk.
        wav::Bytes body;
        wav::put_id(body, "WAVE");
        wav::chunk(body, "fmt ", wav::format(WAVE_FORMAT_PCM, 2, 48000, 16, 4));
        wav::Bytes nodata;
        wav::chunk(nodata, "RIFF", body);
        CHECK_FALSE(play_memory(nodata));
        wav::Bytes body2;
        wav::put_id(body2, "WAVE");
        wav::chunk(body2, "data", wav::Bytes(400, 1));
        wav::Bytes nofmt;
        wav::chunk(nofmt, "RIFF", body2);
        CHECK_FALSE(play_memory(nofmt));
        // Formats that cannot describe a sound: a short fmt chunk, zero channels, zero block align, a cbSize
        // larger than the chunk.
        wav::Bytes shortfmt = wav::format(WAVE_FORMAT_PCM, 2, 48000, 16, 4);
        shortfmt.resize(10);
        CHECK_FALSE(play_memory(with_format(shortfmt, wav::Bytes(400, 1))));
        CHECK_FALSE(play_memory(with_format(wav::format(WAVE_FORMAT_PCM, 0, 48000, 16, 4), wav::Bytes(400, 1))));
        CHECK_FALSE(play_memory(with_format(wav::format(WAVE_FORMAT_PCM, 2, 48000, 16, 0), wav::Bytes(400, 1))));
        wav::Bytes bigcb = wav::format(WAVE_FORMAT_PCM, 2, 48000, 16, 4);
        bigcb[16] = 0x40;
        CHECK_FALSE(play_memory(with_format(bigcb, wav::Bytes(400, 1))));
        // Data shorter than one block.
        CHECK_FALSE(play_memory(with_format(wav::format(WAVE_FORMAT_PCM, 2, 48000, 16, 4), wav::Bytes(3, 1))));
        // A format no device or codec plays, synchronously: the device does not open.
        CHECK_FALSE(play_memory(with_format(wav::format(0x7777, 2, 48000, 16, 4), wav::Bytes(4000, 1))));
    });
    CHECK(ps::silent(got));
}

TEST_CASE("a valid WAVE image with an empty data chunk succeeds silently") {
    sound_server::require_or_skip();
    BOOL r = FALSE;
    auto got = ps::record(1.0, [&] {
        r = play_memory(wav::riff(wav::format(WAVE_FORMAT_PCM, 2, 48000, 16, 4), wav::Bytes()));
    });
    CHECK(r);
    CHECK(ps::silent(got));
}

TEST_CASE("a data chunk shorter than its size field plays the samples that are there") {
    sound_server::require_or_skip();
    wav::Sound s = wav::pcm(wav::Pcm::s16, 2, 0.2, 404);
    wav::Bytes image = s.image;
    // Claim twice the data the image holds (a recorder that never fixed its header up).
    uint32_t size = uint32_t(image[40] | image[41] << 8 | image[42] << 16 | uint32_t(image[43]) << 24);
    wav::Bytes grown;
    uint32_t claim = size * 2;
    image[40] = uint8_t(claim);
    image[41] = uint8_t(claim >> 8);
    image[42] = uint8_t(claim >> 16);
    image[43] = uint8_t(claim >> 24);
    ps::TempWave f(L"short.wav", image);
    REQUIRE(f.ok());
    BOOL r = FALSE;
    auto got = ps::hear(1.2, s.expected, [&] { r = PlaySoundW(f.path().c_str(), nullptr, SND_FILENAME | kSyncNoDefault); });
    CHECK(r);
    CHECK(ps::find_sound(got, s.expected) >= 0);
}
