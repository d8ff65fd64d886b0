// winmm-ng PlaySound: the exports PlaySoundA/W, PlaySound (the ANSI one under its old name), sndPlaySoundA/W.
// The source is decided by request.cpp, aliases by alias_lookup.cpp, the bytes are read by sources_win32.cpp
// through our mmio, and player_win32.cpp plays them through waveOut. See docs/playsound.md.
#include <windows.h>
#include <mmsystem.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "alias_lookup.h"
#include "log.h"
#include "player.h"
#include "request.h"
#include "sources.h"

namespace winmm::playsound {

namespace {

// pszSound as the call gave it: a wide string, an integer (resource ordinal or SND_ALIAS_ID), or a pointer to
// memory. The ANSI entry points convert strings once, here.
struct Name {
    const void* raw = nullptr;
    std::wstring text;
    bool is_text = false;
};

bool is_int(const void* p) { return (reinterpret_cast<uintptr_t>(p) >> 16) == 0; }

// Whether pszSound is a string for this source (not memory, not an identifier).
bool names_text(const Request& r, const void* p) {
    switch (r.source) {
    case Source::memory:
    case Source::alias_id:
    case Source::none:
    case Source::invalid:
        return false;
    case Source::resource:
        return !is_int(p);
    default:
        return true;
    }
}

std::optional<std::wstring> widen(const char* s) {
    int n = MultiByteToWideChar(CP_ACP, 0, s, -1, nullptr, 0);
    if (n <= 0) return std::nullopt;
    std::vector<wchar_t> buf(static_cast<size_t>(n));
    if (!MultiByteToWideChar(CP_ACP, 0, s, -1, buf.data(), n)) return std::nullopt;
    return std::wstring(buf.data());
}

std::optional<WaveImage> load_alias(const std::wstring& alias, bool application, bool* silent) {
    std::wstring app = application ? application_name() : std::wstring();
    AliasHit h = find_alias(system_alias_stores(), alias, application ? &app : nullptr);
    *silent = h.kind == AliasKind::silent;
    if (h.kind != AliasKind::file) return std::nullopt;
    return load_file(h.file);
}

// The key SND_PURGE with a name compares against the playing sound.
std::wstring key_of(const Request& r, const Name& n) {
    if (n.is_text) return n.text;
    // Not a name: the source kind and the pointer or identifier, which no file name can equal.
    return L"\x1" + std::to_wstring(int(r.source)) + L":" + std::to_wstring(reinterpret_cast<uintptr_t>(n.raw));
}

BOOL play_sound(const Name& name, HMODULE module, DWORD flags) {
    Request r = decode(flags, name.raw != nullptr);
    WINMM_TRACE("PlaySound(%p '%ls', %p, 0x%lx): source %d", name.raw, name.text.c_str(), (void*)module,
                (unsigned long)flags, int(r.source));
    if (r.source == Source::invalid) return FALSE;
    if (r.source == Source::none) {
        stop(nullptr);
        return TRUE;
    }
    if (r.purge) {
        std::wstring key = key_of(r, name);
        stop(&key);
        return TRUE;
    }
    // SND_NOSTOP fails at once when a sound plays; the new sound is not even looked for.
    if (r.nostop && playing()) return FALSE;

    std::optional<WaveImage> image;
    bool silent = false;  // an event the user set to "no sound"
    switch (r.source) {
    case Source::memory:
        image = load_memory_image(name.raw);
        break;
    case Source::resource:
        image = load_resource(module, name.is_text ? name.text.c_str() : static_cast<LPCWSTR>(name.raw));
        break;
    case Source::file:
        image = load_file(name.text);
        break;
    case Source::alias_id:
        if (const wchar_t* event = alias_id_name(reinterpret_cast<uintptr_t>(name.raw)))
            image = load_alias(event, r.application, &silent);
        break;
    case Source::alias:
    case Source::alias_or_file: {
        std::wstring app = r.application ? application_name() : std::wstring();
        AliasHit h = find_alias(system_alias_stores(), name.text, r.application ? &app : nullptr);
        silent = h.kind == AliasKind::silent;
        if (h.kind == AliasKind::file)
            image = load_file(h.file);
        else if (h.kind == AliasKind::not_found)
            image = load_file(name.text);  // an alias that names no event is tried as a file name
        break;
    }
    default:
        break;
    }
    if (silent && !image) return TRUE;
    if (!image) {
        if (r.nodefault) return FALSE;
        bool default_silent = false;
        image = load_alias(default_event(), false, &default_silent);
        // "If no default system sound has been defined, PlaySound fails without producing any sound."
        if (!image) return FALSE;
    }
    PlayOptions o;
    o.async = r.async;
    o.loop = r.loop;
    o.nostop = r.nostop;
    o.nowait = r.nowait;
    StartResult sr = start(std::make_shared<const WaveImage>(std::move(*image)), key_of(r, name), o);
    return sr == StartResult::played;
}

BOOL play_a(LPCSTR sound, HMODULE module, DWORD flags) {
    Name n;
    n.raw = sound;
    Request r = decode(flags, sound != nullptr);
    if (sound && names_text(r, sound)) {
        auto w = widen(sound);
        if (!w) return FALSE;
        n.text = std::move(*w);
        n.is_text = true;
    }
    return play_sound(n, module, flags);
}

BOOL play_w(LPCWSTR sound, HMODULE module, DWORD flags) {
    Name n;
    n.raw = sound;
    Request r = decode(flags, sound != nullptr);
    if (sound && names_text(r, sound)) {
        n.text = sound;
        n.is_text = true;
    }
    return play_sound(n, module, flags);
}

}  // namespace

}  // namespace winmm::playsound

using namespace winmm::playsound;

extern "C" BOOL WINAPI PlaySoundA(LPCSTR pszSound, HMODULE hmod, DWORD fdwSound) {
    return play_a(pszSound, hmod, fdwSound);
}

extern "C" BOOL WINAPI PlaySoundW(LPCWSTR pszSound, HMODULE hmod, DWORD fdwSound) {
    return play_w(pszSound, hmod, fdwSound);
}

// mmsystem.h makes PlaySound a macro for the A or W name; the export itself has the bare name.
#undef PlaySound

// PlaySound: the export of that name is the ANSI function (Windows' winmm exports it beside PlaySoundA).
extern "C" BOOL WINAPI PlaySound(LPCSTR pszSound, HMODULE hmod, DWORD fdwSound) {
    return play_a(pszSound, hmod, fdwSound);
}

// sndPlaySound: PlaySound without a module, with its own subset of flags; with no SND_MEMORY it looks for an
// event of that name before a file ("always searches the registry ... before attempting to load a file").
extern "C" BOOL WINAPI sndPlaySoundA(LPCSTR pszSound, UINT fuSound) {
    return play_a(pszSound, nullptr, fuSound & flag::snd_play_sound_mask);
}

extern "C" BOOL WINAPI sndPlaySoundW(LPCWSTR pszSound, UINT fuSound) {
    return play_w(pszSound, nullptr, fuSound & flag::snd_play_sound_mask);
}
