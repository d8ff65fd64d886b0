// mmDrvInstall: installing a low-level driver's message entry point into the running process's device lists.
// winmm-ng refuses every such request with 0, the function's failure value (docs/misc.md explains why).
#include <windows.h>

#include <mmsystem.h>

#include "log.h"

// Not declared by MinGW's headers; the prototype is Microsoft's (Win32 metadata): four arguments.
typedef LRESULT(CALLBACK* DRIVERMSGPROC)(DWORD, DWORD, DWORD_PTR, DWORD_PTR, DWORD_PTR);

// The device lists are numbered once, on first use, and read without a lock by every wave, MIDI, aux and mixer call
// (driver/loader.h); the wave and mixer APIs run on WASAPI and reach no wave driver at all. An entry point added
// here would either race with those readers or never be called, so the request fails as Windows reports a driver
// that could not be installed, and the caller can tell.
extern "C" UINT WINAPI mmDrvInstall(HDRVR hDriver, LPCWSTR wszDrvEntry, DRIVERMSGPROC drvMessage, UINT wFlags) {
    WINMM_WARN("mmDrvInstall(%p, %s, %p, 0x%x): installing drivers at run time is not supported; not installed",
               static_cast<void*>(hDriver), wszDrvEntry ? "entry name" : "no entry name",
               reinterpret_cast<void*>(drvMessage), wFlags);
    return 0;
}
