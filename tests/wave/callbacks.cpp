// WOM_OPEN / WOM_DONE / WOM_CLOSE through every CALLBACK_* kind, in order, and waveOut calls made from inside
// the callback (Windows forbids few; a callback that writes the next buffer is the common streaming pattern).
#include <windows.h>

#include <mmsystem.h>

#include <catch.hpp>

#include <atomic>
#include <functional>
#include <mutex>
#include <vector>

#include "sound_server.h"
#include "wave_test.h"

using namespace wave_test;

namespace {

struct Log {
    std::mutex lock;
    std::vector<UINT> msgs;
    std::vector<DWORD> threads;
    std::vector<DWORD_PTR> params;
    void add(UINT m, DWORD_PTR p1) {
        std::lock_guard<std::mutex> g(lock);
        msgs.push_back(m);
        threads.push_back(GetCurrentThreadId());
        params.push_back(p1);
    }
    size_t size() {
        std::lock_guard<std::mutex> g(lock);
        return msgs.size();
    }
};

void CALLBACK log_proc(HWAVEOUT, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR) {
    reinterpret_cast<Log*>(user)->add(msg, p1);
}

// Writes two short buffers on an open handle, waits for them, closes.
void play_two(HWAVEOUT h, std::vector<WAVEHDR>& hdrs, std::vector<BYTE>& data, const std::function<void()>& pump) {
    hdrs.assign(2, WAVEHDR{});
    for (int i = 0; i < 2; ++i) {
        hdrs[i].lpData = reinterpret_cast<LPSTR>(data.data() + i * data.size() / 2);
        hdrs[i].dwBufferLength = static_cast<DWORD>(data.size() / 2);
        REQUIRE(waveOutPrepareHeader(h, &hdrs[i], sizeof(WAVEHDR)) == MMSYSERR_NOERROR);
        REQUIRE(waveOutWrite(h, &hdrs[i], sizeof(WAVEHDR)) == MMSYSERR_NOERROR);
    }
    DWORD start = GetTickCount();
    while (!(hdrs[1].dwFlags & WHDR_DONE) && GetTickCount() - start < 5000) pump();
    REQUIRE((hdrs[1].dwFlags & WHDR_DONE) != 0);
    for (WAVEHDR& x : hdrs) waveOutUnprepareHeader(h, &x, sizeof(WAVEHDR));
    REQUIRE(waveOutClose(h) == MMSYSERR_NOERROR);
}

}  // namespace

TEST_CASE("CALLBACK_FUNCTION: OPEN and CLOSE on the caller's thread, DONE per header in order") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(48000, 16, 2);
    std::vector<BYTE> data = noise(f, false, 4800, 1);
    Log log;
    HWAVEOUT h = nullptr;
    REQUIRE(waveOutOpen(&h, WAVE_MAPPER, &f, reinterpret_cast<DWORD_PTR>(log_proc), reinterpret_cast<DWORD_PTR>(&log),
                        CALLBACK_FUNCTION) == MMSYSERR_NOERROR);
    REQUIRE(log.size() == 1);  // WOM_OPEN arrived before waveOutOpen returned
    std::vector<WAVEHDR> hdrs;
    play_two(h, hdrs, data, [] { Sleep(10); });
    REQUIRE(log.msgs.size() == 4);
    CHECK(log.msgs[0] == WOM_OPEN);
    CHECK(log.msgs[1] == WOM_DONE);
    CHECK(log.params[1] == reinterpret_cast<DWORD_PTR>(&hdrs[0]));
    CHECK(log.msgs[2] == WOM_DONE);
    CHECK(log.params[2] == reinterpret_cast<DWORD_PTR>(&hdrs[1]));
    CHECK(log.msgs[3] == WOM_CLOSE);
    CHECK(log.threads[0] == GetCurrentThreadId());
    CHECK(log.threads[3] == GetCurrentThreadId());
}

