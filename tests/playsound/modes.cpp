// PlaySound's modes, proved at the sound server: SND_SYNC/SND_ASYNC, SND_LOOP until stopped, SND_NOSTOP,
// SND_NOWAIT, SND_PURGE and NULL, one sound at a time, and calls from a window procedure and a waveOut callback.
#include <windows.h>
#include <mmsystem.h>

#include <catch.hpp>

#include "ps_support.h"

namespace {

using ps::find_sound;

LPCWSTR mem(const wav::Sound& s) { return reinterpret_cast<LPCWSTR>(s.image.data()); }

constexpr DWORD kMem = SND_MEMORY | SND_NODEFAULT;

}  // namespace

TEST_CASE("SND_SYNC returns after the sound has played; SND_ASYNC returns while it plays") {
    sound_server::require_or_skip();
    wav::Sound s = wav::pcm(wav::Pcm::s16, 2, 0.6, 201);
    BOOL r = FALSE;
    DWORD elapsed = 0;
    auto got = ps::hear(2.0, s.expected, [&] {
        DWORD t0 = GetTickCount();
        r = PlaySoundW(mem(s), nullptr, kMem | SND_SYNC);
        elapsed = GetTickCount() - t0;
    });
    CHECK(r);
    CHECK(find_sound(got, s.expected) >= 0);
    // The whole sound was played before the call returned (a lower bound, not a speed target).
    INFO("SND_SYNC took " << elapsed << " ms for 600 ms of sound");
    CHECK(elapsed >= 550);

    // Asynchronous: while the sound plays, SND_NOSTOP sees it playing.
    got = ps::hear(2.0, s.expected, [&] {
        r = PlaySoundW(mem(s), nullptr, kMem | SND_ASYNC);
        CHECK_FALSE(PlaySoundW(mem(s), nullptr, kMem | SND_ASYNC | SND_NOSTOP));
    });
    CHECK(r);
    CHECK(find_sound(got, s.expected) >= 0);
}

TEST_CASE("SND_LOOP repeats the sound without a gap until PlaySound(NULL) stops it") {
    sound_server::require_or_skip();
    wav::Sound s = wav::pcm(wav::Pcm::s16, 2, 0.2, 211);
    BOOL r = FALSE;
    BOOL stopped = FALSE;
    auto heard = [&](const sound_server::Frames& f) {
        ps::Passes p = ps::loop_passes(f, s.expected);
        return p.total >= 3 && p.longest_run >= 2;
    };
    auto got = ps::record_until(3.0, heard, [&] {
        r = PlaySoundW(mem(s), nullptr, kMem | SND_ASYNC | SND_LOOP);
        Sleep(1200);
        stopped = PlaySoundW(nullptr, nullptr, 0);
    });
    CHECK(r);
    CHECK(stopped);
    ps::Passes passes = ps::loop_passes(got, s.expected);
    INFO("passes " << passes.total << ", longest gapless run " << passes.longest_run);
    // About six passes fit in 1.2 s; the first is cut by the recording's lead-in.
    CHECK(passes.total >= 3);
    CHECK(passes.longest_run >= 2);
    // About 1.8 s of the recording follow the stop: its last second is silent.
    sound_server::Frames tail(got.end() - long(sound_server::kRate * 2), got.end());
    CHECK(ps::silent(tail));
}

TEST_CASE("SND_LOOP without SND_ASYNC loops asynchronously instead of never returning") {
    sound_server::require_or_skip();
    wav::Sound s = wav::pcm(wav::Pcm::s16, 2, 0.2, 212);
    BOOL r = FALSE;
    auto heard = [&](const sound_server::Frames& f) { return ps::loop_passes(f, s.expected).total >= 2; };
    auto got = ps::record_until(2.5, heard, [&] {
        r = PlaySoundW(mem(s), nullptr, kMem | SND_LOOP);
        Sleep(900);
        PlaySoundW(nullptr, nullptr, SND_PURGE);
    });
    CHECK(r);
    ps::Passes passes = ps::loop_passes(got, s.expected);
    INFO("passes " << passes.total);
    CHECK(passes.total >= 2);
}

