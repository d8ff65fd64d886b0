// mci-wave: Wine's real waveaudio driver (mciwave.dll, found through MCI32) driven by our mciSendCommand: it plays
// a WAV file through our waveOut into the private sound server, where the samples are compared one by one; it
// records from the server's input, saves the recording, and the saved file is opened again. Status length,
// position and the time formats (milliseconds, samples, bytes) on the way. Run inside tools/sound-server.
#include <catch.hpp>

#include <windows.h>

#include <mmsystem.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "mci_support.h"
#include "sound_server.h"
#include "wave_test.h"

using sound_server::Frames;

namespace {

const WAVEFORMATEX kFormat = wave_test::pcm(48000, 16, 2);

std::wstring temp_file(const wchar_t* name) {
    wchar_t dir[MAX_PATH];
    GetTempPathW(MAX_PATH, dir);
    return std::wstring(dir) + name;
}

void put32(std::vector<BYTE>& out, DWORD v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<BYTE>(v >> (8 * i)));
}

// A canonical RIFF WAVE file: 'fmt ' (a PCMWAVEFORMAT's 16 bytes) and 'data'.
bool write_wav(const std::wstring& path, const WAVEFORMATEX& f, const std::vector<BYTE>& data) {
    std::vector<BYTE> out;
    out.insert(out.end(), {'R', 'I', 'F', 'F'});
    put32(out, static_cast<DWORD>(4 + 8 + 16 + 8 + data.size()));
    out.insert(out.end(), {'W', 'A', 'V', 'E', 'f', 'm', 't', ' '});
    put32(out, 16);
    const BYTE* fb = reinterpret_cast<const BYTE*>(&f);
    out.insert(out.end(), fb, fb + 16);
    out.insert(out.end(), {'d', 'a', 't', 'a'});
    put32(out, static_cast<DWORD>(data.size()));
    out.insert(out.end(), data.begin(), data.end());
    FILE* file = _wfopen(path.c_str(), L"wb");
    if (!file) return false;
    bool ok = fwrite(out.data(), 1, out.size(), file) == out.size();
    fclose(file);
    return ok;
}

// The 'data' chunk of a WAV file (found by walking the chunks), empty when there is none.
std::vector<BYTE> read_wav_data(const std::wstring& path, WAVEFORMATEX* format) {
    std::vector<BYTE> all;
    FILE* file = _wfopen(path.c_str(), L"rb");
    if (!file) return all;
    BYTE buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), file)) > 0) all.insert(all.end(), buf, buf + n);
    fclose(file);
    std::vector<BYTE> data;
    size_t at = 12;
    while (at + 8 <= all.size()) {
        DWORD size = all[at + 4] | (all[at + 5] << 8) | (all[at + 6] << 16) | (static_cast<DWORD>(all[at + 7]) << 24);
        if (!std::memcmp(&all[at], "fmt ", 4) && size >= 16) std::memcpy(format, &all[at + 8], 16);
        if (!std::memcmp(&all[at], "data", 4)) {
            size_t end = std::min<size_t>(all.size(), at + 8 + size);
            data.assign(all.begin() + at + 8, all.begin() + end);
            break;
        }
        at += 8 + size + (size & 1);
    }
    return data;
}

MCIERROR set_time_format(MCIDEVICEID id, DWORD format) {
    MCI_SET_PARMS s = {};
    s.dwTimeFormat = format;
    return mciSendCommandW(id, MCI_SET, MCI_SET_TIME_FORMAT | MCI_WAIT, reinterpret_cast<DWORD_PTR>(&s));
}

DWORD_PTR status(MCIDEVICEID id, DWORD item, MCIERROR* err = nullptr) {
    MCI_STATUS_PARMS st = {};
    st.dwItem = item;
    MCIERROR e = mciSendCommandW(id, MCI_STATUS, MCI_STATUS_ITEM | MCI_WAIT, reinterpret_cast<DWORD_PTR>(&st));
    if (err) *err = e;
    return e ? static_cast<DWORD_PTR>(-1) : st.dwReturn;
}

MCIDEVICEID open_file(const std::wstring& path, MCIERROR* err) {
    MCI_WAVE_OPEN_PARMSW p = {};
    p.lpstrDeviceType = L"waveaudio";
    p.lpstrElementName = path.c_str();
    *err = mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_ELEMENT | MCI_WAIT, reinterpret_cast<DWORD_PTR>(&p));
    return *err ? 0 : p.wDeviceID;
}

}  // namespace

