// The private PulseAudio server of an audio test run (tools/sound-server starts it; tools/test runs the audio
// suites inside it), seen from a test program under Wine: record what reached the default output, sample by
// sample, and feed a signal into the default input.
//
// Both sinks run in float32le, 48000 Hz, stereo (see tools/sound-server). A recording is the sink's monitor in that
// same format, read by parec, so what an application played at 48000 Hz arrives here unchanged: 8-, 16- and 24-bit
// PCM and float samples all convert to float32 exactly. Except at a stream's start: the first few hundred frames of
// every new stream (any client, pacat too) do not reach the monitor, so tests compare what follows a short lead-in.
//
// The Unix programs (parec, pacat, sh) are started through Wine's CreateProcess, which executes an ELF file as a
// Unix process. Their files live in the server's runtime directory, reached from Windows through drive Z:.
#pragma once

#include <windows.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace sound_server {

constexpr unsigned kRate = 48000;
constexpr unsigned kChannels = 2;
constexpr const char* kOutputSink = "winmm_out";  // the default output
constexpr const char* kInputSink = "winmm_in";    // its monitor is the default input

// The server's runtime directory (a Unix path), or empty when the test runs without a server.
inline std::string directory() {
    const char* d = std::getenv("WINMM_TEST_SOUND_SERVER");
    return d ? d : "";
}

// Audio tests exit with this code (meson's "skipped") when there is no server: a skip, never a pass.
constexpr int kSkipExitCode = 77;

inline bool available() { return !directory().empty(); }

// For the first line of an audio test program's cases: without a server the whole program is skipped.
inline void require_or_skip() {
    if (available()) return;
    std::printf("SKIP: no sound server (run the test inside tools/sound-server)\n");
    std::fflush(stdout);
    std::exit(kSkipExitCode);
}

// A Unix path as Wine's drive Z: sees it.
inline std::string windows_path(const std::string& unix_path) {
    std::string p = "Z:" + unix_path;
    for (char& c : p)
        if (c == '/') c = '\\';
    return p;
}

// Runs `/bin/sh -c command` as a Unix process and returns at once; false when it could not be started.
inline bool spawn_shell(const std::string& command) {
    std::string line = "Z:\\bin\\sh -c \"" + command + "\"";
    STARTUPINFOA si = {};
    si.cb = sizeof(si);
    PROCESS_INFORMATION pi = {};
    std::vector<char> buf(line.begin(), line.end());
    buf.push_back('\0');
    if (!CreateProcessA("Z:\\bin\\sh", buf.data(), nullptr, nullptr, FALSE, 0, nullptr, nullptr, &si, &pi))
        return false;
    // Wine gives no handles for a Unix process: PROCESS_INFORMATION comes back holding leftovers, not handles
    // (hThread was 1 in one run, 0xC in another), and closing them would close handles of this process, its
    // standard output among them (seen: the rest of a test program's output vanished). So nothing is closed;
    // completion is seen through the files the process writes.
    return true;
}

inline long long file_size(const std::string& unix_path) {
    WIN32_FILE_ATTRIBUTE_DATA a;
    if (!GetFileAttributesExA(windows_path(unix_path).c_str(), GetFileExInfoStandard, &a)) return -1;
    return (static_cast<long long>(a.nFileSizeHigh) << 32) | a.nFileSizeLow;
}

inline std::string unique_name(const char* stem) {
    static LONG counter = 0;
    char name[96];
    std::snprintf(name, sizeof(name), "%s-%lu-%ld", stem, GetCurrentProcessId(), InterlockedIncrement(&counter));
    return name;
}

// Interleaved stereo float frames.
using Frames = std::vector<float>;

// A recording of one sink's monitor for a fixed length of real time. The constructor returns once samples are
// flowing, so whatever is played after it is inside the recording (after some leading silence).
class Recording {
public:
    explicit Recording(double seconds, const char* sink = kOutputSink) {
        if (!available()) return;
        bytes_ = static_cast<long long>(seconds * kRate) * kChannels * sizeof(float);
        std::string base = directory() + "/" + unique_name("rec");
        partial_ = base + ".part";
        done_ = base + ".raw";
        char cmd[1024];
        std::snprintf(cmd, sizeof(cmd),
                      "parec -d %s.monitor --raw --format=float32le --rate=%u --channels=%u --latency-msec=10 2>/dev/null "
                      "| head -c %lld > %s; mv %s %s",
                      sink, kRate, kChannels, bytes_, partial_.c_str(), partial_.c_str(), done_.c_str());
        if (!spawn_shell(cmd)) return;
        for (int i = 0; i < 1000; ++i) {  // parec needs up to a second or so to connect
            if (file_size(partial_) > 0 || file_size(done_) >= 0) {
                started_ = true;
                break;
            }
            Sleep(10);
        }
    }
    Recording(const Recording&) = delete;
    Recording& operator=(const Recording&) = delete;
    ~Recording() {
        if (!done_.empty()) DeleteFileA(windows_path(done_).c_str());
    }

    bool started() const { return started_; }

    // Waits until the whole length is recorded; empty when it was not (no server, or parec failed).
    Frames wait(DWORD timeout_ms = 30000) const {
        Frames out;
        if (!started_) return out;
        DWORD start = GetTickCount();
        while (file_size(done_) != bytes_) {
            if (GetTickCount() - start > timeout_ms) return out;
            Sleep(20);
        }
        FILE* f = std::fopen(windows_path(done_).c_str(), "rb");
        if (!f) return out;
        out.resize(static_cast<size_t>(bytes_ / sizeof(float)));
        size_t got = std::fread(out.data(), sizeof(float), out.size(), f);
        std::fclose(f);
        out.resize(got);
        return out;
    }

private:
    long long bytes_ = 0;
    std::string partial_, done_;
    bool started_ = false;
};

// Plays interleaved stereo float frames into the input sink (whose monitor is the default input) with pacat, and
// returns at once. The frames reach the input about pacat's start-up time later.
inline bool play_into_input(const Frames& frames) {
    if (!available()) return false;
    std::string path = directory() + "/" + unique_name("in") + ".raw";
    FILE* f = std::fopen(windows_path(path).c_str(), "wb");
    if (!f) return false;
    bool ok = std::fwrite(frames.data(), sizeof(float), frames.size(), f) == frames.size();
    ok = std::fclose(f) == 0 && ok;
    if (!ok) return false;
    char cmd[1024];
    std::snprintf(cmd, sizeof(cmd), "pacat -d %s --raw --format=float32le --rate=%u --channels=%u %s 2>/dev/null; rm -f %s",
                  kInputSink, kRate, kChannels, path.c_str(), path.c_str());
    return spawn_shell(cmd);
}

// The first frame at which `needle` appears exactly in `haystack` (both interleaved stereo), or -1.
inline long find_exact(const Frames& haystack, const Frames& needle) {
    if (needle.empty() || haystack.size() < needle.size()) return -1;
    for (size_t at = 0; at + needle.size() <= haystack.size(); at += kChannels) {
        size_t i = 0;
        while (i < needle.size() && haystack[at + i] == needle[i]) ++i;
        if (i == needle.size()) return static_cast<long>(at / kChannels);
    }
    return -1;
}

// The first frame whose left or right sample is not silent, or -1.
inline long first_sound(const Frames& frames, float threshold = 0.0f) {
    for (size_t i = 0; i < frames.size(); ++i)
        if (frames[i] > threshold || frames[i] < -threshold) return static_cast<long>(i / kChannels);
    return -1;
}

}  // namespace sound_server
