// What the mixer tests share: the wave devices the mixers stand for, the audio session the mixer controls (the
// test reaches it directly through MMDevAPI, as another component of the process would), a render stream in that
// session, pactl runs, and a window that records MM_MIXM_* messages.
#pragma once

#include <windows.h>

#include <audioclient.h>
#include <audiopolicy.h>
#include <mmddk.h>
#include <mmdeviceapi.h>
#include <mmsystem.h>

#include <catch.hpp>

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "session_guid.h"
#include "sound_server.h"

namespace mixer_test {

inline const CLSID kMMDeviceEnumerator = __uuidof(MMDeviceEnumerator);
inline const IID kIMMDeviceEnumerator = __uuidof(IMMDeviceEnumerator);
inline const IID kIAudioSessionManager = __uuidof(IAudioSessionManager);
inline const IID kIAudioClient = __uuidof(IAudioClient);
inline const IID kIAudioRenderClient = __uuidof(IAudioRenderClient);

// The endpoint id of a wave device, as the mixer finds it.
inline std::wstring endpoint_of_waveout(UINT id) {
    ULONG bytes = 0;
    auto h = reinterpret_cast<HWAVEOUT>(static_cast<UINT_PTR>(id));
    if (waveOutMessage(h, DRV_QUERYFUNCTIONINSTANCEIDSIZE, reinterpret_cast<DWORD_PTR>(&bytes), 0) != MMSYSERR_NOERROR)
        return {};
    std::vector<WCHAR> buf(bytes / 2 + 1);
    if (waveOutMessage(h, DRV_QUERYFUNCTIONINSTANCEID, reinterpret_cast<DWORD_PTR>(buf.data()), bytes) != MMSYSERR_NOERROR)
        return {};
    return buf.data();
}

// The id of the waveOut device whose endpoint is the server's winmm_out sink (what Recording hears), or -1.
inline UINT waveout_of_sink() {
    for (UINT i = 0; i < waveOutGetNumDevs(); ++i) {
        WAVEOUTCAPSW caps = {};
        if (waveOutGetDevCapsW(i, &caps, sizeof(caps)) == MMSYSERR_NOERROR && lstrcmpW(caps.szPname, L"winmm_out") == 0)
            return i;
    }
    return static_cast<UINT>(-1);
}

inline IMMDevice* device_of(const std::wstring& endpoint) {
    IMMDeviceEnumerator* e = nullptr;
    IMMDevice* d = nullptr;
    if (FAILED(CoCreateInstance(kMMDeviceEnumerator, nullptr, CLSCTX_INPROC_SERVER, kIMMDeviceEnumerator,
                                reinterpret_cast<void**>(&e))))
        return nullptr;
    e->GetDevice(endpoint.c_str(), &d);
    e->Release();
    return d;
}

// The session the mixer controls, seen from outside the mixer.
class Session {
public:
    explicit Session(const std::wstring& endpoint) {
        IMMDevice* d = device_of(endpoint);
        if (!d) return;
        IAudioSessionManager* m = nullptr;
        if (SUCCEEDED(d->Activate(kIAudioSessionManager, CLSCTX_INPROC_SERVER, nullptr, reinterpret_cast<void**>(&m)))) {
            m->GetSimpleAudioVolume(&winmm::audio::kSessionGuid, FALSE, &volume_);
            m->Release();
        }
        d->Release();
    }
    ~Session() {
        if (volume_) volume_->Release();
    }
    bool ok() const { return volume_ != nullptr; }
    float volume() const {
        float v = -1;
        volume_->GetMasterVolume(&v);
        return v;
    }
    bool mute() const {
        BOOL m = FALSE;
        volume_->GetMute(&m);
        return m != FALSE;
    }
    void set_volume(float v) { REQUIRE(SUCCEEDED(volume_->SetMasterVolume(v, nullptr))); }
    void set_mute(bool m) { REQUIRE(SUCCEEDED(volume_->SetMute(m, nullptr))); }

private:
    ISimpleAudioVolume* volume_ = nullptr;
};

// A float32 stereo 48 kHz render stream in winmm's session on the endpoint: what the wave subsystem's streams are.
// feed() keeps about 50 ms queued from a generator.
class Stream {
public:
    explicit Stream(const std::wstring& endpoint) {
        IMMDevice* d = device_of(endpoint);
        if (!d) return;
        d->Activate(kIAudioClient, CLSCTX_INPROC_SERVER, nullptr, reinterpret_cast<void**>(&client_));
        d->Release();
        if (!client_) return;
        WAVEFORMATEX wf = {WAVE_FORMAT_IEEE_FLOAT, 2, 48000, 48000 * 8, 8, 32, 0};
        if (FAILED(client_->Initialize(AUDCLNT_SHAREMODE_SHARED, 0, 500000, 0, &wf, &winmm::audio::kSessionGuid)) ||
            FAILED(client_->GetService(kIAudioRenderClient, reinterpret_cast<void**>(&render_))))
            return;
        client_->GetBufferSize(&frames_);
        ok_ = true;
    }
    ~Stream() {
        if (client_) client_->Stop();
        if (render_) render_->Release();
        if (client_) client_->Release();
    }
    bool ok() const { return ok_; }
    // Plays `ms` milliseconds of a constant `level` on both channels, in real time.
    void play(float level, DWORD ms) {
        if (!started_) {
            client_->Start();
            started_ = true;
        }
        DWORD start = GetTickCount();
        while (GetTickCount() - start < ms) {
            UINT32 padding = 0;
            client_->GetCurrentPadding(&padding);
            UINT32 want = 2400;  // 50 ms ahead
            if (padding < want && frames_ > padding) {
                UINT32 n = want - padding;
                if (n > frames_ - padding) n = frames_ - padding;
                BYTE* p = nullptr;
                if (SUCCEEDED(render_->GetBuffer(n, &p))) {
                    auto* f = reinterpret_cast<float*>(p);
                    for (UINT32 i = 0; i < n * 2; ++i) f[i] = level;
                    render_->ReleaseBuffer(n, 0);
                }
            }
            Sleep(5);
        }
    }

private:
    IAudioClient* client_ = nullptr;
    IAudioRenderClient* render_ = nullptr;
    UINT32 frames_ = 0;
    bool ok_ = false;
    bool started_ = false;
};

// Runs a shell command (a Unix process) and returns its standard output, waiting up to 10 s.
inline std::string unix_output(const std::string& command) {
    std::string base = sound_server::directory() + "/" + sound_server::unique_name("cmd");
    std::string part = base + ".part", done = base + ".out";
    REQUIRE(sound_server::spawn_shell("(" + command + ") > " + part + " 2>&1; mv " + part + " " + done));
    DWORD start = GetTickCount();
    while (sound_server::file_size(done) < 0) {
        REQUIRE(GetTickCount() - start < 10000);
        Sleep(20);
    }
    std::string out;
    FILE* f = std::fopen(sound_server::windows_path(done).c_str(), "rb");
    if (f) {
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) out.append(buf, n);
        std::fclose(f);
    }
    DeleteFileA(sound_server::windows_path(done).c_str());
    return out;
}

