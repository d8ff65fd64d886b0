// The device disappears mid-playback (its sink is unloaded from the sound server): calls return, nothing hangs,
// every header comes back, the handle closes. A program of its own: the device list is enumerated once per
// process, and the temporary sink must exist before that.
#include <windows.h>

#include <mmsystem.h>

#include <catch.hpp>

#include <cstdio>
#include <string>

#include "sound_server.h"
#include "wave_test.h"

using namespace wave_test;

namespace {

// Runs a shell command at the server and waits for its output file; returns the output ("" on failure).
std::string run_at_server(const std::string& command) {
    std::string out = sound_server::directory() + "/" + sound_server::unique_name("cmd") + ".out";
    std::string part = out + ".part";
    if (!sound_server::spawn_shell(command + " > " + part + " 2>&1; mv " + part + " " + out)) return "";
    for (int i = 0; i < 500 && sound_server::file_size(out) < 0; ++i) Sleep(20);
    std::string text;
    if (FILE* f = std::fopen(sound_server::windows_path(out).c_str(), "rb")) {
        char buf[256];
        size_t n = std::fread(buf, 1, sizeof(buf) - 1, f);
        buf[n] = '\0';
        text = buf;
        std::fclose(f);
    }
    DeleteFileA(sound_server::windows_path(out).c_str());
    return text;
}

}  // namespace

TEST_CASE("the device removed mid-playback: headers return, calls fail cleanly, close works") {
    sound_server::require_or_skip();
    std::string module = run_at_server(
        "pactl load-module module-null-sink sink_name=wave_gone rate=48000 channels=2 "
        "sink_properties=device.description=wave_gone");
    REQUIRE(std::atoi(module.c_str()) > 0);
    UINT n = waveOutGetNumDevs();
    UINT gone = n;
    for (UINT i = 0; i < n; ++i) {
        WAVEOUTCAPSA c;
        if (waveOutGetDevCapsA(i, &c, sizeof(c)) == MMSYSERR_NOERROR && std::string(c.szPname).find("wave_gone") != std::string::npos)
            gone = i;
    }
    REQUIRE(gone < n);
    WAVEFORMATEX f = pcm(48000, 16, 2);
    std::vector<BYTE> data = noise(f, false, 96000, 5);
    Player p;
    REQUIRE(p.open(&f, gone) == MMSYSERR_NOERROR);
    REQUIRE(p.write(data, 9600 * 4));
    Sleep(300);
    run_at_server("pactl unload-module " + std::to_string(std::atoi(module.c_str())));
    // The 2 s of data can no longer play. Within a few seconds every header is back (returned unplayed when the
    // stream fails), and no call blocks.
    DWORD start = GetTickCount();
    CHECK(p.wait_done(6000));
    INFO("headers returned after " << GetTickCount() - start << " ms");
    MMTIME t = {};
    t.wType = TIME_BYTES;
    CHECK(waveOutGetPosition(p.hwo, &t, sizeof(t)) == MMSYSERR_NOERROR);
    WAVEHDR extra = {};
    extra.lpData = reinterpret_cast<LPSTR>(data.data());
    extra.dwBufferLength = 4800;
    REQUIRE(waveOutPrepareHeader(p.hwo, &extra, sizeof(extra)) == MMSYSERR_NOERROR);
    MMRESULT w = waveOutWrite(p.hwo, &extra, sizeof(extra));
    CHECK((w == MMSYSERR_NODRIVER || w == MMSYSERR_NOERROR));
    CHECK(waveOutReset(p.hwo) == MMSYSERR_NOERROR);
    CHECK((extra.dwFlags & WHDR_INQUEUE) == 0);
    waveOutUnprepareHeader(p.hwo, &extra, sizeof(extra));
    for (WAVEHDR& h : p.headers) CHECK(waveOutUnprepareHeader(p.hwo, &h, sizeof(h)) == MMSYSERR_NOERROR);
    CHECK(waveOutClose(p.hwo) == MMSYSERR_NOERROR);
    p.hwo = nullptr;
    CHECK(GetTickCount() - start < 8000);
}
