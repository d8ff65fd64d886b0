// The table of open waveIn devices. An HWAVEIN is a tag, a slot number, a generation and 2 in the low bits packed
// into a 32-bit value, never an address: a stale, closed, foreign (waveOut) or random handle is found absent by a lookup instead of
// being dereferenced, and a handle never equals a device id (waveInGetDevCaps takes either).
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <memory>

#include "in_stream.h"

namespace winmm::wave::in_handles {

// A new handle for `s` (nullptr when the table is full).
HWAVEIN add(std::shared_ptr<InStream> s);
// The stream behind an open handle, or nullptr. The reference keeps it alive while the caller uses it, even if
// another thread closes the handle meanwhile.
std::shared_ptr<InStream> find(HWAVEIN h);
// True when `value` has the shape of a waveIn handle (whether or not it is open).
bool looks_like_handle(UINT_PTR value);
// Frees the slot: the handle is invalid from then on.
void remove(HWAVEIN h);

}  // namespace winmm::wave::in_handles
