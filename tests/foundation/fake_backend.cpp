// A stand-in backend winmm with three exports: proves that arguments pass through the thunks intact, that any
// DLL named by WINMM_BACKEND is used, and that exports it lacks fall back.
#include <windows.h>
#include <mmsystem.h>

#include <cstring>

extern "C" UINT WINAPI joyGetNumDevs() { return 42; }

extern "C" MMRESULT WINAPI joyGetDevCapsA(UINT_PTR id, LPJOYCAPSA caps, UINT size) {
    if (!caps || size < sizeof *caps) return MMSYSERR_INVALPARAM;
    std::memset(caps, 0, sizeof *caps);
    std::strcpy(caps->szPname, "fake backend");
    caps->wNumButtons = static_cast<UINT>(id);
    caps->wMaxAxes = static_cast<UINT>(size);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI joySetThreshold(UINT id, UINT threshold) {
    return id == 0x1234 && threshold == 0x00904030 ? 77 : 78;
}
