// MCI_CLOSE: the driver is told with MCI_CLOSE_DRIVER, then closed as an installable driver (DRV_CLOSE), and only
// then does the id disappear: drivers look their data up by id until DRV_CLOSE is over.
#include <windows.h>

#include <mmsystem.h>
#include <mmddk.h>

#include "device_layer.h"
#include "driver/installable.h"

namespace winmm::mci {

namespace {

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
    DWORD_PTR raw = driver::send(h, MCI_CLOSE_DRIVER, flags, reinterpret_cast<LPARAM>(parms));
    driver::close(h, 0, 0);
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
