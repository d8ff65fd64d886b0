// This DLL's own module handle, for the subsystems that load resources of their own (MCI's command tables and
// return strings).
#pragma once

#include <windows.h>

namespace winmm::module {

HMODULE self();
void set_self(HMODULE module);  // DllMain, at process attach

}  // namespace winmm::module
