// The backend winmm: where exports this project does not own yet are passed on to.
#pragma once

#include <windows.h>

namespace winmm::backend {

// This DLL's own module handle (recorded by DllMain).
HMODULE self();
void set_self(HMODULE module);

// The backend module, loaded on first use (never from DllMain), or nullptr when there is none: WINMM_BACKEND is
// `none`, the library cannot be loaded, or it turns out to be this very module (installed as the system winmm, or
// reached through .local redirection), which would make every delegated call recurse into itself.
HMODULE module();

}  // namespace winmm::backend

// Called by the generated thunks (see tools/winmm_spec.py) the first time a delegated export runs: returns the
// backend's function of that name, or the export's fallback, and stores it so later calls jump there directly.
extern "C" void* winmm_resolve_delegate(unsigned index);
