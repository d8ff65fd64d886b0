// DefDriverProc: the answers the Windows NT DDK tabulates (DRV_LOAD, DRV_FREE, DRV_ENABLE, DRV_DISABLE: 1;
// DRV_INSTALL, DRV_REMOVE: DRV_OK; anything else: 0). DRV_OPEN therefore fails by default: a driver must
// answer it itself to be opened.
#include <windows.h>

#include <mmsystem.h>

namespace {

LRESULT default_answer(UINT msg) {
    switch (msg) {
    case DRV_LOAD:
    case DRV_FREE:
    case DRV_ENABLE:
    case DRV_DISABLE:
        return 1;
    case DRV_INSTALL:
    case DRV_REMOVE:
        return DRV_OK;
    default:
        return 0;
    }
}

}  // namespace

extern "C" LRESULT WINAPI DefDriverProc(DWORD_PTR, HDRVR, UINT msg, LPARAM, LPARAM) {
    return default_answer(msg);
}

extern "C" LRESULT WINAPI DrvDefDriverProc(DWORD_PTR, HDRVR, UINT msg, LPARAM, LPARAM) {
    return default_answer(msg);
}
