// The notification every device driver and winmm subsystem uses to reach an application: DriverCallback's
// logic, callable without going through the export.
#pragma once

#include <windows.h>

#include <mmsystem.h>

namespace winmm::driver {

// flags is a DCB_* type (DCB_NULL, DCB_WINDOW, DCB_TASK, DCB_FUNCTION, DCB_EVENT), optionally | DCB_NOSWITCH.
//   DCB_WINDOW:   PostMessage(hwnd = target, msg, wParam = device, lParam = param1)
//   DCB_TASK:     PostThreadMessage(thread id = target, msg, wParam = device, lParam = param1)
//   DCB_FUNCTION: ((LPDRVCALLBACK)target)(device, msg, user, param1, param2)
//   DCB_EVENT:    SetEvent((HANDLE)target); msg and the parameters are not delivered
// Returns TRUE when the notification was delivered; FALSE for DCB_NULL, a zero target, an unknown type, or a
// failed post/SetEvent.
BOOL notify(DWORD_PTR target, DWORD flags, HDRVR device, DWORD msg, DWORD_PTR user, DWORD_PTR param1,
            DWORD_PTR param2);

}  // namespace winmm::driver
