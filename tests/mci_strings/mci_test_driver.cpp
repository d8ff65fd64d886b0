// The test MCI driver: see test_driver.h.
#include <windows.h>

#include <mmsystem.h>
#include <mmddk.h>

#include "test_driver.h"

namespace {

HINSTANCE g_instance;
UINT g_type = MCI_DEVTYPE_OTHER;
BOOL g_custom_table = FALSE;
MciTestHook g_hook = nullptr;
UINT g_table = MCI_NO_COMMAND_TABLE;

}  // namespace

extern "C" BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID) {
    if (reason == DLL_PROCESS_ATTACH) g_instance = instance;
    return TRUE;
}

extern "C" __declspec(dllexport) void WINAPI mcitd_configure(UINT type, BOOL custom_table) {
    g_type = type;
    g_custom_table = custom_table;
}

extern "C" __declspec(dllexport) void WINAPI mcitd_set_hook(MciTestHook hook) { g_hook = hook; }

extern "C" __declspec(dllexport) LRESULT WINAPI DriverProc(DWORD_PTR device, HDRVR driver, UINT message,
                                                            LPARAM p1, LPARAM p2) {
    switch (message) {
    case DRV_LOAD: case DRV_FREE: case DRV_ENABLE: case DRV_DISABLE:
        return 1;
    case DRV_OPEN: {
        auto* open = reinterpret_cast<MCI_OPEN_DRIVER_PARMS*>(p2);
        if (!open) return 1;  // opened outside MCI
        open->wType = g_type;
        g_table = g_custom_table ? mciLoadCommandResource(g_instance, L"MCITEST", 0) : MCI_NO_COMMAND_TABLE;
        open->wCustomCommandTable = g_table;
        return open->wDeviceID;
    }
    case DRV_CLOSE:
        if (g_table != MCI_NO_COMMAND_TABLE) mciFreeCommandResource(g_table);
        g_table = MCI_NO_COMMAND_TABLE;
        return 1;
    case DRV_QUERYCONFIGURE: case DRV_CONFIGURE: case DRV_INSTALL: case DRV_REMOVE:
        return 0;
    default:
        if (message >= DRV_MCI_FIRST && message <= DRV_MCI_LAST) {
            return g_hook ? g_hook(static_cast<MCIDEVICEID>(device), message, static_cast<DWORD_PTR>(p1),
                                   reinterpret_cast<void*>(p2))
                          : 0;
        }
        return DefDriverProc(device, driver, message, p1, p2);
    }
}
