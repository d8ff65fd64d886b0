// The MCI driver-side exports (a driver calls them about its own device), which MinGW's <mmsystem.h> and
// <mmddk.h> do not declare. Prototypes as in the Windows SDK's mmddk.h.
#pragma once

#include <windows.h>

#include <mmsystem.h>

extern "C" {
BOOL WINAPI mciDriverNotify(HANDLE hwndCallback, MCIDEVICEID wDeviceID, UINT uStatus);
UINT WINAPI mciDriverYield(MCIDEVICEID wDeviceID);
DWORD_PTR WINAPI mciGetDriverData(MCIDEVICEID wDeviceID);
BOOL WINAPI mciSetDriverData(MCIDEVICEID wDeviceID, DWORD_PTR dwData);
}