TEST_CASE("CALLBACK_EVENT: the event is set for OPEN, each DONE and CLOSE") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(48000, 16, 2);
    std::vector<BYTE> data = noise(f, false, 4800, 2);
    HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    HWAVEOUT h = nullptr;
    REQUIRE(waveOutOpen(&h, 0, &f, reinterpret_cast<DWORD_PTR>(ev), 0, CALLBACK_EVENT) == MMSYSERR_NOERROR);
    CHECK(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0);
    std::vector<WAVEHDR> hdrs;
    play_two(h, hdrs, data, [&] { WaitForSingleObject(ev, 20); });
    CHECK(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0);  // WOM_CLOSE
    CloseHandle(ev);
}

TEST_CASE("CALLBACK_THREAD and CALLBACK_WINDOW: MM_WOM_* messages in order with the header") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(48000, 16, 2);
    std::vector<BYTE> data = noise(f, false, 4800, 3);
    for (bool window : {false, true}) {
        INFO((window ? "CALLBACK_WINDOW" : "CALLBACK_THREAD"));
        MSG m;
        PeekMessageW(&m, nullptr, 0, 0, PM_NOREMOVE);  // a message queue for this thread
        HWND wnd = window ? CreateWindowExW(0, L"STATIC", L"wave", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, nullptr, nullptr)
                          : nullptr;
        if (window) REQUIRE(wnd != nullptr);
        std::vector<UINT> got;
        std::vector<LPARAM> params;
        HWAVEOUT h = nullptr;
        DWORD_PTR target = window ? reinterpret_cast<DWORD_PTR>(wnd) : GetCurrentThreadId();
        REQUIRE(waveOutOpen(&h, 0, &f, target, 0, window ? CALLBACK_WINDOW : CALLBACK_THREAD) == MMSYSERR_NOERROR);
        auto pump = [&] {
            MsgWaitForMultipleObjects(0, nullptr, FALSE, 20, QS_ALLINPUT);
            while (PeekMessageW(&m, nullptr, MM_WOM_OPEN, MM_WOM_DONE, PM_REMOVE)) {
                got.push_back(m.message);
                params.push_back(m.lParam);
                CHECK(reinterpret_cast<HWAVEOUT>(m.wParam) == h);
            }
        };
        std::vector<WAVEHDR> hdrs;
        play_two(h, hdrs, data, pump);
        for (int i = 0; i < 10; ++i) pump();
        REQUIRE(got.size() == 4);
        CHECK(got[0] == MM_WOM_OPEN);
        CHECK(got[1] == MM_WOM_DONE);
        CHECK(params[1] == reinterpret_cast<LPARAM>(&hdrs[0]));
        CHECK(got[2] == MM_WOM_DONE);
        CHECK(params[2] == reinterpret_cast<LPARAM>(&hdrs[1]));
        CHECK(got[3] == MM_WOM_CLOSE);
        if (wnd) DestroyWindow(wnd);
    }
}

namespace {

// Streams by writing the next buffer from WOM_DONE: 20 buffers of 10 ms through 3 headers in rotation.
struct Chain {
    std::vector<BYTE> data;
    WAVEHDR hdrs[3] = {};
    size_t next = 0;
    size_t chunk = 0;
    std::atomic<int> done{0};
    std::atomic<int> errors{0};
    HANDLE finished = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    void feed(HWAVEOUT h, WAVEHDR* hdr) {
        if (next * chunk >= data.size()) return;
        hdr->lpData = reinterpret_cast<LPSTR>(data.data() + next * chunk);
        hdr->dwBufferLength = static_cast<DWORD>(chunk);
        ++next;
        if (waveOutWrite(h, hdr, sizeof(WAVEHDR)) != MMSYSERR_NOERROR) ++errors;
    }
};

void CALLBACK chain_proc(HWAVEOUT h, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR) {
    if (msg != WOM_DONE) return;
    Chain* c = reinterpret_cast<Chain*>(user);
    if (++c->done == 20) SetEvent(c->finished);
    c->feed(h, reinterpret_cast<WAVEHDR*>(p1));
}

}  // namespace

