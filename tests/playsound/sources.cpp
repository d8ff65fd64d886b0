// PlaySound from every kind of source, proved at the sound server: the recorded output holds the sound's samples
// exactly (48000 Hz PCM and float), or, for compressed sounds the wave mapper decodes, correlates with them.
#include <windows.h>
#include <mmsystem.h>

#include <catch.hpp>

#include <memory>
#include <vector>

#include "ps_support.h"

namespace {

using ps::find_sound;

constexpr DWORD kFile = SND_FILENAME | SND_SYNC | SND_NODEFAULT;

// The samples of a canonical 16-bit stereo WAVE image (44-byte header) as the server records them.
sound_server::Frames expected_from_canonical(const void* image, DWORD size) {
    const auto* b = static_cast<const uint8_t*>(image);
    sound_server::Frames f;
    for (DWORD i = 44; i + 1 < size; i += 2) f.push_back(int16_t(b[i] | (b[i + 1] << 8)) / 32768.0f);
    return f;
}

sound_server::Frames resource_frames(LPCWSTR name) {
    HRSRC r = FindResourceW(nullptr, name, L"WAVE");
    if (!r) return {};
    return expected_from_canonical(LockResource(LoadResource(nullptr, r)), SizeofResource(nullptr, r));
}

}  // namespace

TEST_CASE("SND_FILENAME plays the file's samples exactly, in each PCM and float layout") {
    sound_server::require_or_skip();
    struct Case {
        const char* label;
        wav::Pcm kind;
        int channels;
    } cases[] = {
        {"16-bit stereo", wav::Pcm::s16, 2}, {"16-bit mono", wav::Pcm::s16, 1},
        {"8-bit mono", wav::Pcm::u8, 1},     {"8-bit stereo", wav::Pcm::u8, 2},
        {"float stereo", wav::Pcm::f32, 2},
    };
    // All five play one after the other inside one recording (each recording costs seconds to start).
    std::vector<wav::Sound> sounds;
    std::vector<std::unique_ptr<ps::TempWave>> files;
    BOOL r[5] = {};
    uint32_t seed = 100;
    for (const Case& c : cases) {
        sounds.push_back(wav::pcm(c.kind, c.channels, 0.2, seed++));
        files.push_back(std::make_unique<ps::TempWave>(L"pcm.wav", sounds.back().image));
        REQUIRE(files.back()->ok());
    }
    std::vector<const sound_server::Frames*> all;
    for (const auto& snd : sounds) all.push_back(&snd.expected);
    auto got = ps::hear_all(3.5, all, [&] {
        for (size_t i = 0; i < files.size(); ++i) r[i] = PlaySoundW(files[i]->path().c_str(), nullptr, kFile);
    });
    for (size_t i = 0; i < files.size(); ++i) {
        INFO(cases[i].label);
        CHECK(r[i]);
        CHECK(find_sound(got, sounds[i].expected) >= 0);
    }
}

TEST_CASE("SND_FILENAME searches with the default extension .wav, and the A entry point takes ANSI names") {
    sound_server::require_or_skip();
    wav::Sound s = wav::pcm(wav::Pcm::s16, 2, 0.2, 7);
    ps::TempWave f(L"noext.wav", s.image);
    REQUIRE(f.ok());
    std::wstring bare = f.path().substr(0, f.path().size() - 4);
    BOOL r = FALSE;
    auto got = ps::hear(1.2, s.expected, [&] { r = PlaySoundW(bare.c_str(), nullptr, kFile); });
    CHECK(r);
    CHECK(find_sound(got, s.expected) >= 0);

    std::string ansi(f.path().begin(), f.path().end());  // the temporary path is ASCII here
    got = ps::hear(1.2, s.expected, [&] { r = PlaySoundA(ansi.c_str(), nullptr, kFile); });
    CHECK(r);
    CHECK(find_sound(got, s.expected) >= 0);
}

