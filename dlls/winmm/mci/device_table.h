// The table of open MCI devices: what the device layer knows about each device between MCI_OPEN and MCI_CLOSE.
// Every function takes the table's lock for itself; a Device's fields are read and written only under it (through
// these functions), never while a driver is being called.
#pragma once

#include <windows.h>

#include <mmsystem.h>
#include <mmddk.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace winmm::mci {

// The device id "all" as Windows defines it, and the 16-bit value of the same name old programs still pass.
inline bool is_all_devices(MCIDEVICEID id) { return id == MCI_ALL_DEVICE_ID || id == 0xFFFF; }

// Where a device is in its life. Drivers reach their device in every state (they call mciGetDriverData from
// DRV_OPEN to DRV_CLOSE); applications reach it only while it is open.
enum class DeviceState { opening, open, closing };

// What the device layer does about a device the string layer opened by itself ("play tune.wav" with no "open").
enum class AutoClose {
    none,           // opened by the application: never closed behind its back
    first_command,  // marked; the next command sent to it is the one that opened it
    awaiting_notify,// that command asked for a notification: close when the driver sends it
    notified_early, // the driver notified before the command even returned: close when it returns
    superseded,     // its notification was superseded by a later command: close once it is stopped
};

struct Device {
    MCIDEVICEID id = 0;
    DeviceState state = DeviceState::opening;
    HDRVR driver = nullptr;
    UINT type = 0;                  // MCI_DEVTYPE_* the driver reported (or the standard type of its name)
    std::wstring install_name;      // the MCI32 name its driver was found under ("waveaudio")
    std::wstring alias;             // what mciGetDeviceID and command strings find it by
    std::wstring element;           // MCI_OPEN_ELEMENT's file name (empty for "new" and element ids)
    bool has_element_id = false;    // opened with MCI_OPEN_ELEMENT_ID
    DWORD element_id = 0;
    DWORD creator_thread = 0;       // the task that opened it: names and "all" are per task
    YIELDPROC yield_proc = nullptr; // the wait loop's yield procedure (mciSetYieldProc, MCI_BREAK)
    DWORD yield_data = 0;
    HWND break_window = nullptr;    // MCI_BREAK_HWND: the break key counts only while this window is active
    DWORD_PTR driver_data = 0;      // mciSetDriverData / mciGetDriverData
    UINT custom_table = MCI_NO_COMMAND_TABLE;
    bool shareable = false;
    AutoClose auto_close = AutoClose::none;
    std::atomic<bool> ever_auto_opened{false};  // set once by mark_auto_opened: lets every other command skip the
                                                // auto-close bookkeeping without taking the table's lock
    bool own_notify_seen = false;   // the driver posted the open's or close's own notification itself
};

using DevicePtr = std::shared_ptr<Device>;

namespace table {

// Reserves the lowest free id (from 1) for a device in state `opening`, after checking under the same lock that no
// device of the calling task already uses `alias` (case-insensitive). Returns the device, or nullptr with
// *alias_taken set when the alias is in use, or with *alias_taken clear when every id is taken.
DevicePtr reserve(const std::wstring& alias, bool* alias_taken);

void remove(MCIDEVICEID id);

// The device with this id in any state (for drivers), or nullptr.
DevicePtr find_any(MCIDEVICEID id);

// The device with this id, and its state at the time of the lookup through *state, or nullptr.
DevicePtr find(MCIDEVICEID id, DeviceState* state);

// The open device of the calling task whose alias is `name` (case-insensitive), or nullptr.
DevicePtr find_alias(const std::wstring& name);

// Open devices of the calling task that satisfy `pred`, in id order.
std::vector<DevicePtr> list_open(const std::function<bool(const Device&)>& pred);

// Runs `fn` on the device under the table's lock (for reading or changing its fields). False when there is no such
// device (in any state).
bool with_device(MCIDEVICEID id, const std::function<void(Device&)>& fn);

}  // namespace table

}  // namespace winmm::mci
