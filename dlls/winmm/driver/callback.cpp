#include "callback.h"

#include <mmddk.h>

#include "log.h"

namespace winmm::driver {

BOOL notify(DWORD_PTR target, DWORD flags, HDRVR device, DWORD msg, DWORD_PTR user, DWORD_PTR param1,
            DWORD_PTR param2) {
    // DCB_NOSWITCH asked 16-bit Windows not to switch stacks; there is no stack switch to avoid here.
    if (!target) return FALSE;
    BOOL ok = FALSE;
    switch (flags & DCB_TYPEMASK) {
    case DCB_NULL:
        return FALSE;  // nothing was notified
    case DCB_WINDOW:
        ok = PostMessageW(reinterpret_cast<HWND>(target), msg, reinterpret_cast<WPARAM>(device),
                          static_cast<LPARAM>(param1));
        break;
    case DCB_TASK:
        ok = PostThreadMessageW(static_cast<DWORD>(target), msg, reinterpret_cast<WPARAM>(device),
                                static_cast<LPARAM>(param1));
        break;
    case DCB_FUNCTION:
        reinterpret_cast<LPDRVCALLBACK>(target)(device, msg, user, param1, param2);
        ok = TRUE;
        break;
    case DCB_EVENT:
        ok = SetEvent(reinterpret_cast<HANDLE>(target));
        break;
    default:
        WINMM_WARN("DriverCallback: unknown callback type %lu", flags & DCB_TYPEMASK);
        return FALSE;
    }
    if (!ok) WINMM_DEBUG("DriverCallback: notification of message 0x%lx failed", msg);
    return ok;
}

}  // namespace winmm::driver

extern "C" BOOL WINAPI DriverCallback(DWORD_PTR target, DWORD flags, HDRVR device, DWORD msg, DWORD_PTR user,
                                      DWORD_PTR param1, DWORD_PTR param2) {
    return winmm::driver::notify(target, flags, device, msg, user, param1, param2);
}
