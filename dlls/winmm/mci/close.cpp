// MCI_CLOSE: the driver is told with MCI_CLOSE_DRIVER, then closed as an installable driver (DRV_CLOSE), and only
// then does the id disappear: drivers look their data up by id until DRV_CLOSE is over.
#include <windows.h>

#include <mmsystem.h>
#include <mmddk.h>

#include "device_layer.h"
#include "driver/installable.h"

namespace winmm::mci {

namespace {

// How long a closed driver's module stays mapped after its last instance is gone.
constexpr DWORD kUnloadGraceMs = 2000;

DWORD WINAPI release_module(void* module) {
    Sleep(kUnloadGraceMs);
    FreeLibrary(static_cast<HMODULE>(module));
    return 0;
}

// Drivers play and record on threads of their own, which post their last notification and only then return
// through the driver's code: Wine's mciwave does not wait for that return when it is closed right after the
// notification, so unloading the module at once can pull the code from under the thread. The device layer holds a
// reference of its own across CloseDriver and drops it a little later, from a pool thread.
HMODULE hold_module(HDRVR h) {
    HMODULE module = driver::module_of(h);
    HMODULE held = nullptr;
    if (module && GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, reinterpret_cast<LPCWSTR>(module), &held))
        return held;
    return nullptr;
}

void release_module_later(HMODULE module) {
    if (!module) return;
    if (!QueueUserWorkItem(release_module, module, WT_EXECUTELONGFUNCTION)) FreeLibrary(module);
}

DWORD WINAPI close_thread(void* param) {
    const MCIDEVICEID id = static_cast<MCIDEVICEID>(reinterpret_cast<DWORD_PTR>(param));
    DeviceState state;
    if (DevicePtr dev = table::find(id, &state)) close_device(dev, 0, nullptr);
    return 0;
}

}  // namespace

MCIERROR close_device(const DevicePtr& dev, DWORD flags, MCI_GENERIC_PARMS* parms) {
    HDRVR h = nullptr;
    bool was_open = false;
    table::with_device(dev->id, [&](Device& d) {
        was_open = d.state == DeviceState::open;
        if (was_open) {
            d.state = DeviceState::closing;
            d.own_notify_seen = false;
            h = d.driver;
        }
    });
    // Someone else is closing it already.
    if (!was_open) return MCIERR_DEVICE_LOCKED;
    HMODULE held = hold_module(h);
    DWORD_PTR raw = driver::send(h, MCI_CLOSE_DRIVER, flags, reinterpret_cast<LPARAM>(parms));
    driver::close(h, 0, 0);
    release_module_later(held);
    bool driver_notified = false;
    table::with_device(dev->id, [&](Device& d) { driver_notified = d.own_notify_seen; });
    table::remove(dev->id);
    // The device is gone whatever the driver answered; its error is still the caller's to know.
    MCIERROR err = LOWORD(raw);
    if (!err && (flags & MCI_NOTIFY) && parms && !driver_notified)
        post_notify(parms->dwCallback, dev->id, MCI_NOTIFY_SUCCESSFUL);
    return err;
}

// Without a worker thread the device simply stays open until the program closes it (close all, or its exit).
void close_later(MCIDEVICEID id) {
    QueueUserWorkItem(close_thread, reinterpret_cast<void*>(static_cast<DWORD_PTR>(id)), WT_EXECUTEDEFAULT);
}

}  // namespace winmm::mci
