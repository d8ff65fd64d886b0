// A stand-in backend winmm with three exports: proves that arguments pass through the thunks intact, that any
// DLL named by WINMM_BACKEND is used, and that exports it lacks fall back.
#include <windows.h>
#include <mmsystem.h>

#include <cstring>

extern "C" UINT WINAPI midiOutGetNumDevs() { return 42; }

extern "C" MMRESULT WINAPI midiOutGetDevCapsA(UINT_PTR id, LPMIDIOUTCAPSA caps, UINT size) {
    if (!caps || size < sizeof *caps) return MMSYSERR_INVALPARAM;
    std::memset(caps, 0, sizeof *caps);
    std::strcpy(caps->szPname, "fake backend");
    caps->dwSupport = static_cast<DWORD>(id);
    caps->wVoices = static_cast<WORD>(size);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI midiOutShortMsg(HMIDIOUT out, DWORD msg) {
    return reinterpret_cast<UINT_PTR>(out) == 0x1234 && msg == 0x00904030 ? 77 : 78;
}