TEST_CASE("SND_PURGE stops the named sound only; a new sound stops the current one") {
    sound_server::require_or_skip();
    wav::Sound a = wav::pcm(wav::Pcm::s16, 2, 0.2, 221);
    wav::Sound b = wav::pcm(wav::Pcm::s16, 2, 0.3, 222);
    ps::TempWave fa(L"purge-a.wav", a.image), fb(L"purge-b.wav", b.image);
    REQUIRE(fa.ok());
    REQUIRE(fb.ok());
    auto heard = [&](const sound_server::Frames& f) { return ps::loop_passes(f, a.expected).total >= 3; };
    auto got = ps::record_until(3.0, heard, [&] {
        CHECK(PlaySoundW(fa.path().c_str(), nullptr, SND_FILENAME | SND_ASYNC | SND_LOOP | SND_NODEFAULT));
        Sleep(700);
        // Another name: the loop goes on.
        CHECK(PlaySoundW(fb.path().c_str(), nullptr, SND_FILENAME | SND_PURGE));
        Sleep(300);
        CHECK(PlaySoundW(fa.path().c_str(), nullptr, SND_FILENAME | SND_PURGE));
    });
    ps::Passes passes = ps::loop_passes(got, a.expected);
    INFO("passes " << passes.total);
    CHECK(passes.total >= 3);  // about five in 1 s
    CHECK(find_sound(got, b.expected) < 0);
    sound_server::Frames tail(got.end() - long(sound_server::kRate * 1), got.end());
    CHECK(ps::silent(tail));

    // A second sound replaces a looping one: the loop's samples end, the new sound plays whole.
    got = ps::hear(3.0, b.expected, [&] {
        CHECK(PlaySoundW(fa.path().c_str(), nullptr, SND_FILENAME | SND_ASYNC | SND_LOOP | SND_NODEFAULT));
        Sleep(600);
        CHECK(PlaySoundW(fb.path().c_str(), nullptr, SND_FILENAME | SND_SYNC | SND_NODEFAULT));
    });
    CHECK(find_sound(got, b.expected) >= 0);
    tail.assign(got.end() - long(sound_server::kRate * 1), got.end());
    CHECK(ps::silent(tail));
}

TEST_CASE("SND_NOSTOP fails while a sound plays and plays when none does; SND_NOWAIT plays on a free device") {
    sound_server::require_or_skip();
    wav::Sound a = wav::pcm(wav::Pcm::s16, 2, 0.5, 231);
    wav::Sound b = wav::pcm(wav::Pcm::s16, 2, 0.2, 232);
    BOOL refused = TRUE, later = FALSE;
    auto got = ps::hear_all(2.5, {&a.expected, &b.expected}, [&] {
        CHECK(PlaySoundW(mem(a), nullptr, kMem | SND_ASYNC));
        refused = PlaySoundW(mem(b), nullptr, kMem | SND_ASYNC | SND_NOSTOP);
        Sleep(900);  // a has ended
        later = PlaySoundW(mem(b), nullptr, kMem | SND_SYNC | SND_NOSTOP);
    });
    CHECK_FALSE(refused);
    CHECK(later);
    CHECK(find_sound(got, a.expected) >= 0);  // a was not cut by the refused call
    CHECK(find_sound(got, b.expected) >= 0);

    BOOL r = FALSE;
    got = ps::hear(1.2, b.expected, [&] { r = PlaySoundW(mem(b), nullptr, kMem | SND_SYNC | SND_NOWAIT); });
    CHECK(r);
    CHECK(find_sound(got, b.expected) >= 0);
}

TEST_CASE("PlaySound(NULL) with nothing playing succeeds; a missing file with SND_NODEFAULT plays nothing") {
    sound_server::require_or_skip();
    CHECK(PlaySoundW(nullptr, nullptr, 0));
    CHECK(PlaySoundA(nullptr, nullptr, SND_PURGE));
    CHECK(sndPlaySoundA(nullptr, 0));
    std::wstring missing = wav::temp_path(L"not-there.wav");
    BOOL r = TRUE, ra = TRUE;
    auto got = ps::record(1.0, [&] {
        r = PlaySoundW(missing.c_str(), nullptr, SND_FILENAME | SND_ASYNC | SND_NODEFAULT);
        ra = sndPlaySoundW(missing.c_str(), SND_ASYNC | SND_NODEFAULT);
    });
    CHECK_FALSE(r);
    CHECK_FALSE(ra);
    CHECK(ps::silent(got));
}

