// What midiOut* and midiStream* share: opening and closing a port on an output driver, and the header calls that
// accept both kinds of handle.
#pragma once

#include <memory>

#include "ports.h"

namespace winmm::midi {

// Opens `port` (kind and application callback already set) on output device `id` with MODM_OPEN. `driver_flags`
// is what the driver gets as dwParam2; `callback`/`instance` go into its MIDIOPENDESC. Returns the handle (0 on
// failure, with the error in *result).
UINT_PTR open_output(const std::shared_ptr<Port>& port, UINT id, DWORD_PTR callback, DWORD_PTR instance,
                     DWORD driver_flags, MMRESULT* result);

}  // namespace winmm::midi