TEST_CASE("mciwave plays a WAV file through our MCI and waveOut, sample for sample", "[wave][play]") {
    sound_server::require_or_skip();
    const size_t frames = 48000;  // one second
    std::vector<BYTE> data = wave_test::noise(kFormat, false, frames, 4242);
    const std::wstring path = temp_file(L"winmm_ng_mci_play.wav");
    REQUIRE(write_wav(path, kFormat, data));
    Frames expected = wave_test::as_float(kFormat, false, data);

    bool ok = false;
    std::string why;
    for (int attempt = 0; attempt < 3 && !ok; ++attempt) {
        MCIERROR err;
        MCIDEVICEID id = open_file(path, &err);
        INFO("MCI_OPEN waveaudio: " << err);
        REQUIRE(id != 0);
        // Status on the way: the length in each time format, the position at the start.
        REQUIRE(set_time_format(id, MCI_FORMAT_MILLISECONDS) == 0);
        CHECK(status(id, MCI_STATUS_LENGTH) == 1000);
        CHECK(status(id, MCI_STATUS_TIME_FORMAT) == MCI_FORMAT_MILLISECONDS);
        CHECK(status(id, MCI_STATUS_POSITION) == 0);
        CHECK(status(id, MCI_STATUS_MODE) == MCI_MODE_STOP);
        REQUIRE(set_time_format(id, MCI_FORMAT_SAMPLES) == 0);
        CHECK(status(id, MCI_STATUS_LENGTH) == frames);
        REQUIRE(set_time_format(id, MCI_FORMAT_BYTES) == 0);
        CHECK(status(id, MCI_STATUS_LENGTH) == data.size());
        CHECK(set_time_format(id, MCI_FORMAT_FRAMES) == MCIERR_BAD_TIME_FORMAT);
        REQUIRE(set_time_format(id, MCI_FORMAT_MILLISECONDS) == 0);

        mci_support::NotifyWindow w;
        sound_server::Recording rec(2.5);
        REQUIRE(rec.started());
        MCI_PLAY_PARMS play = {};
        play.dwCallback = w.callback();
        REQUIRE(mciSendCommandW(id, MCI_PLAY, MCI_NOTIFY, reinterpret_cast<DWORD_PTR>(&play)) == 0);
        auto note = w.next(10000);
        CHECK(note.status == MCI_NOTIFY_SUCCESSFUL);
        CHECK(note.device == static_cast<LPARAM>(id));
        CHECK(status(id, MCI_STATUS_POSITION) == 1000);
        Frames recorded = rec.wait();
        REQUIRE(mciSendCommandW(id, MCI_CLOSE, MCI_WAIT, 0) == 0);
        REQUIRE_FALSE(recorded.empty());
        ok = wave_test::plays_through(recorded, expected, {0}, why);
        if (!ok && attempt < 2) WARN("disturbed recording, played again: " << why);
    }
    INFO(why);
    CHECK(ok);
    DeleteFileW(path.c_str());
}

