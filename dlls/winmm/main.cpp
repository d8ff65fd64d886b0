// DllMain: records this module's handle and nothing else. The backend is loaded lazily on the first delegated
// call, never here, where the loader lock is held.
#include <windows.h>

#include "backend.h"

extern "C" BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID) {
    if (reason == DLL_PROCESS_ATTACH) {
        winmm::backend::set_self(instance);
        DisableThreadLibraryCalls(instance);
    }
    return TRUE;
}
