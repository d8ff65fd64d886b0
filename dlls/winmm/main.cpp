// DllMain: records this module's handle and nothing else; every subsystem starts lazily on its first call, never
// here, where the loader lock is held.
#include <windows.h>

#include "module.h"

extern "C" BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID) {
    if (reason == DLL_PROCESS_ATTACH) {
        winmm::module::set_self(instance);
        DisableThreadLibraryCalls(instance);
    }
    return TRUE;
}
