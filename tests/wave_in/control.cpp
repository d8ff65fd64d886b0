// Running a capture: what Stop and Reset do to the queued buffers, the position in every TIME_* format, WIM_DATA
// through each callback kind in order, waveInAddBuffer from inside the callback, and 8 threads capturing at once.
#include <catch.hpp>

#include <atomic>
#include <thread>

#include "support.h"

using namespace wave_in_test;

namespace {

struct Buffers {
    std::vector<std::vector<BYTE>> mem;
    std::vector<WAVEHDR> hdr;
    Buffers(HWAVEIN h, unsigned count, DWORD bytes) : mem(count, std::vector<BYTE>(bytes)), hdr(count) {
        for (unsigned i = 0; i < count; ++i) {
            hdr[i] = WAVEHDR{};
            hdr[i].lpData = reinterpret_cast<LPSTR>(mem[i].data());
            hdr[i].dwBufferLength = bytes;
            hdr[i].dwUser = i;
            REQUIRE(waveInPrepareHeader(h, &hdr[i], sizeof(WAVEHDR)) == MMSYSERR_NOERROR);
        }
    }
};

bool wait_done(const WAVEHDR& h, DWORD ms) {
    DWORD end = GetTickCount() + ms;
    while (!(h.dwFlags & WHDR_DONE)) {
        if (static_cast<LONG>(end - GetTickCount()) <= 0) return false;
        Sleep(5);
    }
    return true;
}

// Waits until data has reached the buffers (the input is idle until something plays into it).
bool wait_position(HWAVEIN h, DWORD ms) {
    DWORD end = GetTickCount() + ms;
    for (;;) {
        MMTIME t = {};
        t.wType = TIME_BYTES;
        if (waveInGetPosition(h, &t, sizeof t) == MMSYSERR_NOERROR && t.u.cb > 0) return true;
        if (static_cast<LONG>(end - GetTickCount()) <= 0) return false;
        Sleep(5);
    }
}

DWORD position(HWAVEIN h, UINT type, MMTIME* out = nullptr) {
    MMTIME t = {};
    t.wType = type;
    REQUIRE(waveInGetPosition(h, &t, sizeof t) == MMSYSERR_NOERROR);
    if (out) *out = t;
    return t.u.cb;
}

}  // namespace