TEST_CASE("SND_MEMORY plays an in-memory image") {
    sound_server::require_or_skip();
    wav::Sound s = wav::pcm(wav::Pcm::s16, 1, 0.2, 11);
    BOOL r = FALSE;
    auto got = ps::hear(1.2, s.expected, [&] {
        r = PlaySoundW(reinterpret_cast<LPCWSTR>(s.image.data()), nullptr, SND_MEMORY | SND_SYNC | SND_NODEFAULT);
    });
    CHECK(r);
    CHECK(find_sound(got, s.expected) >= 0);
}

TEST_CASE("SND_RESOURCE plays a WAVE resource by name and by ordinal") {
    sound_server::require_or_skip();
    auto boom = resource_frames(L"BOOM");
    auto seven = resource_frames(MAKEINTRESOURCEW(7));
    REQUIRE(!boom.empty());
    REQUIRE(!seven.empty());
    HMODULE self = GetModuleHandleW(nullptr);
    BOOL r = FALSE;
    auto got = ps::hear(1.2, boom, [&] { r = PlaySoundW(L"BOOM", self, SND_RESOURCE | SND_SYNC | SND_NODEFAULT); });
    CHECK(r);
    CHECK(find_sound(got, boom) >= 0);
    got = ps::hear(1.2, boom, [&] { r = PlaySoundA("BOOM", nullptr, SND_RESOURCE | SND_SYNC | SND_NODEFAULT); });
    CHECK(r);
    CHECK(find_sound(got, boom) >= 0);
    got = ps::hear(1.2, seven, [&] {
        r = PlaySoundW(MAKEINTRESOURCEW(7), self, SND_RESOURCE | SND_SYNC | SND_NODEFAULT);
    });
    CHECK(r);
    CHECK(find_sound(got, seven) >= 0);
    CHECK_FALSE(PlaySoundW(L"NOSUCHWAVE", self, SND_RESOURCE | SND_SYNC | SND_NODEFAULT));
}

namespace pak {

// A test I/O procedure for "*.PAK+member" names: it serves one WAVE image from memory for the member
// "boom.wav" and refuses others, as an archive reader would.
wav::Bytes image;
std::wstring last_open;

LRESULT CALLBACK proc(LPSTR info_ptr, UINT msg, LPARAM p1, LPARAM p2) {
    auto* info = reinterpret_cast<MMIOINFO*>(info_ptr);
    switch (msg) {
    case MMIOM_OPEN: {
        // Installed as a Unicode procedure: the name is a wide string.
        std::wstring name = reinterpret_cast<LPCWSTR>(p1);
        last_open = name;
        size_t plus = name.find(L'+');
        if (plus == std::wstring::npos || _wcsicmp(name.c_str() + plus + 1, L"boom.wav") != 0)
            return MMIOERR_CANNOTOPEN;
        info->lDiskOffset = 0;
        return MMSYSERR_NOERROR;
    }
    case MMIOM_CLOSE:
        return 0;
    case MMIOM_READ: {
        LONG left = LONG(image.size()) - info->lDiskOffset;
        LONG n = std::max<LONG>(0, std::min<LONG>(LONG(p2), left));
        memcpy(reinterpret_cast<void*>(p1), image.data() + info->lDiskOffset, size_t(n));
        info->lDiskOffset += n;
        return n;
    }
    case MMIOM_SEEK: {
        LONG base = p2 == SEEK_SET ? 0 : p2 == SEEK_CUR ? info->lDiskOffset : LONG(image.size());
        LONG to = base + LONG(p1);
        if (to < 0) return -1;
        info->lDiskOffset = to;
        return to;
    }
    default:
        return -1;
    }
}

}  // namespace pak

TEST_CASE("a compound name is served by the I/O procedure the application installed") {
    sound_server::require_or_skip();
    wav::Sound s = wav::pcm(wav::Pcm::s16, 2, 0.2, 21);
    pak::image = s.image;
    const FOURCC fcc = mmioFOURCC('P', 'A', 'K', ' ');
    REQUIRE(mmioInstallIOProcW(fcc, pak::proc, MMIO_INSTALLPROC) == pak::proc);
    BOOL r = FALSE;
    auto got = ps::hear(1.2, s.expected, [&] { r = PlaySoundW(L"sounds.PAK+boom.wav", nullptr, kFile); });
    CHECK(r);
    CHECK(pak::last_open == L"sounds.PAK+boom.wav");
    CHECK(find_sound(got, s.expected) >= 0);
    // The same through the ANSI entry point and through sndPlaySound (an event lookup first, then the file).
    got = ps::hear(1.2, s.expected, [&] { r = sndPlaySoundA("sounds.PAK+boom.wav", SND_SYNC | SND_NODEFAULT); });
    CHECK(r);
    CHECK(find_sound(got, s.expected) >= 0);
    // A member the procedure refuses is not found.
    CHECK_FALSE(PlaySoundW(L"sounds.PAK+other.wav", nullptr, kFile));
    mmioInstallIOProcW(fcc, nullptr, MMIO_REMOVEPROC);
}

