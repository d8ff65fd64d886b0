// The test MCI driver registered for one test program: MCI32 "mcitestdev" = mci_test_driver.dll (with a parameter
// text after the file name) and the extension "mctst" in MCI Extensions, both removed when the program ends.
#pragma once

#include <catch.hpp>

#include <string>

#include "mci_support.h"

#include <mmddk.h>  // MCI_NO_COMMAND_TABLE

namespace test_device {

inline const wchar_t* kName = L"mcitestdev";
inline const wchar_t* kParams = L"extra=1";
inline const mci_test_driver::Config kDefaults = {MCI_DEVTYPE_OTHER, MCI_NO_COMMAND_TABLE, 0x5000, 300, FALSE, FALSE};

inline std::wstring driver_path() { return mci_support::program_dir() + L"\\mci_test_driver.dll"; }

struct Registration {
    mci_support::RegistryValue driver{mci_support::kMciKey, kName, driver_path() + L" " + kParams};
    mci_support::RegistryValue extension{mci_support::kExtensionsKey, L"mctst", kName};
    mci_support::DriverLog log{driver_path()};
};

// The registration, made on first use; every test case starts with the driver's defaults and an empty record.
inline Registration& setup(const mci_test_driver::Config& config = kDefaults) {
    static Registration r;
    REQUIRE(r.driver.ok());
    REQUIRE(r.extension.ok());
    REQUIRE(r.log.ok());
    r.log.configure(config);
    r.log.clear();
    return r;
}

// Opens the test device by name, with an alias when one is given; returns the id (0 on failure, with *err).
inline MCIDEVICEID open(const wchar_t* alias = nullptr, DWORD extra_flags = 0, MCIERROR* err = nullptr,
                        DWORD_PTR callback = 0) {
    MCI_OPEN_PARMSW p = {};
    p.dwCallback = callback;
    p.lpstrDeviceType = kName;
    p.lpstrAlias = alias;
    MCIERROR e = mciSendCommandW(0, MCI_OPEN, MCI_OPEN_TYPE | (alias ? MCI_OPEN_ALIAS : 0) | extra_flags,
                                 reinterpret_cast<DWORD_PTR>(&p));
    if (err) *err = e;
    return e ? 0 : p.wDeviceID;
}

inline MCIERROR close(MCIDEVICEID id, DWORD flags = MCI_WAIT, DWORD_PTR callback = 0) {
    MCI_GENERIC_PARMS g = {callback};
    return mciSendCommandW(id, MCI_CLOSE, flags, reinterpret_cast<DWORD_PTR>(&g));
}

// Leaves no device behind even when a check failed half-way.
struct CloseAll {
    ~CloseAll() { mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_CLOSE, MCI_WAIT, 0); }
};

}  // namespace test_device
