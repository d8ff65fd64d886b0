// Names of MCI device types and where the registry lists MCI drivers: what the string layer needs to tell a device
// type from an alias or a file name.
#pragma once

#include <windows.h>

#include <string>

namespace winmm::mci {

// MCI_DEVTYPE_* for a standard device-type name ("waveaudio", "cdaudio", ...), case-insensitive; 0 for any other.
UINT device_type_from_name(const std::wstring& name);

// The device type whose "open" keywords apply to a device opened by `name`: the standard names, and the driver
// names whose type is known: "AVIVideo" (the open page: reserved for the digital-video device type) and
// "MPEGVideo"/"MPEGVideo2" (the DirectShow MCI driver, a digital-video device). 0 when unknown.
UINT open_type_from_name(const std::wstring& name);

// The resource name of our command table for a device type ("WAVEAUDIO"), or nullptr when we have none.
const wchar_t* table_resource_name(UINT device_type);

// The driver file the registry's MCI32 section (or system.ini's [mci]) lists for `name`; empty when none does.
std::wstring installed_driver(const std::wstring& name);

// The device name `MCI Extensions` lists for the extension of `file` ("wav" -> "waveaudio"); empty when none.
std::wstring device_for_extension(const std::wstring& file);

}  // namespace winmm::mci
