// waveInOpen: the formats a capture device takes, WAVE_FORMAT_QUERY, WAVE_MAPPER / WAVE_MAPPED /
// WAVE_FORMAT_DIRECT, bad devices, formats, flags and pointers, and WIM_OPEN / WIM_CLOSE for each callback kind.
#include <catch.hpp>

#include "support.h"

using namespace wave_in_test;

namespace {

constexpr DWORD kStereo = SPEAKER_FRONT_LEFT | SPEAKER_FRONT_RIGHT;
constexpr DWORD kQuad = kStereo | SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT;
constexpr DWORD k51 = kStereo | SPEAKER_FRONT_CENTER | SPEAKER_LOW_FREQUENCY | SPEAKER_BACK_LEFT | SPEAKER_BACK_RIGHT;
constexpr DWORD k71 = k51 | SPEAKER_SIDE_LEFT | SPEAKER_SIDE_RIGHT;

MMRESULT try_open(const Format& f, UINT device, DWORD flags, HWAVEIN* out = nullptr) {
    HWAVEIN h = nullptr;
    MMRESULT rc = waveInOpen(&h, device, f.ex(), 0, 0, flags);
    if (rc == MMSYSERR_NOERROR) {
        if (out)
            *out = h;
        else
            waveInClose(h);
    }
    return rc;
}

}  // namespace

