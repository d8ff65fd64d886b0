// The backend winmm: where exports this project does not own yet are passed on to, only when WINMM_BACKEND names
// one (an opt-in for comparison runs). By default there is none and those exports return their failure values.
#pragma once

#include <windows.h>

namespace winmm::backend {

// This DLL's own module handle (recorded by DllMain).
HMODULE self();
void set_self(HMODULE module);

// The backend module, loaded on first use (never from DllMain), or nullptr when there is none: WINMM_BACKEND is
// not set, empty or `none`, the library cannot be loaded, or it turns out to be this very module (WINMM_BACKEND
// naming the installed system winmm, or .local redirection), which would make every delegated call recurse.
HMODULE module();

}  // namespace winmm::backend

// Called by the generated thunks (see tools/winmm_spec.py) the first time a delegated export runs: returns the
// backend's function of that name, or the export's fallback, and stores it so later calls jump there directly.
extern "C" void* winmm_resolve_delegate(unsigned index);
