// What the test MCI driver (mci_test_driver.cpp) records and exports, shared by the driver and the test programs.
#pragma once

#include <windows.h>

#include <mmsystem.h>

namespace mci_test_driver {

// One message the driver's DriverProc received, with what the tests look at copied out of its parameters.
struct Record {
    UINT msg;              // DRV_* or MCI_* (MCI_OPEN_DRIVER, MCI_CLOSE_DRIVER, MCI_PLAY ...)
    DWORD_PTR driver_id;   // DriverProc's dwDriverId: the MCI device id once DRV_OPEN has answered
    DWORD_PTR flags;       // lParam1 (an MCI command's flags)
    LPARAM parms;          // lParam2 as a number (the parameter structure's address)
    DWORD thread;          // the thread the message came on
    MCIDEVICEID device_id; // DRV_OPEN: MCI_OPEN_DRIVER_PARMS.wDeviceID; MCI_OPEN_DRIVER: MCI_OPEN_PARMS.wDeviceID
    DWORD_PTR callback;    // an MCI command's dwCallback (parameters present)
    DWORD_PTR data;        // DRV_CLOSE: mciGetDriverData(driver_id) at that moment
    UINT yields;           // MCI_PLAY with MCI_WAIT: how often mciDriverYield was called
    BOOL broken;           // ... and whether a nonzero answer ended the wait early
    WCHAR text1[96];       // DRV_OPEN: lParam1 (the MCI32 text after the file name); MCI_OPEN_DRIVER: element
    WCHAR text2[96];       // DRV_OPEN: MCI_OPEN_DRIVER_PARMS.lpstrParams; MCI_OPEN_DRIVER: alias
    WCHAR text3[96];       // MCI_OPEN_DRIVER: device type (when given by name)
};

struct Config {
    UINT type;              // MCI_OPEN_DRIVER_PARMS.wType the driver reports (0: leaves it)
    UINT custom_table;      // ... wCustomCommandTable
    DWORD_PTR data_base;    // DRV_OPEN stores data_base + device id with mciSetDriverData
    DWORD play_ms;          // how long a play lasts
    BOOL notify_on_close;   // MCI_CLOSE_DRIVER with MCI_NOTIFY posts its own MCI_NOTIFY_SUCCESSFUL
    BOOL notify_on_open;    // MCI_OPEN_DRIVER with MCI_NOTIFY posts its own MCI_NOTIFY_SUCCESSFUL
};

// The element name MCI_OPEN_DRIVER refuses with MCIERR_FILE_NOT_FOUND.
constexpr const wchar_t* kMissingElement = L"missing.mctst";
// A driver-specific command the driver answers with kCustomAnswer (a value an error would not have).
constexpr UINT kCustomCommand = MCI_USER_MESSAGES + 7;
constexpr DWORD kCustomAnswer = 0;
// MCI_INFO_PRODUCT's answer.
constexpr const wchar_t* kProduct = L"winmm-ng test MCI device";

using CountFn = UINT(WINAPI*)();
using GetFn = BOOL(WINAPI*)(UINT index, Record* out);
using ClearFn = void(WINAPI*)();
using ConfigureFn = void(WINAPI*)(const Config*);

}  // namespace mci_test_driver
