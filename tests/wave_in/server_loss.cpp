// The sound server dies in the middle of a capture: every call still returns (with an error where the device is
// needed), the queued buffers come back through waveInReset, and the handle closes.
//
// The test must not kill the server the other tests of the run share, so it starts a private PulseAudio daemon of
// its own and runs the capture in a child process (this program again, the hidden "[.child]" case) whose
// PULSE_SERVER points at it. The parent kills that daemon by the process id it recorded.
#include <catch.hpp>

#include <cstdlib>
#include <string>

#include "support.h"

using namespace wave_in_test;

namespace {

const char kDirVariable[] = "WAVE_IN_LOSS_DIR";

bool wait_file(const std::string& unix_path, DWORD ms) {
    DWORD end = GetTickCount() + ms;
    while (sound_server::file_size(unix_path) < 0) {
        if (static_cast<LONG>(end - GetTickCount()) <= 0) return false;
        Sleep(20);
    }
    return true;
}

// Runs `fn` and returns how long it took, in milliseconds.
template <typename F>
DWORD timed(F fn) {
    DWORD t = GetTickCount();
    fn();
    return GetTickCount() - t;
}

}  // namespace

TEST_CASE("child: capture from the private server until it dies, then reset and close", "[.child]") {
    const char* dir = std::getenv(kDirVariable);
    REQUIRE(dir);
    std::string d = dir;
    Format f = pcm(48000, 16, 2);
    HWAVEIN h = nullptr;
    REQUIRE(waveInOpen(&h, WAVE_MAPPER, f.ex(), 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    std::vector<std::vector<BYTE>> mem(8, std::vector<BYTE>(96000));  // 0.5 s each: still queued when it dies
    std::vector<WAVEHDR> hdr(8);
    for (int i = 0; i < 8; ++i) {
        hdr[i] = WAVEHDR{};
        hdr[i].lpData = reinterpret_cast<LPSTR>(mem[i].data());
        hdr[i].dwBufferLength = 96000;
        REQUIRE(waveInPrepareHeader(h, &hdr[i], sizeof(WAVEHDR)) == MMSYSERR_NOERROR);
        REQUIRE(waveInAddBuffer(h, &hdr[i], sizeof(WAVEHDR)) == MMSYSERR_NOERROR);
    }
    REQUIRE(waveInStart(h) == MMSYSERR_NOERROR);
    // Wait until data flows (the parent feeds noise into the private input), then tell the parent to kill.
    MMTIME t = {};
    DWORD end = GetTickCount() + 10000;
    do {
        Sleep(20);
        t.wType = TIME_BYTES;
        REQUIRE(waveInGetPosition(h, &t, sizeof t) == MMSYSERR_NOERROR);
    } while (t.u.cb == 0 && static_cast<LONG>(end - GetTickCount()) > 0);
    REQUIRE(t.u.cb > 0);
    FILE* flag = std::fopen(sound_server::windows_path(d + "/recording").c_str(), "wb");
    REQUIRE(flag);
    std::fclose(flag);
    REQUIRE(wait_file(d + "/killed", 20000));
    Sleep(500);

    // Nothing hangs; the calls that need the device say it is gone; the buffers come back; the handle closes.
    MMRESULT rc = 0;
    DWORD ms = timed([&] {
        t.wType = TIME_BYTES;
        rc = waveInGetPosition(h, &t, sizeof t);
    });
    CHECK(rc == MMSYSERR_NOERROR);
    CHECK(ms < 2000);
    ms = timed([&] { rc = waveInStop(h); });
    CHECK(rc == MMSYSERR_NOERROR);
    CHECK(ms < 2000);
    ms = timed([&] { rc = waveInStart(h); });
    CHECK(rc != MMSYSERR_NOERROR);
    CHECK(ms < 2000);
    ms = timed([&] { rc = waveInReset(h); });
    CHECK(rc == MMSYSERR_NOERROR);
    CHECK(ms < 2000);
    for (auto& x : hdr) {
        CHECK((x.dwFlags & WHDR_DONE));
        CHECK(waveInUnprepareHeader(h, &x, sizeof(WAVEHDR)) == MMSYSERR_NOERROR);
    }
    ms = timed([&] { rc = waveInClose(h); });
    CHECK(rc == MMSYSERR_NOERROR);
    CHECK(ms < 2000);
    // A new open fails cleanly rather than hanging.
    ms = timed([&] { rc = waveInOpen(&h, WAVE_MAPPER, f.ex(), 0, 0, CALLBACK_NULL); });
    CHECK(ms < 5000);
    if (rc == MMSYSERR_NOERROR) waveInClose(h);
    CHECK(rc != MMSYSERR_NOERROR);
}

TEST_CASE("the sound server killed mid-capture: errors, no hang, the handle closes", "[loss]") {
    sound_server::require_or_skip();
    std::string d = sound_server::directory() + "/" + sound_server::unique_name("loss");
    // The private daemon: the same two null sinks as tools/sound-server, its pid recorded for the kill.
    std::string env = "XDG_RUNTIME_DIR=" + d + " PULSE_RUNTIME_PATH=" + d + "/pulse PULSE_STATE_PATH=" + d +
                      "/state PULSE_SERVER=unix:" + d + "/pulse/native";
    std::string cmd =
        "mkdir -p " + d + "/pulse " + d + "/state; chmod 700 " + d + "; "
        "printf '%s\\n' 'load-module module-native-protocol-unix auth-anonymous=1' "
        "'load-module module-null-sink sink_name=winmm_out format=float32le rate=48000 channels=2' "
        "'load-module module-null-sink sink_name=winmm_in format=float32le rate=48000 channels=2' "
        "'set-default-sink winmm_out' 'set-default-source winmm_in.monitor' > " + d + "/daemon.pa; "
        "env " + env + " pulseaudio -n -F " + d + "/daemon.pa --exit-idle-time=-1 --daemonize=no "
        "--use-pid-file=no --system=no --log-target=file:" + d + "/daemon.log >/dev/null 2>&1 & "
        "echo $! > " + d + "/pid.part; mv " + d + "/pid.part " + d + "/pid; "
        "for i in $(seq 100); do [ -S " + d + "/pulse/native ] && break; sleep 0.1; done; touch " + d + "/ready; "
        // Noise into the private input for 20 s, so the capture has data to lose.
        "sleep 1; head -c 7680000 /dev/urandom | env " + env +
        " pacat -d winmm_in --raw --format=s16le --rate=48000 --channels=2 >/dev/null 2>&1 &";
    REQUIRE(sound_server::spawn_shell(cmd));
    REQUIRE(wait_file(d + "/pid", 10000));
    // Whatever happens below, the private daemon dies at the end of this case (by the pid it was started with).
    struct Killer {
        std::string dir;
        ~Killer() { sound_server::spawn_shell("kill -9 $(cat " + dir + "/pid) 2>/dev/null; touch " + dir + "/killed"); }
    } killer{d};
    REQUIRE(wait_file(d + "/ready", 10000));

    // The child: this program again, only the hidden case, started from a Unix shell so that its Unix side (where
    // winepulse reads PULSE_SERVER) sees the private server; Wine's CreateProcess would hand it this process's.
    char exe[MAX_PATH];
    GetModuleFileNameA(nullptr, exe, MAX_PATH);
    std::string unix_exe = exe + 2;  // drive Z: is the Unix root
    for (char& c : unix_exe)
        if (c == '\\') c = '/';
    char loader[MAX_PATH] = "/usr/lib/wine/wine64";
    GetEnvironmentVariableA("WAVE_IN_WINE_LOADER", loader, MAX_PATH);  // another loader, if the run needs one
    // Wine's own variables do not reach a Unix child by themselves: pass the ones this run uses.
    std::string wine_vars;
    for (const char* name : {"WINEPREFIX", "WINEDLLOVERRIDES", "WINEDEBUG", "WINMM_NG_EXPECT"}) {
        char value[1024];
        if (GetEnvironmentVariableA(name, value, sizeof value)) wine_vars += std::string(" ") + name + "=" + value;
    }
    std::string child = "env " + env + wine_vars + " " + kDirVariable + "=" + d + " " + loader + " " + unix_exe +
                        " '[.child]' > " + d + "/child.log 2>&1 & echo $! > " + d + "/child.pid; wait $!; echo $? > " +
                        d + "/child.rc";
    REQUIRE(sound_server::spawn_shell(child));

    bool recording = wait_file(d + "/recording", 60000);
    // Kill the private daemon whether or not the child got going.
    REQUIRE(sound_server::spawn_shell("kill -9 $(cat " + d + "/pid); touch " + d + "/killed"));
    bool finished = wait_file(d + "/child.rc", 60000);
    if (!finished) sound_server::spawn_shell("kill -9 $(cat " + d + "/child.pid)");
    std::string rc_text, log_text;
    if (FILE* f = std::fopen(sound_server::windows_path(d + "/child.rc").c_str(), "rb")) {
        char buf[32] = "";
        size_t n = std::fread(buf, 1, sizeof buf - 1, f);
        rc_text.assign(buf, n);
        std::fclose(f);
    }
    if (FILE* f = std::fopen(sound_server::windows_path(d + "/child.log").c_str(), "rb")) {
        char buf[4096];
        size_t n = std::fread(buf, 1, sizeof buf - 1, f);
        log_text.assign(buf, n);
        std::fclose(f);
    }
    INFO("child output:\n" << log_text);
    CHECK(finished);  // no hang
    CHECK(std::atoi(rc_text.c_str()) == 0);  // every check of the child passed
    CHECK(recording);
}