TEST_CASE("every linear format opens: PCM 8/16/24/32, float, extensible, 1-8 channels, any rate", "[open]") {
    sound_server::require_or_skip();
    const unsigned rates[] = {8000, 11025, 22050, 44100, 48000, 96000, 192000};
    for (unsigned rate : rates) {
        for (unsigned bits : {8u, 16u, 24u, 32u}) {
            for (unsigned ch : {1u, 2u}) {
                INFO(rate << " Hz, " << bits << " bits, " << ch << " channels");
                Format f = pcm(rate, bits, ch);
                CHECK(waveInOpen(nullptr, WAVE_MAPPER, f.ex(), 0, 0, WAVE_FORMAT_QUERY) == MMSYSERR_NOERROR);
                CHECK(try_open(f, WAVE_MAPPER, CALLBACK_NULL) == MMSYSERR_NOERROR);
            }
        }
        INFO(rate << " Hz float");
        CHECK(try_open(ieee_float(rate, 2), 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    }
    const DWORD masks[] = {0, SPEAKER_FRONT_CENTER, kStereo, kStereo | SPEAKER_FRONT_CENTER,
                           kQuad, kQuad | SPEAKER_FRONT_CENTER, k51,
                           k51 | SPEAKER_BACK_CENTER, k71};
    for (unsigned ch = 1; ch <= 8; ++ch) {
        INFO(ch << " channels, extensible");
        CHECK(try_open(extensible(44100, 16, ch, false, masks[ch]), 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
        CHECK(try_open(extensible(48000, 32, ch, true, masks[ch]), 0, WAVE_FORMAT_DIRECT) == MMSYSERR_NOERROR);
    }
}

TEST_CASE("WAVE_FORMAT_QUERY opens nothing, notifies nothing and leaves the handle alone", "[open]") {
    sound_server::require_or_skip();
    HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    HWAVEIN h = reinterpret_cast<HWAVEIN>(static_cast<UINT_PTR>(0xdeadf00d));
    Format f = pcm(44100, 16, 2);
    CHECK(waveInOpen(&h, 0, f.ex(), reinterpret_cast<DWORD_PTR>(ev), 0, CALLBACK_EVENT | WAVE_FORMAT_QUERY) ==
          MMSYSERR_NOERROR);
    CHECK(h == reinterpret_cast<HWAVEIN>(static_cast<UINT_PTR>(0xdeadf00d)));
    CHECK(WaitForSingleObject(ev, 50) == WAIT_TIMEOUT);
    // A query answers like the open would.
    Format bad = pcm(44100, 16, 2);
    bad.x.Format.nBlockAlign = 3;
    CHECK(waveInOpen(nullptr, 0, bad.ex(), 0, 0, WAVE_FORMAT_QUERY) == WAVERR_BADFORMAT);
    CHECK(try_open(bad, 0, CALLBACK_NULL) == WAVERR_BADFORMAT);
    CloseHandle(ev);
}

TEST_CASE("WAVE_MAPPER, WAVE_MAPPED, WAVE_FORMAT_DIRECT and the communications default open", "[open]") {
    sound_server::require_or_skip();
    Format f = pcm(22050, 16, 1);
    UINT n = waveInGetNumDevs();
    REQUIRE(n >= 1);
    HWAVEIN h = nullptr;
    REQUIRE(try_open(f, WAVE_MAPPER, CALLBACK_NULL, &h) == MMSYSERR_NOERROR);
    UINT id = 0;
    CHECK(waveInGetID(h, &id) == MMSYSERR_NOERROR);
    CHECK(id == WAVE_MAPPER);  // [decision] the mapper's handle reports the mapper (docs/wave-in.md)
    CHECK(waveInClose(h) == MMSYSERR_NOERROR);
    for (UINT d = 0; d < n; ++d) {
        CHECK(try_open(f, d, WAVE_MAPPED) == MMSYSERR_NOERROR);
        CHECK(try_open(f, d, WAVE_FORMAT_DIRECT) == MMSYSERR_NOERROR);
    }
    CHECK(try_open(f, WAVE_MAPPER, WAVE_MAPPED_DEFAULT_COMMUNICATION_DEVICE) == MMSYSERR_NOERROR);
    // Two opens of one device at once: shared mode, both work.
    HWAVEIN a = nullptr, b = nullptr;
    CHECK(try_open(f, 0, CALLBACK_NULL, &a) == MMSYSERR_NOERROR);
    CHECK(try_open(f, 0, CALLBACK_NULL, &b) == MMSYSERR_NOERROR);
    CHECK(a != b);
    if (a) waveInClose(a);
    if (b) waveInClose(b);
}

TEST_CASE("waveInOpen refuses bad devices, formats, flags and pointers with the documented errors", "[open]") {
    sound_server::require_or_skip();
    UINT n = waveInGetNumDevs();
    Format f = pcm(44100, 16, 2);
    HWAVEIN h = nullptr;
    CHECK(waveInOpen(&h, n, f.ex(), 0, 0, CALLBACK_NULL) == MMSYSERR_BADDEVICEID);
    CHECK(waveInOpen(&h, n + 1, f.ex(), 0, 0, CALLBACK_NULL) == MMSYSERR_BADDEVICEID);
    // An open handle is no device id (Wine's capture tests, on Windows).
    HWAVEIN open = nullptr;
    REQUIRE(try_open(f, 0, CALLBACK_NULL, &open) == MMSYSERR_NOERROR);
    CHECK(waveInOpen(&h, static_cast<UINT>(reinterpret_cast<UINT_PTR>(open)), f.ex(), 0, 0, CALLBACK_NULL) ==
          MMSYSERR_BADDEVICEID);
    CHECK(waveInClose(open) == MMSYSERR_NOERROR);

    CHECK(waveInOpen(nullptr, 0, f.ex(), 0, 0, CALLBACK_NULL) == MMSYSERR_INVALPARAM);
    CHECK(waveInOpen(&h, 0, nullptr, 0, 0, CALLBACK_NULL) == MMSYSERR_INVALPARAM);
    CHECK(waveInOpen(&h, 0, f.ex(), 0, 0, 0x40000) == MMSYSERR_INVALFLAG);  // no such callback kind
    CHECK(waveInOpen(&h, 0, f.ex(), 0, 0, 0x100) == MMSYSERR_INVALFLAG);    // no such flag

    struct Bad {
        const char* what;
        Format f;
    } bad[] = {{"zero channels", pcm(44100, 16, 0)},
               {"nine channels", pcm(44100, 16, 9)},
               {"zero rate", pcm(0, 16, 2)},
               {"12-bit container", pcm(44100, 12, 2)},
               {"64-bit PCM", pcm(44100, 64, 2)},
               {"16-bit float", [] {
                    Format x = ieee_float(44100, 2);
                    x.x.Format.wBitsPerSample = 16;
                    x.x.Format.nBlockAlign = 4;
                    x.x.Format.nAvgBytesPerSec = 44100 * 4;
                    return x;
                }()},
               {"block align wrong", [] {
                    Format x = pcm(44100, 16, 2);
                    x.x.Format.nBlockAlign = 2;
                    return x;
                }()},
               {"mu-law (compressed) direct", [] {
                    Format x = pcm(8000, 8, 1);
                    x.x.Format.wFormatTag = WAVE_FORMAT_MULAW;
                    return x;
                }()},
               {"unknown tag", [] {
                    Format x = pcm(44100, 16, 2);
                    x.x.Format.wFormatTag = 0x7777;
                    return x;
                }()},
               {"extensible with an unknown subformat", [] {
                    Format x = extensible(44100, 16, 2, false, kStereo);
                    x.x.SubFormat.Data1 = 0x1234;
                    return x;
                }()}};
    for (auto& b : bad) {
        INFO(b.what);
        CHECK(try_open(b.f, 0, CALLBACK_NULL) == WAVERR_BADFORMAT);
        CHECK(waveInOpen(nullptr, WAVE_MAPPER, b.f.ex(), 0, 0, WAVE_FORMAT_QUERY) == WAVERR_BADFORMAT);
    }
}

TEST_CASE("a PCMWAVEFORMAT at the very end of readable memory: cbSize is not read", "[open]") {
    sound_server::require_or_skip();
    SYSTEM_INFO si;
    GetSystemInfo(&si);
    BYTE* pages = static_cast<BYTE*>(VirtualAlloc(nullptr, 2 * si.dwPageSize, MEM_RESERVE | MEM_COMMIT, PAGE_READWRITE));
    REQUIRE(pages);
    DWORD old;
    REQUIRE(VirtualProtect(pages + si.dwPageSize, si.dwPageSize, PAGE_NOACCESS, &old));
    auto* pf = reinterpret_cast<PCMWAVEFORMAT*>(pages + si.dwPageSize - sizeof(PCMWAVEFORMAT));
    pf->wf.wFormatTag = WAVE_FORMAT_PCM;
    pf->wf.nChannels = 1;
    pf->wf.nSamplesPerSec = 22050;
    pf->wBitsPerSample = 8;
    pf->wf.nBlockAlign = 1;
    pf->wf.nAvgBytesPerSec = 22050;
    HWAVEIN h = nullptr;
    CHECK(waveInOpen(&h, WAVE_MAPPER, reinterpret_cast<WAVEFORMATEX*>(pf), 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    if (h) waveInClose(h);
    VirtualFree(pages, 0, MEM_RELEASE);
}

namespace {

struct Seen {
    DWORD thread = 0;
    UINT msgs[8] = {};
    int count = 0;
    HWAVEIN handles[8] = {};
    DWORD_PTR instance = 0;
};

void CALLBACK on_message(HWAVEIN h, UINT msg, DWORD_PTR instance, DWORD_PTR, DWORD_PTR) {
    Seen* s = reinterpret_cast<Seen*>(instance);
    if (s->count < 8) {
        s->msgs[s->count] = msg;
        s->handles[s->count] = h;
        s->count++;
    }
    s->thread = GetCurrentThreadId();
    s->instance = instance;
}

}  // namespace

TEST_CASE("WIM_OPEN and WIM_CLOSE reach every callback kind; functions run on the caller's thread", "[open][callback]") {
    sound_server::require_or_skip();
    Format f = pcm(44100, 16, 2);

    SECTION("function") {
        Seen s;
        HWAVEIN h = nullptr;
        REQUIRE(waveInOpen(&h, 0, f.ex(), reinterpret_cast<DWORD_PTR>(on_message), reinterpret_cast<DWORD_PTR>(&s),
                           CALLBACK_FUNCTION) == MMSYSERR_NOERROR);
        CHECK(s.count == 1);
        CHECK(s.msgs[0] == WIM_OPEN);
        CHECK(s.handles[0] == h);
        CHECK(s.thread == GetCurrentThreadId());
        REQUIRE(waveInClose(h) == MMSYSERR_NOERROR);
        CHECK(s.count == 2);
        CHECK(s.msgs[1] == WIM_CLOSE);
        CHECK(s.handles[1] == h);
        CHECK(s.thread == GetCurrentThreadId());
    }
    SECTION("event") {
        HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
        HWAVEIN h = nullptr;
        REQUIRE(waveInOpen(&h, 0, f.ex(), reinterpret_cast<DWORD_PTR>(ev), 0, CALLBACK_EVENT) == MMSYSERR_NOERROR);
        CHECK(WaitForSingleObject(ev, 1000) == WAIT_OBJECT_0);
        REQUIRE(waveInClose(h) == MMSYSERR_NOERROR);
        CHECK(WaitForSingleObject(ev, 1000) == WAIT_OBJECT_0);
        CloseHandle(ev);
    }
    SECTION("thread") {
        MSG m;
        PeekMessageW(&m, nullptr, 0, 0, PM_NOREMOVE);  // a message queue for this thread
        HWAVEIN h = nullptr;
        REQUIRE(waveInOpen(&h, 0, f.ex(), GetCurrentThreadId(), 0, CALLBACK_THREAD) == MMSYSERR_NOERROR);
        REQUIRE(waveInClose(h) == MMSYSERR_NOERROR);
        UINT got[2] = {};
        int n = 0;
        while (n < 2 && PeekMessageW(&m, nullptr, MM_WIM_OPEN, MM_WIM_DATA, PM_REMOVE)) {
            CHECK(reinterpret_cast<HWAVEIN>(m.wParam) == h);
            got[n++] = m.message;
        }
        CHECK(n == 2);
        CHECK(got[0] == MM_WIM_OPEN);
        CHECK(got[1] == MM_WIM_CLOSE);
    }
    SECTION("window") {
        HWND w = CreateWindowExW(0, L"STATIC", L"wave_in", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, nullptr, nullptr);
        REQUIRE(w);
        HWAVEIN h = nullptr;
        REQUIRE(waveInOpen(&h, 0, f.ex(), reinterpret_cast<DWORD_PTR>(w), 0, CALLBACK_WINDOW) == MMSYSERR_NOERROR);
        REQUIRE(waveInClose(h) == MMSYSERR_NOERROR);
        MSG m;
        UINT got[2] = {};
        int n = 0;
        while (n < 2 && PeekMessageW(&m, w, MM_WIM_OPEN, MM_WIM_DATA, PM_REMOVE)) {
            CHECK(reinterpret_cast<HWAVEIN>(m.wParam) == h);
            got[n++] = m.message;
        }
        CHECK(n == 2);
        CHECK(got[0] == MM_WIM_OPEN);
        CHECK(got[1] == MM_WIM_CLOSE);
        DestroyWindow(w);
    }
    SECTION("a window handle that is no window is refused") {
        HWAVEIN h = nullptr;
        CHECK(waveInOpen(&h, 0, f.ex(), 0x12345678, 0, CALLBACK_WINDOW) == MMSYSERR_INVALPARAM);
    }
}

TEST_CASE("100 open/close cycles with a short capture each", "[open][stress]") {
    sound_server::require_or_skip();
    Format f = pcm(48000, 16, 2);
    std::vector<BYTE> mem(960);
    for (int i = 0; i < 100; ++i) {
        HWAVEIN h = nullptr;
        REQUIRE(waveInOpen(&h, WAVE_MAPPER, f.ex(), 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
        WAVEHDR hdr = {};
        hdr.lpData = reinterpret_cast<LPSTR>(mem.data());
        hdr.dwBufferLength = static_cast<DWORD>(mem.size());
        REQUIRE(waveInPrepareHeader(h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
        REQUIRE(waveInAddBuffer(h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
        if (i % 2) REQUIRE(waveInStart(h) == MMSYSERR_NOERROR);
        REQUIRE(waveInReset(h) == MMSYSERR_NOERROR);
        REQUIRE((hdr.dwFlags & WHDR_DONE));
        REQUIRE(waveInUnprepareHeader(h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
        REQUIRE(waveInClose(h) == MMSYSERR_NOERROR);
    }
}