TEST_CASE("waveInStop returns the partly filled buffer with its byte count and keeps the empty ones", "[control]") {
    sound_server::require_or_skip();
    Format f = pcm(48000, 16, 2);
    HWAVEIN h = nullptr;
    REQUIRE(waveInOpen(&h, WAVE_MAPPER, f.ex(), 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    Buffers b(h, 3, f.ex()->nAvgBytesPerSec);  // 1 s each: the first is still filling when we stop
    for (auto& hdr : b.hdr) REQUIRE(waveInAddBuffer(h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    // The server's input only produces data while something plays into it: a 2 s tone keeps it flowing.
    REQUIRE(sound_server::play_into_input(tone_frames(2.0)));
    REQUIRE(waveInStart(h) == MMSYSERR_NOERROR);
    REQUIRE(wait_position(h, 5000));
    Sleep(100);
    REQUIRE(waveInStop(h) == MMSYSERR_NOERROR);
    CHECK(b.hdr[0].dwFlags == (WHDR_PREPARED | WHDR_DONE));
    CHECK(b.hdr[0].dwBytesRecorded > 0);
    CHECK(b.hdr[0].dwBytesRecorded < b.hdr[0].dwBufferLength);
    CHECK(b.hdr[0].dwBytesRecorded % f.block() == 0);
    CHECK(b.hdr[1].dwFlags == (WHDR_PREPARED | WHDR_INQUEUE));
    CHECK(b.hdr[2].dwFlags == (WHDR_PREPARED | WHDR_INQUEUE));
    // The position counts exactly what the application got.
    CHECK(position(h, TIME_BYTES) == b.hdr[0].dwBytesRecorded);
    // Stopped means stopped: nothing more arrives.
    Sleep(100);
    CHECK(b.hdr[1].dwBytesRecorded == 0);
    CHECK(position(h, TIME_BYTES) == b.hdr[0].dwBytesRecorded);
    CHECK(waveInClose(h) == WAVERR_STILLPLAYING);

    // Start again: recording continues into the next buffer, the position goes on from where it was.
    DWORD before = b.hdr[0].dwBytesRecorded;
    REQUIRE(waveInStart(h) == MMSYSERR_NOERROR);
    Sleep(200);
    CHECK(position(h, TIME_BYTES) > before);
    // Reset returns everything, partial ones with their counts, and the position goes back to zero.
    REQUIRE(waveInReset(h) == MMSYSERR_NOERROR);
    CHECK(b.hdr[1].dwFlags == (WHDR_PREPARED | WHDR_DONE));
    CHECK(b.hdr[1].dwBytesRecorded > 0);
    CHECK(b.hdr[2].dwFlags == (WHDR_PREPARED | WHDR_DONE));
    CHECK(b.hdr[2].dwBytesRecorded == 0);
    CHECK(position(h, TIME_BYTES) == 0);
    for (auto& hdr : b.hdr) CHECK(waveInUnprepareHeader(h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    CHECK(waveInClose(h) == MMSYSERR_NOERROR);
}

namespace {

// One try of the Stop/Start continuity check: true when the signal was found as the two exact runs.
bool stop_start_keeps_the_signal(int attempt) {
    // Stop/start while the input is silent, then the signal: the buffer returned by Stop and the ones after it
    // join up with no gap and no repeat.
    Format f = pcm(48000, 16, 2);
    HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    HWAVEIN h = nullptr;
    REQUIRE(waveInOpen(&h, WAVE_MAPPER, f.ex(), reinterpret_cast<DWORD_PTR>(ev), 0, CALLBACK_EVENT) ==
            MMSYSERR_NOERROR);
    const DWORD bytes = 9600;  // 50 ms
    Buffers b(h, 40, bytes);
    for (auto& hdr : b.hdr) REQUIRE(waveInAddBuffer(h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    REQUIRE(waveInStart(h) == MMSYSERR_NOERROR);
    Signal s = exact_signal(f, 48000 * 4 / 10, 99 + attempt);
    REQUIRE(sound_server::play_into_input(s.played));
    REQUIRE(wait_position(h, 5000));
    Sleep(100);  // into the signal
    REQUIRE(waveInStop(h) == MMSYSERR_NOERROR);
    REQUIRE(waveInStart(h) == MMSYSERR_NOERROR);
    REQUIRE(wait_done(b.hdr.back(), 10000));
    waveInReset(h);
    std::vector<BYTE> all;
    for (auto& hdr : b.hdr) all.insert(all.end(), hdr.lpData, hdr.lpData + hdr.dwBytesRecorded);
    // At most one buffer came back short: the one Stop returned, if the current buffer held anything then (the
    // input is silent, and sends nothing, once pacat's burst of signal is through).
    int short_ones = 0;
    for (auto& hdr : b.hdr) short_ones += hdr.dwBytesRecorded < bytes;
    CHECK(short_ones <= 1);
    // The stream itself has no hole except what the engine captured while stopped, which is not recorded: the
    // signal is found as two exact runs, the first ending where the Stop was.
    std::vector<int64_t> got = decode(f, all);
    std::vector<int64_t> tail(s.expected.end() - 4800, s.expected.end());
    std::vector<int64_t> head(s.expected.begin() + 4800, s.expected.begin() + 9600);
    bool found = find_run(got, tail, 2) >= 0 && find_run(got, head, 2) >= 0;
    for (auto& hdr : b.hdr) waveInUnprepareHeader(h, &hdr, sizeof hdr);
    CHECK(waveInClose(h) == MMSYSERR_NOERROR);
    CloseHandle(ev);
    return found;
}

}  // namespace

// A starved server (this machine's load) can drop input frames; such a try is repeated, with a WARN, at most twice.
// A defect of ours repeats every time.
TEST_CASE("the signal stays contiguous across waveInStop and waveInStart", "[control]") {
    sound_server::require_or_skip();
    bool found = false;
    for (int attempt = 0; attempt < 3 && !found; ++attempt) {
        found = stop_start_keeps_the_signal(attempt);
        if (!found && attempt < 2) WARN("the signal was not found whole; recording again");
    }
    CHECK(found);
}

TEST_CASE("waveInGetPosition in every TIME_* format after one full buffer", "[control]") {
    sound_server::require_or_skip();
    Format f = pcm(22050, 16, 1);
    HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    HWAVEIN h = nullptr;
    REQUIRE(waveInOpen(&h, WAVE_MAPPER, f.ex(), reinterpret_cast<DWORD_PTR>(ev), 0, CALLBACK_EVENT) ==
            MMSYSERR_NOERROR);
    Buffers b(h, 1, f.ex()->nAvgBytesPerSec * 3 / 2);  // 1.5 s: SMPTE gets a second and 15 frames
    CHECK(position(h, TIME_BYTES) == 0);
    REQUIRE(waveInAddBuffer(h, &b.hdr[0], sizeof(WAVEHDR)) == MMSYSERR_NOERROR);
    CHECK(position(h, TIME_BYTES) == 0);
    REQUIRE(waveInStart(h) == MMSYSERR_NOERROR);
    REQUIRE(wait_done(b.hdr[0], 5000));
    REQUIRE(waveInStop(h) == MMSYSERR_NOERROR);
    DWORD bytes = b.hdr[0].dwBytesRecorded;
    CHECK(bytes == b.hdr[0].dwBufferLength);
    MMTIME t;
    CHECK(position(h, TIME_BYTES, &t) == bytes);
    CHECK(t.wType == TIME_BYTES);
    position(h, TIME_SAMPLES, &t);
    CHECK(t.wType == TIME_SAMPLES);
    CHECK(t.u.sample == bytes / f.block());
    position(h, TIME_MS, &t);
    CHECK(t.wType == TIME_MS);
    CHECK(t.u.ms == 1500);
    position(h, TIME_SMPTE, &t);
    CHECK(t.wType == TIME_SMPTE);
    CHECK(t.u.smpte.hour == 0);
    CHECK(t.u.smpte.min == 0);
    CHECK(t.u.smpte.sec == 1);
    CHECK(t.u.smpte.frame == 15);
    CHECK(t.u.smpte.fps == 30);
    // Formats a wave device cannot give fall back to bytes, saying so in wType.
    for (UINT type : {static_cast<UINT>(TIME_MIDI), static_cast<UINT>(TIME_TICKS), 0x77u}) {
        position(h, type, &t);
        CHECK(t.wType == TIME_BYTES);
        CHECK(t.u.cb == bytes);
    }
    waveInReset(h);
    waveInUnprepareHeader(h, &b.hdr[0], sizeof(WAVEHDR));
    CHECK(waveInClose(h) == MMSYSERR_NOERROR);
    CloseHandle(ev);
}

namespace {

// A CALLBACK_FUNCTION client that re-queues each buffer from inside WIM_DATA, as many real programs do.
struct Requeue {
    HWAVEIN h = nullptr;
    std::atomic<int> data{0};
    std::atomic<int> opens{0}, closes{0};
    std::atomic<int> add_errors{0};
    std::atomic<bool> requeue{true};
    std::vector<DWORD_PTR> order;  // dwUser of each returned buffer
    CRITICAL_SECTION cs;
    Requeue() { InitializeCriticalSection(&cs); }
    ~Requeue() { DeleteCriticalSection(&cs); }
};

void CALLBACK requeue_proc(HWAVEIN h, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR) {
    Requeue* r = reinterpret_cast<Requeue*>(instance);
    if (msg == WIM_OPEN) r->opens++;
    if (msg == WIM_CLOSE) r->closes++;
    if (msg != WIM_DATA) return;
    WAVEHDR* hdr = reinterpret_cast<WAVEHDR*>(p1);
    EnterCriticalSection(&r->cs);
    r->order.push_back(hdr->dwUser);
    LeaveCriticalSection(&r->cs);
    r->data++;
    if (r->requeue && waveInAddBuffer(h, hdr, sizeof(WAVEHDR)) != MMSYSERR_NOERROR) r->add_errors++;
}

}  // namespace

TEST_CASE("CALLBACK_FUNCTION: WIM_DATA in queue order, and waveInAddBuffer from inside it", "[control][callback]") {
    sound_server::require_or_skip();
    Format f = pcm(48000, 16, 2);
    Requeue r;
    REQUIRE(waveInOpen(&r.h, WAVE_MAPPER, f.ex(), reinterpret_cast<DWORD_PTR>(requeue_proc),
                       reinterpret_cast<DWORD_PTR>(&r), CALLBACK_FUNCTION) == MMSYSERR_NOERROR);
    CHECK(r.opens == 1);
    Buffers b(r.h, 4, 1920);  // 10 ms each
    for (auto& hdr : b.hdr) REQUIRE(waveInAddBuffer(r.h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    REQUIRE(waveInStart(r.h) == MMSYSERR_NOERROR);
    DWORD end = GetTickCount() + 5000;
    while (r.data < 40 && static_cast<LONG>(end - GetTickCount()) > 0) Sleep(10);
    r.requeue = false;
    CHECK(r.data >= 40);  // 4 buffers came back 10 times each: the re-queued ones were filled too
    CHECK(r.add_errors == 0);
    REQUIRE(waveInReset(r.h) == MMSYSERR_NOERROR);
    EnterCriticalSection(&r.cs);
    bool in_order = true;
    for (size_t i = 1; i < r.order.size(); ++i) in_order = in_order && r.order[i] == (r.order[i - 1] + 1) % 4;
    LeaveCriticalSection(&r.cs);
    CHECK(in_order);
    for (auto& hdr : b.hdr) CHECK(waveInUnprepareHeader(r.h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    CHECK(waveInClose(r.h) == MMSYSERR_NOERROR);
    CHECK(r.closes == 1);
}

TEST_CASE("WIM_DATA through CALLBACK_THREAD and CALLBACK_WINDOW carries the handle and the header", "[control][callback]") {
    sound_server::require_or_skip();
    Format f = pcm(48000, 16, 2);
    for (int kind = 0; kind < 2; ++kind) {
        INFO((kind ? "window" : "thread"));
        MSG m;
        PeekMessageW(&m, nullptr, 0, 0, PM_NOREMOVE);
        HWND w = kind ? CreateWindowExW(0, L"STATIC", L"wave_in", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, nullptr, nullptr)
                      : nullptr;
        DWORD_PTR target = kind ? reinterpret_cast<DWORD_PTR>(w) : GetCurrentThreadId();
        HWAVEIN h = nullptr;
        REQUIRE(waveInOpen(&h, WAVE_MAPPER, f.ex(), target, 0, kind ? CALLBACK_WINDOW : CALLBACK_THREAD) ==
                MMSYSERR_NOERROR);
        Buffers b(h, 2, 1920);
        for (auto& hdr : b.hdr) REQUIRE(waveInAddBuffer(h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
        REQUIRE(waveInStart(h) == MMSYSERR_NOERROR);
        std::vector<UINT> msgs;
        std::vector<LPARAM> params;
        DWORD end = GetTickCount() + 5000;
        while (msgs.size() < 3 && static_cast<LONG>(end - GetTickCount()) > 0) {
            if (PeekMessageW(&m, w, MM_WIM_OPEN, MM_WIM_DATA, PM_REMOVE)) {
                CHECK(reinterpret_cast<HWAVEIN>(m.wParam) == h);
                msgs.push_back(m.message);
                params.push_back(m.lParam);
            } else {
                Sleep(5);
            }
        }
        REQUIRE(msgs.size() == 3);
        CHECK(msgs[0] == MM_WIM_OPEN);
        CHECK(msgs[1] == MM_WIM_DATA);
        CHECK(params[1] == reinterpret_cast<LPARAM>(&b.hdr[0]));
        CHECK(msgs[2] == MM_WIM_DATA);
        CHECK(params[2] == reinterpret_cast<LPARAM>(&b.hdr[1]));
        waveInReset(h);
        for (auto& hdr : b.hdr) waveInUnprepareHeader(h, &hdr, sizeof hdr);
        CHECK(waveInClose(h) == MMSYSERR_NOERROR);
        while (PeekMessageW(&m, w, 0, 0, PM_REMOVE)) {
        }
        if (w) DestroyWindow(w);
    }
}

namespace {

struct ResetState {
    HWAVEIN h = nullptr;
    std::atomic<int> data{0}, closes{0};
    std::atomic<MMRESULT> reset_rc{0xffff}, close_rc{0xffff};
};

// Resets its own device from inside the first WIM_DATA (which returns the other buffers: more WIM_DATA), and
// closes it from inside the last one.
void CALLBACK reset_from_callback(HWAVEIN h, UINT msg, DWORD_PTR inst, DWORD_PTR, DWORD_PTR) {
    ResetState* s = reinterpret_cast<ResetState*>(inst);
    if (msg == WIM_CLOSE) s->closes++;
    if (msg != WIM_DATA) return;
    int n = ++s->data;
    if (n == 1) s->reset_rc = waveInReset(h);
    if (n == 3) s->close_rc = waveInClose(h);
}

}  // namespace

TEST_CASE("waveInReset and waveInClose from inside the callback do not deadlock", "[control][callback]") {
    sound_server::require_or_skip();
    ResetState st;
    Format f = pcm(48000, 16, 2);
    REQUIRE(waveInOpen(&st.h, WAVE_MAPPER, f.ex(), reinterpret_cast<DWORD_PTR>(reset_from_callback),
                       reinterpret_cast<DWORD_PTR>(&st), CALLBACK_FUNCTION) == MMSYSERR_NOERROR);
    Buffers b(st.h, 3, 1920);
    for (auto& hdr : b.hdr) REQUIRE(waveInAddBuffer(st.h, &hdr, sizeof hdr) == MMSYSERR_NOERROR);
    REQUIRE(waveInStart(st.h) == MMSYSERR_NOERROR);
    REQUIRE(wait_done(b.hdr[2], 5000));
    CHECK(st.reset_rc == MMSYSERR_NOERROR);
    CHECK(st.data == 3);
    CHECK(b.hdr[0].dwBytesRecorded == 1920);
    CHECK(st.close_rc == MMSYSERR_NOERROR);
    CHECK(st.closes == 1);
    CHECK(waveInClose(st.h) == MMSYSERR_INVALHANDLE);
}

TEST_CASE("8 threads capture at once, each gets the signal exactly", "[control][stress]") {
    sound_server::require_or_skip();
    // Every thread records the same input: one signal, eight captures, each sample-exact.
    Format f = pcm(48000, 16, 2);
    Signal s = exact_signal(f, 48000 * 3 / 10, 4242);
    std::vector<std::vector<int64_t>> results(8);
    std::vector<std::string> errors(8);
    std::atomic<int> ready{0};
    std::vector<std::thread> threads;
    std::vector<HANDLE> started(8);
    for (auto& e : started) e = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    HANDLE go = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] {
            HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
            HWAVEIN h = nullptr;
            if (waveInOpen(&h, WAVE_MAPPER, f.ex(), reinterpret_cast<DWORD_PTR>(ev), 0, CALLBACK_EVENT) !=
                MMSYSERR_NOERROR) {
                errors[t] = "open failed";
                SetEvent(started[t]);
                return;
            }
            std::vector<std::vector<BYTE>> mem(30, std::vector<BYTE>(9600));
            std::vector<WAVEHDR> hdr(30);
            for (int i = 0; i < 30; ++i) {
                hdr[i] = WAVEHDR{};
                hdr[i].lpData = reinterpret_cast<LPSTR>(mem[i].data());
                hdr[i].dwBufferLength = 9600;
                waveInPrepareHeader(h, &hdr[i], sizeof(WAVEHDR));
                waveInAddBuffer(h, &hdr[i], sizeof(WAVEHDR));
            }
            waveInStart(h);
            SetEvent(started[t]);
            DWORD end = GetTickCount() + 15000;
            while (!(hdr[29].dwFlags & WHDR_DONE) && static_cast<LONG>(end - GetTickCount()) > 0)
                WaitForSingleObject(ev, 100);
            if (!(hdr[29].dwFlags & WHDR_DONE)) errors[t] = "buffers did not come back";
            waveInReset(h);
            std::vector<BYTE> all;
            for (auto& x : hdr) {
                all.insert(all.end(), x.lpData, x.lpData + x.dwBytesRecorded);
                waveInUnprepareHeader(h, &x, sizeof(WAVEHDR));
            }
            if (waveInClose(h) != MMSYSERR_NOERROR) errors[t] = "close failed";
            results[t] = decode(f, all);
            CloseHandle(ev);
        });
    }
    WaitForMultipleObjects(8, started.data(), TRUE, 20000);
    Sleep(100);
    REQUIRE(sound_server::play_into_input(s.played));
    for (auto& th : threads) th.join();
    std::vector<int64_t> middle(s.expected.begin() + 4800, s.expected.end() - 4800);
    for (int t = 0; t < 8; ++t) {
        INFO("thread " << t);
        CHECK(errors[t].empty());
        CHECK(find_run(results[t], middle, 2) >= 0);
    }
    for (auto& e : started) CloseHandle(e);
    CloseHandle(go);
}
