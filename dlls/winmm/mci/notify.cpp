// MM_MCINOTIFY and the auto-close of devices the string layer opened by itself.
//
// A notification is a posted message: wParam = MCI_NOTIFY_SUCCESSFUL / SUPERSEDED / ABORTED / FAILURE, lParam = the
// device id (mmsystem's MM_MCINOTIFY page). Drivers post theirs through mciDriverNotify; winmm posts the ones of
// the commands it answers itself (open, close, sysinfo, break, sound).
#include "device_layer.h"
#include "driver_side_api.h"


namespace winmm::mci {

BOOL post_notify(DWORD_PTR callback, MCIDEVICEID id, UINT status) {
    HWND hwnd = reinterpret_cast<HWND>(callback);
    if (!hwnd) return FALSE;
    return PostMessageW(hwnd, MM_MCINOTIFY, status, static_cast<LPARAM>(id));
}

// The command that auto-opened a device is over when it returns without having asked for a notification (or with
// an error: no notification follows one), or when its notification comes. A command superseded by another (a play
// interrupted by pause) leaves the device open until it is stopped: the application may still resume it.
void command_finished(const DevicePtr& dev, UINT msg, DWORD flags, MCIERROR result) {
    if (!dev->ever_auto_opened.load(std::memory_order_acquire)) return;
    bool close_now = false;
    table::with_device(dev->id, [&](Device& d) {
        switch (d.auto_close) {
        case AutoClose::first_command:
            if (result != 0 || !(flags & MCI_NOTIFY))
                close_now = true;
            else
                d.auto_close = AutoClose::awaiting_notify;
            break;
        case AutoClose::notified_early:
            close_now = true;
            break;
        case AutoClose::superseded:
            close_now = msg == MCI_STOP && result == 0;
            break;
        default:
            break;
        }
        if (close_now) d.auto_close = AutoClose::none;
    });
    if (close_now) close_device(dev, 0, nullptr);
}

}  // namespace winmm::mci

using namespace winmm::mci;

// Called by drivers, often from their own playback threads. It never calls a driver itself: a device to close is
// handed to another thread, since the driver that notifies may be holding its own locks.
extern "C" BOOL WINAPI mciDriverNotify(HANDLE hwndCallback, MCIDEVICEID wDeviceID, UINT uStatus) {
    bool schedule_close = false;
    table::with_device(wDeviceID, [&](Device& d) {
        const bool final_status = uStatus != MCI_NOTIFY_SUPERSEDED;
        if (d.state != DeviceState::open && (uStatus == MCI_NOTIFY_SUCCESSFUL || uStatus == MCI_NOTIFY_FAILURE))
            d.own_notify_seen = true;
        switch (d.auto_close) {
        case AutoClose::first_command:
            if (final_status) d.auto_close = AutoClose::notified_early;
            break;
        case AutoClose::awaiting_notify:
            if (final_status) {
                d.auto_close = AutoClose::none;
                schedule_close = true;
            } else {
                d.auto_close = AutoClose::superseded;
            }
            break;
        default:
            break;
        }
    });
    if (schedule_close) close_later(wDeviceID);
    return post_notify(reinterpret_cast<DWORD_PTR>(hwndCallback), wDeviceID, uStatus);
}
