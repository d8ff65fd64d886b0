// Installable drivers (OpenDriver and friends) as the rest of the DLL calls them.
#pragma once

#include <windows.h>

#include <mmsystem.h>

namespace winmm::driver {

// The registry key under HKEY_LOCAL_MACHINE whose subkeys are OpenDriver's sections (Drivers32 by default).
inline constexpr const wchar_t* kSectionsKey = L"Software\\Microsoft\\Windows NT\\CurrentVersion";

HDRVR open(LPCWSTR name, LPCWSTR section, LPARAM param2);
LRESULT close(HDRVR h, LPARAM param1, LPARAM param2);
LRESULT send(HDRVR h, UINT msg, LPARAM param1, LPARAM param2);
HMODULE module_of(HDRVR h);

}  // namespace winmm::driver
