// Where MCI finds its drivers: the registry's MCI32 section (device name -> driver file, e.g. waveaudio=mciwave.dll),
// the MCI Extensions section (file extension -> device name, e.g. wav=waveaudio), and the standard device-type
// names that stand for the MCI_DEVTYPE_* constants.
#pragma once

#include <windows.h>

#include <string>
#include <vector>

namespace winmm::mci::registry {

// The MCI32 entry of a device name (case-insensitive): the driver file and whatever text follows it (the driver's
// parameters, MCI_OPEN_DRIVER_PARMS.lpstrParams). False when the name is not installed.
bool driver_entry(const std::wstring& name, std::wstring* file, std::wstring* params);

// Every device name installed in the MCI32 section, in the registry's order.
std::vector<std::wstring> installed_names();

// The device name registered for the extension of `element` (the text after its last dot, if that dot is in the
// file name part). False when it has no extension or the extension is not registered.
bool device_for_element(const std::wstring& element, std::wstring* name);

// The standard name of an MCI_DEVTYPE_* constant ("waveaudio" for MCI_DEVTYPE_WAVEFORM_AUDIO), or nullptr.
const wchar_t* standard_type_name(UINT type);

// The MCI_DEVTYPE_* constant whose standard name is `name` (case-insensitive), or 0.
UINT standard_type_of(const std::wstring& name);

// True when `name` is the standard name of `type`, or that name followed by digits (waveaudio2): how the MCI32
// section lists a second device of a type.
bool name_has_type(const std::wstring& name, UINT type);

}  // namespace winmm::mci::registry