TEST_CASE("mciwave records from the input, saves, and the saved file opens again", "[wave][record]") {
    sound_server::require_or_skip();
    const size_t frames = 48000;  // one second of signal, recorded into two seconds
    std::vector<BYTE> signal_bytes = wave_test::noise(kFormat, false, frames, 777);
    Frames signal = wave_test::as_float(kFormat, false, signal_bytes);
    const std::wstring path = temp_file(L"winmm_ng_mci_record.wav");
    DeleteFileW(path.c_str());

    MCI_WAVE_OPEN_PARMSW p = {};
    p.lpstrDeviceType = L"waveaudio";
    p.lpstrElementName = L"";  // "new"
    p.lpstrAlias = L"capture";
    REQUIRE(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_ELEMENT | MCI_OPEN_ALIAS,
                            reinterpret_cast<DWORD_PTR>(&p)) == 0);
    const MCIDEVICEID id = p.wDeviceID;
    MCI_WAVE_SET_PARMS set = {};
    set.wFormatTag = WAVE_FORMAT_PCM;
    set.nChannels = kFormat.nChannels;
    set.nSamplesPerSec = kFormat.nSamplesPerSec;
    set.wBitsPerSample = kFormat.wBitsPerSample;
    set.nBlockAlign = kFormat.nBlockAlign;
    set.nAvgBytesPerSec = kFormat.nAvgBytesPerSec;
    REQUIRE(mciSendCommandW(id, MCI_SET,
                            MCI_WAVE_SET_FORMATTAG | MCI_WAVE_SET_CHANNELS | MCI_WAVE_SET_SAMPLESPERSEC |
                                MCI_WAVE_SET_BITSPERSAMPLE | MCI_WAVE_SET_BLOCKALIGN | MCI_WAVE_SET_AVGBYTESPERSEC,
                            reinterpret_cast<DWORD_PTR>(&set)) == 0);
    REQUIRE(set_time_format(id, MCI_FORMAT_MILLISECONDS) == 0);

    // Record two seconds; the signal starts arriving a little after the recording has started.
    MCI_RECORD_PARMS rec = {};
    rec.dwTo = 2000;
    mci_support::NotifyWindow w;
    rec.dwCallback = w.callback();
    REQUIRE(mciSendCommandW(id, MCI_RECORD, MCI_TO | MCI_NOTIFY, reinterpret_cast<DWORD_PTR>(&rec)) == 0);
    Sleep(200);
    REQUIRE(sound_server::play_into_input(signal));
    CHECK(w.next(15000).status == MCI_NOTIFY_SUCCESSFUL);

    MCI_SAVE_PARMSW save = {};
    save.lpfilename = path.c_str();
    REQUIRE(mciSendCommandW(id, MCI_SAVE, MCI_SAVE_FILE | MCI_WAIT, reinterpret_cast<DWORD_PTR>(&save)) == 0);
    REQUIRE(mciSendCommandW(id, MCI_CLOSE, MCI_WAIT, 0) == 0);

    // The file, read back by hand: its format, and the signal inside it.
    WAVEFORMATEX saved = {};
    std::vector<BYTE> data = read_wav_data(path, &saved);
    CHECK(saved.wFormatTag == WAVE_FORMAT_PCM);
    CHECK(saved.nSamplesPerSec == 48000);
    CHECK(saved.nChannels == 2);
    CHECK(saved.wBitsPerSample == 16);
    CHECK(data.size() >= 2 * 48000 * 4 * 99 / 100);
    wave_test::Match m = wave_test::match(wave_test::as_float(kFormat, false, data), signal);
    long longest = 0;
    for (auto& r : m.runs) longest = std::max(longest, r.second);
    INFO("longest stretch of the signal in the saved file: " << longest << " frames");
    CHECK(longest >= 40000);

    // And through MCI again: the same length.
    MCIERROR err;
    MCIDEVICEID again = open_file(path, &err);
    REQUIRE(again != 0);
    REQUIRE(set_time_format(again, MCI_FORMAT_BYTES) == 0);
    CHECK(status(again, MCI_STATUS_LENGTH) == data.size());
    REQUIRE(set_time_format(again, MCI_FORMAT_SAMPLES) == 0);
    CHECK(status(again, MCI_STATUS_LENGTH) == data.size() / 4);
    REQUIRE(mciSendCommandW(again, MCI_CLOSE, MCI_WAIT, 0) == 0);
    DeleteFileW(path.c_str());
}

TEST_CASE("MCI_SOUND plays a sound event through PlaySound, waiting with MCI_WAIT", "[wave][sound]") {
    sound_server::require_or_skip();
    const std::wstring path = temp_file(L"winmm_ng_mci_sound.wav");
    std::vector<BYTE> data = wave_test::noise(kFormat, false, 24000, 99);
    REQUIRE(write_wav(path, kFormat, data));
    // An event of the default application's scheme, as the Sounds control panel writes them (removed at the end).
    const wchar_t* event_key = L"AppEvents\\Schemes\\Apps\\.Default\\WinmmNgMciTest";
    HKEY probe;
    REQUIRE(RegOpenKeyExW(HKEY_CURRENT_USER, event_key, 0, KEY_READ, &probe) != ERROR_SUCCESS);
    REQUIRE(RegSetKeyValueW(HKEY_CURRENT_USER, (std::wstring(event_key) + L"\\.Current").c_str(), nullptr, REG_SZ,
                            path.c_str(), static_cast<DWORD>((path.size() + 1) * sizeof(wchar_t))) == ERROR_SUCCESS);

    bool ok = false;
    std::string why;
    for (int attempt = 0; attempt < 3 && !ok; ++attempt) {
        sound_server::Recording rec(2.0);
        REQUIRE(rec.started());
        struct {
            DWORD_PTR dwCallback;
            LPCWSTR lpstrSoundName;
        } sound = {0, L"WinmmNgMciTest"};
        DWORD start = GetTickCount();
        REQUIRE(mciSendCommandW(0, 0x0812 /* MCI_SOUND */, 0x100 /* MCI_SOUND_NAME */ | MCI_WAIT,
                                reinterpret_cast<DWORD_PTR>(&sound)) == 0);
        CHECK(GetTickCount() - start >= 400);  // MCI_WAIT: returned once the half second had played
        Frames recorded = rec.wait();
        REQUIRE_FALSE(recorded.empty());
        ok = wave_test::plays_through(recorded, wave_test::as_float(kFormat, false, data), {0}, why);
        if (!ok && attempt < 2) WARN("disturbed recording, played again: " << why);
    }
    INFO(why);
    CHECK(ok);

    // With MCI_NOTIFY and no wait: MCI_NOTIFY_SUCCESSFUL.
    mci_support::NotifyWindow w;
    struct {
        DWORD_PTR dwCallback;
        LPCWSTR lpstrSoundName;
    } sound = {w.callback(), L"WinmmNgMciTest"};
    REQUIRE(mciSendCommandW(0, 0x0812, 0x100 | MCI_NOTIFY, reinterpret_cast<DWORD_PTR>(&sound)) == 0);
    CHECK(w.next().status == MCI_NOTIFY_SUCCESSFUL);
    Sleep(700);
    RegDeleteTreeW(HKEY_CURRENT_USER, event_key);
    DeleteFileW(path.c_str());
}

