// The legacy, undocumented winmm exports: 16-bit thunking (WOW32*, *32Message, WOWAppExit), the audio effects
// (gfx*) and session hooks (WinmmLogon/Logoff, Migrate*) of older Windows releases. Nothing a Win32 application
// can use depends on them, so each returns its fixed failure value from here, never through the backend.
// x86 argument counts follow winmm.spec (stdcall: the callee pops them).
#include <windows.h>

#include <mmsystem.h>

extern "C" DWORD WINAPI MigrateAllDrivers(void) {
    return 0;
}

extern "C" DWORD WINAPI MigrateSoundEvents(void) {
    return 0;
}

extern "C" DWORD WINAPI WinmmLogoff(void) {
    return 0;
}

extern "C" DWORD WINAPI WinmmLogon(void) {
    return 0;
}

extern "C" DWORD WINAPI gfxAddGfx(void) {
    return 0;
}

extern "C" DWORD WINAPI gfxBatchChange(void) {
    return 0;
}

extern "C" DWORD WINAPI gfxCreateGfxFactoriesList(void) {
    return 0;
}

extern "C" DWORD WINAPI gfxCreateZoneFactoriesList(void) {
    return 0;
}

extern "C" DWORD WINAPI gfxDestroyDeviceInterfaceList(void) {
    return 0;
}

extern "C" DWORD WINAPI gfxEnumerateGfxs(void) {
    return 0;
}

extern "C" DWORD WINAPI gfxLogoff(void) {
    return 0;
}

extern "C" DWORD WINAPI gfxLogon(void) {
    return 0;
}

extern "C" DWORD WINAPI gfxModifyGfx(void) {
    return 0;
}

extern "C" DWORD WINAPI gfxOpenGfx(void) {
    return 0;
}

extern "C" DWORD WINAPI gfxRemoveGfx(void) {
    return 0;
}

extern "C" DWORD WINAPI NotifyCallbackData(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR) {
    return 0;
}

extern "C" DWORD WINAPI WOW32DriverCallback(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR,
                                           DWORD_PTR) {
    return 0;
}

extern "C" DWORD WINAPI WOW32ResolveMultiMediaHandle(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR,
                                                    DWORD_PTR) {
    return 0;
}

extern "C" DWORD WINAPI WOWAppExit(DWORD_PTR) {
    return 0;
}

extern "C" DWORD WINAPI aux32Message(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR) {
    return MMSYSERR_NODRIVER;
}

extern "C" DWORD WINAPI joy32Message(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR) {
    return MMSYSERR_NODRIVER;
}

extern "C" DWORD WINAPI mci32Message(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR) {
    return MMSYSERR_NODRIVER;
}

extern "C" DWORD WINAPI mid32Message(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR) {
    return MMSYSERR_NODRIVER;
}

extern "C" DWORD WINAPI mod32Message(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR) {
    return MMSYSERR_NODRIVER;
}

extern "C" DWORD WINAPI mxd32Message(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR) {
    return MMSYSERR_NODRIVER;
}

extern "C" DWORD WINAPI tid32Message(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR) {
    return MMSYSERR_NODRIVER;
}

extern "C" DWORD WINAPI wid32Message(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR) {
    return MMSYSERR_NODRIVER;
}

extern "C" DWORD WINAPI wod32Message(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR) {
    return MMSYSERR_NODRIVER;
}
