// Many handles: open/close cycles, threads playing at once, and a close racing writes on the same handle.
#include <windows.h>

#include <mmsystem.h>

#include <catch.hpp>

#include <atomic>
#include <thread>
#include <vector>

#include "sound_server.h"
#include "wave_test.h"

using namespace wave_test;

TEST_CASE("100 open/close cycles, each with a buffer played") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(44100, 16, 2);
    std::vector<BYTE> data = noise(f, false, 441, 1);
    for (int i = 0; i < 100; ++i) {
        HWAVEOUT h = nullptr;
        REQUIRE(waveOutOpen(&h, WAVE_MAPPER, &f, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
        WAVEHDR hdr = {};
        hdr.lpData = reinterpret_cast<LPSTR>(data.data());
        hdr.dwBufferLength = static_cast<DWORD>(data.size());
        REQUIRE(waveOutPrepareHeader(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
        REQUIRE(waveOutWrite(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
        if (i % 2) {
            REQUIRE(waveOutReset(h) == MMSYSERR_NOERROR);
        } else {
            DWORD start = GetTickCount();
            while (!(hdr.dwFlags & WHDR_DONE) && GetTickCount() - start < 3000) Sleep(2);
        }
        REQUIRE((hdr.dwFlags & WHDR_DONE) != 0);
        REQUIRE(waveOutUnprepareHeader(h, &hdr, sizeof(hdr)) == MMSYSERR_NOERROR);
        REQUIRE(waveOutClose(h) == MMSYSERR_NOERROR);
    }
}

TEST_CASE("8 threads open and play at once; every header comes back done") {
    sound_server::require_or_skip();
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([t, &failures] {
            WAVEFORMATEX f = pcm(t % 2 ? 48000 : 22050, t % 3 ? 16 : 8, 1 + t % 2);
            std::vector<BYTE> data = noise(f, false, f.nSamplesPerSec / 5, 100 + t);
            Player p;
            if (p.open(&f) != MMSYSERR_NOERROR || !p.write(data, data.size() / 4) || !p.wait_done(8000)) ++failures;
        });
    }
    for (std::thread& th : threads) th.join();
    CHECK(failures == 0);
}

TEST_CASE("closing while another thread writes never crashes; calls on the closed handle fail cleanly") {
    sound_server::require_or_skip();
    WAVEFORMATEX f = pcm(48000, 16, 2);
    std::vector<BYTE> data = noise(f, false, 480, 2);
    for (int round = 0; round < 10; ++round) {
        HWAVEOUT h = nullptr;
        REQUIRE(waveOutOpen(&h, 0, &f, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
        std::atomic<bool> stop{false};
        std::atomic<int> bad{0};
        std::thread writer([&] {
            std::vector<WAVEHDR> hdrs(200);
            size_t i = 0;
            while (!stop && i < hdrs.size()) {
                WAVEHDR& x = hdrs[i++];
                x.lpData = reinterpret_cast<LPSTR>(data.data());
                x.dwBufferLength = static_cast<DWORD>(data.size());
                MMRESULT r = waveOutPrepareHeader(h, &x, sizeof(x));
                if (r == MMSYSERR_NOERROR) r = waveOutWrite(h, &x, sizeof(x));
                if (r != MMSYSERR_NOERROR && r != MMSYSERR_INVALHANDLE) ++bad;
                if (r == MMSYSERR_INVALHANDLE) break;
                Sleep(1);
            }
        });
        Sleep(20);
        MMRESULT r;
        // Close needs the queue empty: reset until it takes (the writer keeps adding).
        while ((r = waveOutClose(h)) == WAVERR_STILLPLAYING) waveOutReset(h);
        CHECK(r == MMSYSERR_NOERROR);
        stop = true;
        writer.join();
        CHECK(bad == 0);
        WAVEHDR x = {};
        CHECK(waveOutWrite(h, &x, sizeof(x)) == MMSYSERR_INVALHANDLE);
    }
}