// Answers Wine's conformance tests record from Windows, through our device layer and the real mciwave.
TEST_CASE("mciwave: open by type id, names, shareable new, missing files", "[wave][open]") {
    MCI_OPEN_PARMSW p = {};
    p.lpstrDeviceType = reinterpret_cast<LPCWSTR>(static_cast<DWORD_PTR>(MCI_DEVTYPE_WAVEFORM_AUDIO));
    REQUIRE(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_TYPE_ID, reinterpret_cast<DWORD_PTR>(&p)) == 0);
    MCI_GETDEVCAPS_PARMS caps = {};
    caps.dwItem = MCI_GETDEVCAPS_DEVICE_TYPE;
    REQUIRE(mciSendCommandW(p.wDeviceID, MCI_GETDEVCAPS, MCI_GETDEVCAPS_ITEM, reinterpret_cast<DWORD_PTR>(&caps)) == 0);
    CHECK(caps.dwReturn == MCI_DEVTYPE_WAVEFORM_AUDIO);
    CHECK(mciGetDeviceIDW(L"waveaudio") == p.wDeviceID);  // opened by type: the device name is its name
    // A file named like that device: its alias collides.
    MCI_OPEN_PARMSW q = {};
    q.lpstrElementName = L"no-such-file.wav";
    q.lpstrAlias = L"waveaudio";
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_ELEMENT | MCI_OPEN_ALIAS, reinterpret_cast<DWORD_PTR>(&q)) ==
          MCIERR_DUPLICATE_ALIAS);
    CHECK(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_CLOSE, MCI_WAIT, 0) == 0);

    MCI_STATUS_PARMS st = {};
    MCI_WAVE_OPEN_PARMSW n = {};
    n.lpstrDeviceType = L"waveaudio";
    n.lpstrElementName = L"";
    n.lpstrAlias = L"x";
    REQUIRE(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_ELEMENT | MCI_OPEN_ALIAS,
                            reinterpret_cast<DWORD_PTR>(&n)) == 0);
    CHECK(mciGetDeviceIDW(L"x") == n.wDeviceID);
    CHECK(mciGetDeviceIDW(L"waveaudio") == 0);  // only the alias is looked up
    st.dwItem = MCI_STATUS_TIME_FORMAT;
    REQUIRE(mciSendCommandW(n.wDeviceID, MCI_STATUS, MCI_STATUS_ITEM, reinterpret_cast<DWORD_PTR>(&st)) == 0);
    CHECK(st.dwReturn == MCI_FORMAT_MILLISECONDS);
    st.dwItem = MCI_STATUS_MODE;
    REQUIRE(mciSendCommandW(n.wDeviceID, MCI_STATUS, MCI_STATUS_ITEM, reinterpret_cast<DWORD_PTR>(&st)) == 0);
    CHECK(st.dwReturn == MCI_MODE_STOP);  // the driver's packed resource answer, unpacked
    CHECK(mciSendCommandW(n.wDeviceID, MCI_CLOSE, 0, 0) == 0);

    n.lpstrAlias = L"r";
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | MCI_OPEN_ELEMENT | MCI_OPEN_ALIAS | MCI_OPEN_SHAREABLE,
                          reinterpret_cast<DWORD_PTR>(&n)) == MCIERR_UNSUPPORTED_FUNCTION);
    CHECK(mciGetDeviceIDW(L"r") == 0);

    MCI_OPEN_PARMSW missing = {};
    missing.lpstrElementName = L"no-such-file-exists.wav";
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_ELEMENT, reinterpret_cast<DWORD_PTR>(&missing)) ==
          MCIERR_FILE_NOT_FOUND);
    // The whole name, "!" included, reaches the driver (the extension picked waveaudio).
    missing.lpstrElementName = L"nosuchdevice!tempfile.wav";
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_ELEMENT, reinterpret_cast<DWORD_PTR>(&missing)) ==
          MCIERR_FILE_NOT_FOUND);

    DWORD count = 99;
    MCI_SYSINFO_PARMSW si = {};
    si.lpstrReturn = reinterpret_cast<LPWSTR>(&count);
    si.dwRetSize = sizeof(count);
    si.wDeviceType = MCI_DEVTYPE_WAVEFORM_AUDIO;
    REQUIRE(mciSendCommandW(0, MCI_SYSINFO, MCI_SYSINFO_QUANTITY | MCI_SYSINFO_OPEN, reinterpret_cast<DWORD_PTR>(&si)) ==
            0);
    CHECK(count == 0);  // nothing left open
}