TEST_CASE("a registry event plays its file; SND_APPLICATION looks in the application's own events first") {
    sound_server::require_or_skip();
    wav::Sound a = wav::pcm(wav::Pcm::s16, 2, 0.2, 31);
    wav::Sound b = wav::pcm(wav::Pcm::s16, 2, 0.2, 32);
    ps::TempWave fa(L"event-a.wav", a.image), fb(L"event-b.wav", b.image);
    REQUIRE(fa.ok());
    REQUIRE(fb.ok());
    ps::RegistryEvent sys(L".Default", L"WinmmNgTestEvent", fa.path());
    ps::RegistryEvent app(L"playsound-sources", L"WinmmNgTestEvent", fb.path());
    REQUIRE(sys.ok());
    REQUIRE(app.ok());
    BOOL r = FALSE;
    auto got = ps::hear(1.2, a.expected, [&] { r = PlaySoundW(L"WinmmNgTestEvent", nullptr, SND_ALIAS | SND_SYNC | SND_NODEFAULT); });
    CHECK(r);
    CHECK(find_sound(got, a.expected) >= 0);
    CHECK(find_sound(got, b.expected) < 0);
    // No source flag: the event name is looked up before any file name.
    got = ps::hear(1.2, a.expected, [&] { r = PlaySoundW(L"WinmmNgTestEvent", nullptr, SND_SYNC | SND_NODEFAULT); });
    CHECK(r);
    CHECK(find_sound(got, a.expected) >= 0);
    got = ps::hear(1.2, b.expected, [&] {
        r = PlaySoundW(L"WinmmNgTestEvent", nullptr, SND_ALIAS | SND_APPLICATION | SND_SYNC | SND_NODEFAULT);
    });
    CHECK(r);
    CHECK(find_sound(got, b.expected) >= 0);
    CHECK(find_sound(got, a.expected) < 0);
    got = ps::hear(1.2, a.expected, [&] { r = sndPlaySoundW(L"WinmmNgTestEvent", SND_SYNC | SND_NODEFAULT); });
    CHECK(r);
    CHECK(find_sound(got, a.expected) >= 0);
}

TEST_CASE("a REG_EXPAND_SZ event file has its environment strings expanded") {
    sound_server::require_or_skip();
    wav::Sound a = wav::pcm(wav::Pcm::s16, 2, 0.2, 35);
    ps::TempWave fa(L"event-x.wav", a.image);
    REQUIRE(fa.ok());
    SetEnvironmentVariableW(L"WINMM_NG_PS_FILE", fa.path().c_str());
    ps::RegistryEvent ev(L".Default", L"WinmmNgExpand", L"%WINMM_NG_PS_FILE%", REG_EXPAND_SZ);
    REQUIRE(ev.ok());
    BOOL r = FALSE;
    auto got = ps::hear(1.2, a.expected, [&] { r = PlaySoundW(L"WinmmNgExpand", nullptr, SND_ALIAS | SND_SYNC | SND_NODEFAULT); });
    CHECK(r);
    CHECK(find_sound(got, a.expected) >= 0);
}

TEST_CASE("a win.ini [sounds] event plays the file before the comma") {
    sound_server::require_or_skip();
    wav::Sound a = wav::pcm(wav::Pcm::s16, 1, 0.2, 41);
    ps::TempWave fa(L"ini.wav", a.image);
    REQUIRE(fa.ok());
    ps::ProfileEvent ev(L"WinmmNgIniEvent", fa.path() + L",A test sound");
    REQUIRE(ev.ok());
    BOOL r = FALSE;
    auto got = ps::hear(1.2, a.expected, [&] { r = PlaySoundW(L"WinmmNgIniEvent", nullptr, SND_ALIAS | SND_SYNC | SND_NODEFAULT); });
    CHECK(r);
    CHECK(find_sound(got, a.expected) >= 0);
}

