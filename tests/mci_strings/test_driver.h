// The test MCI driver (mci_test_driver.dll): an installable driver whose DriverProc hands every MCI command to a
// hook the test program installs, so each test decides the answer and sees exactly what the driver received.
#pragma once

#include <windows.h>

#include <mmsystem.h>

// MinGW's headers do not declare these winmm exports (mmddk.h / mmsystem.h in the Windows SDK do).
extern "C" {
UINT WINAPI mciLoadCommandResource(HINSTANCE instance, LPCWSTR name, UINT type);
BOOL WINAPI mciFreeCommandResource(UINT table);
BOOL WINAPI mciExecute(LPCSTR command);
}

// Called for every MCI command message the driver receives (MCI_OPEN_DRIVER and MCI_CLOSE_DRIVER included); its
// result is the driver's return value (high word: MCI_RESOURCE_RETURNED, MCI_COLONIZED4_RETURN, ...).
typedef DWORD(CALLBACK* MciTestHook)(MCIDEVICEID device, UINT message, DWORD_PTR flags, void* parms);

// Exports of the driver (looked up with GetProcAddress by the tests).
//   mcitd_configure(type, custom_table): what the next DRV_OPEN reports: MCI_OPEN_DRIVER_PARMS.wType, and whether
//     the driver loads its own command table ("MCITEST", with mciLoadCommandResource) for the device.
//   mcitd_set_hook(hook): the hook for the commands (nullptr: every command answers 0).
typedef void(WINAPI* McitdConfigure)(UINT type, BOOL custom_table);
typedef void(WINAPI* McitdSetHook)(MciTestHook hook);

// The custom table's extra command (test_table.txt): "frob <device> level N name S area X Y W H" -> a rectangle.
#define MCITD_FROB 0x0C01            // MCI_USER_MESSAGES + 1
#define MCITD_FROB_LEVEL 0x00000100
#define MCITD_FROB_NAME 0x00000200
#define MCITD_FROB_AREA 0x00000400
#define MCITD_FROB_LOUD 0x00000800
// FROB's parameter block, as the table lays it out: item after item with no padding, like every MCI_*_PARMS
// structure in <mmsystem.h> (byte packing; on x64 lpstrName is at offset 28).
#pragma pack(push, 1)
struct MCITD_FROB_PARMS {
    DWORD_PTR dwCallback;
    RECT rcReturn;
    DWORD dwLevel;
    LPCWSTR lpstrName;
    RECT rcArea;
};
#pragma pack(pop)
static_assert(sizeof(MCITD_FROB_PARMS) == sizeof(DWORD_PTR) + 16 + 4 + sizeof(LPCWSTR) + 16, "packed like the table");
