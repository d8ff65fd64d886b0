// Shared helpers of the PlaySound test programs: recording what a PlaySound call played, and registry/win.ini
// aliases that are removed again when the test ends.
#pragma once

#include <windows.h>
#include <mmsystem.h>

#include <cstdio>
#include <string>
#include <vector>

#include "sound_server.h"
#include "wav_builder.h"

namespace ps {

// Records `seconds` of the output while `play` runs; returns the recording.
template <typename F>
sound_server::Frames record(double seconds, F&& play) {
    sound_server::Recording rec(seconds);
    if (!rec.started()) return {};
    play();
    return rec.wait();
}

inline bool silent(const sound_server::Frames& f) { return sound_server::first_sound(f) < 0; }

// The first frames of a stream that starts while the sink runs do not reach the sink's monitor: PulseAudio
// renders a new stream into the part of the sink buffer it rewinds, after the monitor has already posted that part
// (measured here: 93 frames for a PlaySound, 480 for pacat on its own, with any client). So a sound is found by
// its samples after this lead-in, exactly; the lead-in is below the DLL and the same for every client.
constexpr size_t kLeadInFrames = 2400;  // 50 ms at 48000 Hz

// The frame where `expected` (less its lead-in) is in `got`, exactly; -1 when it is not.
inline long find_sound(const sound_server::Frames& got, const sound_server::Frames& expected) {
    if (expected.size() <= kLeadInFrames * 2 * 2) return sound_server::find_exact(got, expected);
    sound_server::Frames tail(expected.begin() + long(kLeadInFrames * 2), expected.end());
    long at = sound_server::find_exact(got, tail);
    return at < 0 ? -1 : at - long(kLeadInFrames);
}

// Records while `play` runs, like record(), until `expected` is heard exactly (at most three attempts): on this
// shared 2-core machine a stream below the DLL (the backend's waveOut, the server) now and then underruns,
// which inserts silence into the recording and breaks an exact match, while wrong samples from the DLL fail every
// attempt. Returns the last recording; find_sound() on it tells the outcome.
template <typename Pred, typename F>
sound_server::Frames record_until(double seconds, Pred&& heard, F&& play) {
    sound_server::Frames got;
    for (int attempt = 1; attempt <= 3; ++attempt) {
        got = record(seconds, play);
        if (heard(got)) break;
        std::printf("note: the sound was not heard as expected in attempt %d\n", attempt);
    }
    return got;
}
template <typename F>
sound_server::Frames hear_all(double seconds, const std::vector<const sound_server::Frames*>& expected, F&& play) {
    return record_until(seconds, [&](const sound_server::Frames& got) {
        for (const auto* e : expected)
            if (find_sound(got, *e) < 0) return false;
        return true;
    }, play);
}
template <typename F>
sound_server::Frames hear(double seconds, const sound_server::Frames& expected, F&& play) {
    return hear_all(seconds, {&expected}, play);
}

// The exact, whole passes of a looped `needle` in a recording: how many there are, and the longest run of passes
// that follow each other without a gap (a glitch below the DLL, see hear(), can spoil one pass, not the loop).
struct Passes {
    int total = 0;
    int longest_run = 0;
};
inline Passes loop_passes(const sound_server::Frames& hay, const sound_server::Frames& needle) {
    Passes p;
    int run = 0;
    size_t pos = 0;
    while (pos + needle.size() <= hay.size()) {
        if (std::equal(needle.begin(), needle.end(), hay.begin() + long(pos))) {
            ++p.total;
            p.longest_run = std::max(p.longest_run, ++run);
            pos += needle.size();
        } else {
            if (run) run = 0;
            pos += sound_server::kChannels;
        }
    }
    return p;
}

// HKCU\AppEvents\Schemes\Apps\<app>\<event>\.Current set to `file` for the object's lifetime; the value that
// was there before (if any) comes back afterwards.
class RegistryEvent {
public:
    RegistryEvent(const std::wstring& app, const std::wstring& event, const std::wstring& file,
                  DWORD type = REG_SZ)
        : key_(L"AppEvents\\Schemes\\Apps\\" + app + L"\\" + event + L"\\.Current") {
        HKEY h;
        if (RegOpenKeyExW(HKEY_CURRENT_USER, key_.c_str(), 0, KEY_QUERY_VALUE, &h) == ERROR_SUCCESS) {
            existed_ = true;
            wchar_t buf[1024];
            DWORD bytes = sizeof(buf) - sizeof(wchar_t);
            DWORD t = 0;
            if (RegQueryValueExW(h, nullptr, nullptr, &t, reinterpret_cast<BYTE*>(buf), &bytes) == ERROR_SUCCESS) {
                buf[bytes / sizeof(wchar_t)] = 0;
                old_ = buf;
                old_type_ = t;
                had_value_ = true;
            }
            RegCloseKey(h);
        }
        if (RegCreateKeyExW(HKEY_CURRENT_USER, key_.c_str(), 0, nullptr, 0, KEY_SET_VALUE, nullptr, &h, nullptr) ==
            ERROR_SUCCESS) {
            ok_ = RegSetValueExW(h, nullptr, 0, type, reinterpret_cast<const BYTE*>(file.c_str()),
                                 DWORD((file.size() + 1) * sizeof(wchar_t))) == ERROR_SUCCESS;
            RegCloseKey(h);
        }
    }
    ~RegistryEvent() {
        if (!existed_) {
            RegDeleteKeyW(HKEY_CURRENT_USER, key_.c_str());
            return;
        }
        HKEY h;
        if (RegOpenKeyExW(HKEY_CURRENT_USER, key_.c_str(), 0, KEY_SET_VALUE, &h) != ERROR_SUCCESS) return;
        if (had_value_)
            RegSetValueExW(h, nullptr, 0, old_type_, reinterpret_cast<const BYTE*>(old_.c_str()),
                           DWORD((old_.size() + 1) * sizeof(wchar_t)));
        else
            RegDeleteValueW(h, nullptr);
        RegCloseKey(h);
    }
    bool ok() const { return ok_; }

private:
    std::wstring key_, old_;
    DWORD old_type_ = REG_SZ;
    bool existed_ = false, had_value_ = false, ok_ = false;
};

// A win.ini [sounds] entry for the object's lifetime.
class ProfileEvent {
public:
    ProfileEvent(const std::wstring& event, const std::wstring& value) : event_(event) {
        ok_ = WriteProfileStringW(L"sounds", event.c_str(), value.c_str());
    }
    ~ProfileEvent() { WriteProfileStringW(L"sounds", event_.c_str(), nullptr); }
    bool ok() const { return ok_; }

private:
    std::wstring event_;
    bool ok_ = false;
};

// A WAVE file in the temporary directory, deleted afterwards.
class TempWave {
public:
    TempWave(const wchar_t* name, const wav::Bytes& image) : path_(wav::temp_path(unique(name).c_str())) {
        ok_ = wav::write_file(path_, image);
    }
    ~TempWave() { DeleteFileW(path_.c_str()); }
    const std::wstring& path() const { return path_; }
    bool ok() const { return ok_; }

private:
    static std::wstring unique(const wchar_t* name) {
        static LONG n = 0;
        return std::to_wstring(InterlockedIncrement(&n)) + L"-" + name;
    }
    std::wstring path_;
    bool ok_ = false;
};

}  // namespace ps