TEST_CASE("SND_ALIAS_ID plays the predefined system event; SND_ALIAS falls back to a file name") {
    sound_server::require_or_skip();
    wav::Sound a = wav::pcm(wav::Pcm::s16, 2, 0.2, 51);
    ps::TempWave fa(L"asterisk.wav", a.image);
    REQUIRE(fa.ok());
    ps::RegistryEvent ev(L".Default", L"SystemAsterisk", fa.path());
    REQUIRE(ev.ok());
    BOOL r = FALSE;
    auto got = ps::hear(1.2, a.expected, [&] {
        r = PlaySoundW(reinterpret_cast<LPCWSTR>(SND_ALIAS_SYSTEMASTERISK), nullptr,
                       SND_ALIAS_ID | SND_SYNC | SND_NODEFAULT);
    });
    CHECK(r);
    CHECK(find_sound(got, a.expected) >= 0);
    // Windows: SND_ALIAS with a file name that is no event plays the file (Wine's wave.c test_PlaySound).
    got = ps::hear(1.2, a.expected, [&] { r = PlaySoundW(fa.path().c_str(), nullptr, SND_ALIAS | SND_SYNC | SND_NODEFAULT); });
    CHECK(r);
    CHECK(find_sound(got, a.expected) >= 0);
    // An identifier that is not a predefined one names no sound.
    CHECK_FALSE(PlaySoundW(reinterpret_cast<LPCWSTR>(uintptr_t(0x7a7a)), nullptr, SND_ALIAS_ID | SND_SYNC | SND_NODEFAULT));
}

TEST_CASE("a sound that is not found plays the default sound, unless SND_NODEFAULT") {
    sound_server::require_or_skip();
    wav::Sound d = wav::pcm(wav::Pcm::s16, 2, 0.2, 61);
    ps::TempWave fd(L"default.wav", d.image);
    REQUIRE(fd.ok());
    ps::RegistryEvent ev(L".Default", L".Default", fd.path());
    REQUIRE(ev.ok());
    std::wstring missing = wav::temp_path(L"missing.wav");
    BOOL r = TRUE;
    auto got = ps::record(1.2, [&] { r = PlaySoundW(missing.c_str(), nullptr, SND_FILENAME | SND_SYNC | SND_NODEFAULT); });
    CHECK_FALSE(r);
    CHECK(ps::silent(got));
    got = ps::hear(1.2, d.expected, [&] { r = PlaySoundW(missing.c_str(), nullptr, SND_FILENAME | SND_SYNC); });
    CHECK(r);
    CHECK(find_sound(got, d.expected) >= 0);
    got = ps::hear(1.2, d.expected, [&] { r = sndPlaySoundW(L"WinmmNgNoSuchEvent", SND_SYNC); });
    CHECK(r);
    CHECK(find_sound(got, d.expected) >= 0);
}

