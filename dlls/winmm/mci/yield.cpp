// Waiting: a driver that executes a command with MCI_WAIT calls mciDriverYield in its wait loop, which runs the
// device's yield procedure; a nonzero answer tells the driver to stop waiting. A device starts with winmm's own
// procedure, which answers nonzero while the break key (MCI_BREAK; Ctrl+Break, VK_CANCEL, by default) is down.
// mciSetYieldProc replaces it, MCI_BREAK puts it back with another key, MCI_BREAK_OFF removes it.
#include "device_layer.h"
#include "driver_side_api.h"


namespace winmm::mci {

namespace {

// The built-in yield procedure; its data is the break key's virtual-key code.
UINT CALLBACK break_key_yield(MCIDEVICEID id, DWORD data) {
    HWND window = nullptr;
    table::with_device(id, [&](Device& d) { window = d.break_window; });
    // MCI_BREAK_HWND: "the window that must have the focus" for the key to count.
    if (window && GetForegroundWindow() != window && GetActiveWindow() != window) return 0;
    return (GetAsyncKeyState(static_cast<int>(data & 0xFF)) & 0x8000) ? 1 : 0;
}

}  // namespace

void install_default_yield(Device& dev) {
    dev.yield_proc = break_key_yield;
    dev.yield_data = VK_CANCEL;
    dev.break_window = nullptr;
}

MCIERROR set_break(const DevicePtr& dev, DWORD flags, MCI_BREAK_PARMS* p) {
    const bool key = flags & MCI_BREAK_KEY, window = flags & MCI_BREAK_HWND, off = flags & MCI_BREAK_OFF;
    if (off && (key || window)) return MCIERR_FLAGS_NOT_COMPATIBLE;
    if ((key || window || (flags & MCI_NOTIFY)) && !p) return MCIERR_NULL_PARAMETER_BLOCK;
    table::with_device(dev->id, [&](Device& d) {
        if (off) {
            d.yield_proc = nullptr;
            d.yield_data = 0;
            d.break_window = nullptr;
            return;
        }
        // A key or window without the other keeps what was set before (the key starts as VK_CANCEL).
        const DWORD old_key = d.yield_proc == break_key_yield ? d.yield_data : VK_CANCEL;
        d.yield_proc = break_key_yield;
        d.yield_data = key ? static_cast<DWORD>(p->nVirtKey) : old_key;
        if (window) d.break_window = p->hwndBreak;
    });
    if (flags & MCI_NOTIFY) post_notify(p->dwCallback, dev->id, MCI_NOTIFY_SUCCESSFUL);
    return 0;
}

}  // namespace winmm::mci

using namespace winmm::mci;

extern "C" BOOL WINAPI mciSetYieldProc(MCIDEVICEID mciId, YIELDPROC fpYieldProc, DWORD dwYieldData) {
    return table::with_device(mciId, [&](Device& d) {
        d.yield_proc = fpYieldProc;
        d.yield_data = dwYieldData;
        d.break_window = nullptr;
    });
}

extern "C" YIELDPROC WINAPI mciGetYieldProc(MCIDEVICEID mciId, LPDWORD pdwYieldData) {
    YIELDPROC proc = nullptr;
    DWORD data = 0;
    if (!table::with_device(mciId, [&](Device& d) {
            proc = d.yield_proc;
            data = d.yield_data;
        }))
        return nullptr;
    if (pdwYieldData) *pdwYieldData = data;
    return proc;
}

// The procedure runs outside the table's lock: it is the application's code and may send MCI commands itself.
extern "C" UINT WINAPI mciDriverYield(MCIDEVICEID wDeviceID) {
    YIELDPROC proc = nullptr;
    DWORD data = 0;
    if (!table::with_device(wDeviceID, [&](Device& d) {
            proc = d.yield_proc;
            data = d.yield_data;
        })) {
        return 0;
    }
    return proc ? proc(wDeviceID, data) : 0;
}