// A hidden window that records the mixer messages it receives.
class MessageWindow {
public:
    struct Message {
        UINT msg;
        WPARAM wparam;
        LPARAM lparam;
    };
    MessageWindow() {
        WNDCLASSW wc = {};
        wc.lpfnWndProc = DefWindowProcW;
        wc.hInstance = GetModuleHandleW(nullptr);
        wc.lpszClassName = L"mixer_test_window";
        RegisterClassW(&wc);
        hwnd_ = CreateWindowW(L"mixer_test_window", L"", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, wc.hInstance, nullptr);
    }
    ~MessageWindow() {
        if (hwnd_) DestroyWindow(hwnd_);
    }
    HWND hwnd() const { return hwnd_; }
    // Collects the MM_MIXM_* messages that arrive within ms milliseconds.
    std::vector<Message> collect(DWORD ms) {
        std::vector<Message> got;
        DWORD start = GetTickCount();
        for (;;) {  // at least one pass, so collect(0) takes what is queued
            MSG m;
            while (PeekMessageW(&m, hwnd_, 0, 0, PM_REMOVE)) {
                if (m.message == MM_MIXM_CONTROL_CHANGE || m.message == MM_MIXM_LINE_CHANGE)
                    got.push_back({m.message, m.wParam, m.lParam});
                else
                    DispatchMessageW(&m);
            }
            if (GetTickCount() - start >= ms) break;
            Sleep(10);
        }
        return got;
    }

private:
    HWND hwnd_ = nullptr;
};

// Largest absolute sample in frames [from, to) of an interleaved stereo recording.
inline float peak(const sound_server::Frames& f, size_t from_frame, size_t to_frame) {
    float p = 0;
    for (size_t i = from_frame * 2; i < to_frame * 2 && i < f.size(); ++i) p = std::fmax(p, std::fabs(f[i]));
    return p;
}

struct ComInit {
    ComInit() { CoInitializeEx(nullptr, COINIT_MULTITHREADED); }
    ~ComInit() { CoUninitialize(); }
};

}  // namespace mixer_test
