// Installable drivers (OpenDriver and friends) as the rest of the DLL calls them.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <mutex>

namespace winmm::driver {

// The registry key under HKEY_LOCAL_MACHINE whose subkeys are OpenDriver's sections (Drivers32 by default).
inline constexpr const wchar_t* kSectionsKey = L"Software\\Microsoft\\Windows NT\\CurrentVersion";

HDRVR open(LPCWSTR name, LPCWSTR section, LPARAM param2);
LRESULT close(HDRVR h, LPARAM param1, LPARAM param2);
LRESULT send(HDRVR h, UINT msg, LPARAM param1, LPARAM param2);
HMODULE module_of(HDRVR h);

// The lock that serialises open and close sequences. Whoever opens drivers under a lock of its own (the loader's
// first-use initialisation) takes this one instead, so no two locks are ever taken in opposite orders.
std::recursive_mutex& open_close_lock();

}  // namespace winmm::driver