namespace {

const wav::Sound* g_wnd_sound = nullptr;
BOOL g_wnd_results[3] = {};

LRESULT CALLBACK wnd_proc(HWND w, UINT msg, WPARAM wp, LPARAM lp) {
    if (msg == WM_APP) {
        g_wnd_results[0] = PlaySoundW(mem(*g_wnd_sound), nullptr, kMem | SND_SYNC);
        g_wnd_results[1] = PlaySoundW(mem(*g_wnd_sound), nullptr, kMem | SND_ASYNC | SND_LOOP);
        g_wnd_results[2] = PlaySoundW(nullptr, nullptr, 0);
        return 1;
    }
    return DefWindowProcW(w, msg, wp, lp);
}

struct CallbackRun {
    const wav::Sound* sound = nullptr;
    BOOL async_result = FALSE, stop_result = FALSE;
    LONG calls = 0;
    HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
};

void CALLBACK wave_callback(HWAVEOUT, UINT msg, DWORD_PTR user, DWORD_PTR, DWORD_PTR) {
    auto* run = reinterpret_cast<CallbackRun*>(user);
    if (msg != WOM_DONE || InterlockedIncrement(&run->calls) != 1) return;
    // Against the waveOut documentation, but real programs do it: PlaySound from a waveOut callback.
    run->async_result = PlaySoundW(mem(*run->sound), nullptr, kMem | SND_ASYNC);
    run->stop_result = PlaySoundW(nullptr, nullptr, 0);
    SetEvent(run->done);
}

}  // namespace

TEST_CASE("PlaySound from a window procedure plays and returns") {
    sound_server::require_or_skip();
    wav::Sound s = wav::pcm(wav::Pcm::s16, 2, 0.2, 241);
    g_wnd_sound = &s;
    WNDCLASSW wc = {};
    wc.lpfnWndProc = wnd_proc;
    wc.hInstance = GetModuleHandleW(nullptr);
    wc.lpszClassName = L"winmm-ng-playsound-test";
    RegisterClassW(&wc);
    // A message-only window: the test needs a window procedure, not a display.
    HWND w = CreateWindowW(wc.lpszClassName, L"", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, wc.hInstance, nullptr);
    REQUIRE(w);
    auto got = ps::hear(1.5, s.expected, [&] { CHECK(SendMessageW(w, WM_APP, 0, 0) == 1); });
    CHECK(g_wnd_results[0]);
    CHECK(g_wnd_results[1]);
    CHECK(g_wnd_results[2]);
    CHECK(find_sound(got, s.expected) >= 0);
    DestroyWindow(w);
}

TEST_CASE("PlaySound from a waveOut callback does not deadlock") {
    sound_server::require_or_skip();
    wav::Sound s = wav::pcm(wav::Pcm::s16, 2, 0.2, 251);
    CallbackRun run;
    run.sound = &s;
    WAVEFORMATEX f = {WAVE_FORMAT_PCM, 2, 48000, 48000 * 4, 4, 16, 0};
    HWAVEOUT wo = nullptr;
    REQUIRE(waveOutOpen(&wo, WAVE_MAPPER, &f, DWORD_PTR(wave_callback), DWORD_PTR(&run), CALLBACK_FUNCTION) ==
            MMSYSERR_NOERROR);
    std::vector<char> silence(4800 * 4, 0);
    WAVEHDR h = {};
    h.lpData = silence.data();
    h.dwBufferLength = DWORD(silence.size());
    REQUIRE(waveOutPrepareHeader(wo, &h, sizeof(h)) == MMSYSERR_NOERROR);
    REQUIRE(waveOutWrite(wo, &h, sizeof(h)) == MMSYSERR_NOERROR);
    // A deadlock would leave the event unset: the bound is generous, it only tells a hang from a slow machine.
    CHECK(WaitForSingleObject(run.done, 20000) == WAIT_OBJECT_0);
    CHECK(run.async_result);
    CHECK(run.stop_result);
    waveOutReset(wo);
    waveOutUnprepareHeader(wo, &h, sizeof(h));
    waveOutClose(wo);
    CloseHandle(run.done);
}

TEST_CASE("a process that exits while a looped sound plays ends") {
    sound_server::require_or_skip();
    wchar_t self[MAX_PATH];
    GetModuleFileNameW(nullptr, self, MAX_PATH);
    std::wstring child = self;
    child = child.substr(0, child.find_last_of(L'\\') + 1) + L"playsound-exit-child.exe";
    for (const wchar_t* how : {L"return", L"exitprocess", L"freelibrary", L"atexit"}) {
        INFO("child exits by " << std::string(how, how + wcslen(how)));
        std::wstring cmd = L"\"" + child + L"\" " + how;
        STARTUPINFOW si = {};
        si.cb = sizeof(si);
        PROCESS_INFORMATION pi = {};
        REQUIRE(CreateProcessW(child.c_str(), &cmd[0], nullptr, nullptr, FALSE, 0, nullptr, nullptr, &si, &pi));
        // A hang is what is tested; 60 s only tells it from a slow start.
        DWORD w = WaitForSingleObject(pi.hProcess, 60000);
        CHECK(w == WAIT_OBJECT_0);
        DWORD code = 1234;
        GetExitCodeProcess(pi.hProcess, &code);
        CHECK(code == 0);
        if (w != WAIT_OBJECT_0) TerminateProcess(pi.hProcess, 1);
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
    }
}
