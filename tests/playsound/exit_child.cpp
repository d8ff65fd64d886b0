// The child of the "process exits while a looped sound plays" test: starts a looped sound and leaves in the way
// argv[1] says (return from main, ExitProcess, FreeLibrary of a second reference to winmm first, or ExitProcess
// with an atexit handler that calls PlaySound, synchronously too, on the way out). It exits with 0 when PlaySound
// accepted the sound; the parent checks that it exits at all.
#include <windows.h>
#include <mmsystem.h>

#include <cstdlib>
#include <cstring>

#include "wav_builder.h"

namespace {
wav::Bytes g_exit_sound;
void play_on_exit() {
    PlaySoundW(nullptr, nullptr, 0);
    PlaySoundW(reinterpret_cast<LPCWSTR>(g_exit_sound.data()), nullptr, SND_MEMORY | SND_SYNC | SND_NODEFAULT);
}
}  // namespace

int main(int argc, char** argv) {
    wav::Sound s = wav::pcm(wav::Pcm::s16, 2, 0.3, 301);
    const char* how = argc > 1 ? argv[1] : "return";
    if (std::strcmp(how, "freelibrary") == 0) {
        HMODULE m = LoadLibraryW(L"winmm.dll");
        using Fn = BOOL(WINAPI*)(LPCWSTR, HMODULE, DWORD);
        auto play = reinterpret_cast<Fn>(reinterpret_cast<void*>(GetProcAddress(m, "PlaySoundW")));
        if (!play) return 3;
        static wav::Bytes keep = s.image;
        if (!play(reinterpret_cast<LPCWSTR>(keep.data()), nullptr, SND_MEMORY | SND_ASYNC | SND_LOOP | SND_NODEFAULT))
            return 2;
        FreeLibrary(m);  // the import keeps winmm loaded; the sound's worker must not care either way
        Sleep(300);
        return 0;
    }
    if (!PlaySoundW(reinterpret_cast<LPCWSTR>(s.image.data()), nullptr,
                    SND_MEMORY | SND_ASYNC | SND_LOOP | SND_NODEFAULT))
        return 2;
    Sleep(300);
    if (std::strcmp(how, "exitprocess") == 0) ExitProcess(0);
    if (std::strcmp(how, "atexit") == 0) {
        g_exit_sound = wav::pcm(wav::Pcm::s16, 2, 0.1, 302).image;
        std::atexit(play_on_exit);
        ExitProcess(0);
    }
    return 0;
}