TEST_CASE("waveOutWrite from inside WOM_DONE streams without a deadlock or a gap") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(48000, 16, 2);
    Chain c;
    c.chunk = 480 * 4;
    c.data = noise(f, false, 480 * 20, 9);
    std::vector<float> expect = as_float(f, false, c.data);
    sound_server::Recording rec(1.5);
    REQUIRE(rec.started());
    HWAVEOUT h = nullptr;
    REQUIRE(waveOutOpen(&h, 0, &f, reinterpret_cast<DWORD_PTR>(chain_proc), reinterpret_cast<DWORD_PTR>(&c),
                        CALLBACK_FUNCTION) == MMSYSERR_NOERROR);
    for (WAVEHDR& x : c.hdrs) REQUIRE(waveOutPrepareHeader(h, &x, sizeof(x)) == MMSYSERR_NOERROR);
    for (WAVEHDR& x : c.hdrs) c.feed(h, &x);
    REQUIRE(WaitForSingleObject(c.finished, 5000) == WAIT_OBJECT_0);
    CHECK(c.errors == 0);
    sound_server::Frames got = rec.wait();
    // A 10 ms buffer written from the callback may arrive after the device ran dry; the stream then starts
    // again, and each start may cost the monitor a few milliseconds (see plays_through). Never a repeat.
    std::string why;
    std::vector<long> starts;
    for (long i = 0; i < 20; ++i) starts.push_back(i * 480);
    bool ok = plays_through(got, sound_server::Frames(expect.begin(), expect.end()), starts, why);
    INFO(why);
    CHECK(ok);
    for (WAVEHDR& x : c.hdrs) waveOutUnprepareHeader(h, &x, sizeof(x));
    CHECK(waveOutClose(h) == MMSYSERR_NOERROR);
    CloseHandle(c.finished);
}

namespace {

struct ResetFromCallback {
    std::atomic<int> dones{0};
    std::atomic<MMRESULT> reset_result{0xFFFF};
};

void CALLBACK reset_proc(HWAVEOUT h, UINT msg, DWORD_PTR user, DWORD_PTR, DWORD_PTR) {
    if (msg != WOM_DONE) return;
    auto* r = reinterpret_cast<ResetFromCallback*>(user);
    if (++r->dones == 1) r->reset_result = waveOutReset(h);
}

}  // namespace

TEST_CASE("waveOutReset from inside WOM_DONE returns the rest without a deadlock") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(48000, 16, 2);
    std::vector<BYTE> data = noise(f, false, 48000, 4);
    ResetFromCallback r;
    HWAVEOUT h = nullptr;
    REQUIRE(waveOutOpen(&h, 0, &f, reinterpret_cast<DWORD_PTR>(reset_proc), reinterpret_cast<DWORD_PTR>(&r),
                        CALLBACK_FUNCTION) == MMSYSERR_NOERROR);
    WAVEHDR hdrs[4] = {};
    for (int i = 0; i < 4; ++i) {
        hdrs[i].lpData = reinterpret_cast<LPSTR>(data.data() + i * 48000);
        hdrs[i].dwBufferLength = 48000;
        REQUIRE(waveOutPrepareHeader(h, &hdrs[i], sizeof(WAVEHDR)) == MMSYSERR_NOERROR);
        REQUIRE(waveOutWrite(h, &hdrs[i], sizeof(WAVEHDR)) == MMSYSERR_NOERROR);
    }
    DWORD start = GetTickCount();
    while (r.dones < 4 && GetTickCount() - start < 5000) Sleep(10);
    CHECK(r.dones == 4);
    CHECK(r.reset_result == MMSYSERR_NOERROR);
    for (WAVEHDR& x : hdrs) CHECK(x.dwFlags == (WHDR_DONE | WHDR_PREPARED));
    // Far less than the 1 s of data was played: the reset cut it.
    CHECK(GetTickCount() - start < 900);
    for (WAVEHDR& x : hdrs) waveOutUnprepareHeader(h, &x, sizeof(x));
    CHECK(waveOutClose(h) == MMSYSERR_NOERROR);
}
