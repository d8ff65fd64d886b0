// TRANSITIONAL, to be deleted when the command-string layer (mciSendString) is owned too.
//
// While mciSendString is still passed on to the backend winmm, devices it opens live in the backend's device table,
// yet their drivers (mciwave and the like import winmm.dll, which is this DLL) call this DLL's mciGetDriverData,
// mciSetDriverData, mciDriverYield and mciDriverNotify about them. For an id this layer does not know, those
// functions hand the call to the backend's export of the same name, so such devices keep working.
#pragma once

#include <windows.h>

#include <mmsystem.h>

namespace winmm::mci::backend_fallback {

using DriverNotifyFn = BOOL(WINAPI*)(HANDLE, MCIDEVICEID, UINT);
using GetDriverDataFn = DWORD_PTR(WINAPI*)(MCIDEVICEID);
using SetDriverDataFn = BOOL(WINAPI*)(MCIDEVICEID, DWORD_PTR);
using DriverYieldFn = UINT(WINAPI*)(MCIDEVICEID);

// The backend's function, or nullptr when there is no backend or it lacks the export.
DriverNotifyFn driver_notify();
GetDriverDataFn get_driver_data();
SetDriverDataFn set_driver_data();
DriverYieldFn driver_yield();

}  // namespace winmm::mci::backend_fallback