// Wine's wave.c (test_sndPlaySound, which runs on Windows) calls sndPlaySound with SND_ALIAS_ID and an identifier
// in place of the string, and with SND_FILENAME: Windows honours both source flags there (a dropped SND_ALIAS_ID
// would make the identifier a string pointer).
TEST_CASE("sndPlaySound takes SND_ALIAS_ID identifiers and SND_FILENAME") {
    sound_server::require_or_skip();
    wav::Sound a = wav::pcm(wav::Pcm::s16, 2, 0.2, 63);
    ps::TempWave fa(L"asterisk.wav", a.image);
    REQUIRE(fa.ok());
    ps::RegistryEvent ev(L".Default", L"SystemAsterisk", fa.path());
    REQUIRE(ev.ok());
    BOOL r = FALSE;
    auto got = ps::hear(1.2, a.expected, [&] {
        r = sndPlaySoundA(reinterpret_cast<LPCSTR>(SND_ALIAS_SYSTEMASTERISK), SND_ALIAS_ID | SND_SYNC | SND_NODEFAULT);
    });
    CHECK(r);
    CHECK(find_sound(got, a.expected) >= 0);
    got = ps::hear(1.2, a.expected, [&] {
        r = sndPlaySoundW(reinterpret_cast<LPCWSTR>(SND_ALIAS_SYSTEMASTERISK), SND_ALIAS_ID | SND_SYNC | SND_NODEFAULT);
    });
    CHECK(r);
    CHECK(find_sound(got, a.expected) >= 0);
    got = ps::hear(1.2, a.expected, [&] { r = sndPlaySoundW(fa.path().c_str(), SND_FILENAME | SND_SYNC | SND_NODEFAULT); });
    CHECK(r);
    CHECK(find_sound(got, a.expected) >= 0);
    // An identifier that names no event: no sound, no crash.
    got = ps::record(0.5, [&] {
        CHECK_FALSE(sndPlaySoundA(reinterpret_cast<LPCSTR>(sndAlias('X', 'Y')), SND_ALIAS_ID | SND_SYNC | SND_NODEFAULT));
        CHECK_FALSE(sndPlaySoundW(reinterpret_cast<LPCWSTR>(sndAlias('X', 'Y')), SND_ALIAS_ID | SND_SYNC | SND_NODEFAULT));
    });
    CHECK(ps::silent(got));
}

TEST_CASE("an event set to no sound plays nothing and not the default sound") {
    sound_server::require_or_skip();
    wav::Sound d = wav::pcm(wav::Pcm::s16, 2, 0.2, 62);
    ps::TempWave fd(L"default2.wav", d.image);
    REQUIRE(fd.ok());
    ps::RegistryEvent def(L".Default", L".Default", fd.path());
    ps::RegistryEvent none(L".Default", L"WinmmNgSilentEvent", L"");
    REQUIRE(def.ok());
    REQUIRE(none.ok());
    BOOL r = FALSE;
    auto got = ps::record(1.0, [&] { r = PlaySoundW(L"WinmmNgSilentEvent", nullptr, SND_ALIAS | SND_SYNC); });
    CHECK(r);
    CHECK(ps::silent(got));
}

TEST_CASE("a compressed (mu-law) sound is decoded by the wave mapper and arrives") {
    sound_server::require_or_skip();
    wav::Sound s = wav::mulaw(0.5, 71);
    ps::TempWave f(L"mulaw.wav", s.image);
    REQUIRE(f.ok());
    BOOL r = FALSE;
    auto got = ps::record(2.0, [&] { r = PlaySoundW(f.path().c_str(), nullptr, kFile); });
    CHECK(r);
    long at = sound_server::first_sound(got);
    REQUIRE(at >= 0);
    // The decoded G.711 values are well defined, but the ACM codec is not ours: a correlation of 0.99 with the
    // reference decoding (median of 100 ms blocks, found near the first sound) is the stated bar. The walk
    // starts near zero, so the first audible frame can come a few hundred frames after the sound's start.
    double c = wav::blockwise_correlation(got, at, s.expected, 2400);
    INFO("correlation " << c);
    CHECK(c > 0.99);
}

TEST_CASE("a compressed (IMA ADPCM) sound is decoded by the wave mapper and arrives") {
    sound_server::require_or_skip();
    wav::Sound s = wav::ima_adpcm(0.5, 81);
    REQUIRE(s.seconds > 0.3);
    BOOL r = FALSE;
    double c = -1;
    ps::record_until(2.0, [&](const sound_server::Frames& got) {
        long at = sound_server::first_sound(got);
        c = at < 0 ? -1 : wav::blockwise_correlation(got, at, s.expected, 2400);
        return c > 0.99;
    }, [&] {
        r = PlaySoundW(reinterpret_cast<LPCWSTR>(s.image.data()), nullptr, SND_MEMORY | SND_SYNC | SND_NODEFAULT);
    });
    CHECK(r);
    // As for mu-law: the stated bar is a correlation of 0.99 with the IMA decoding of the same codes.
    INFO("correlation " << c);
    CHECK(c > 0.99);
}
