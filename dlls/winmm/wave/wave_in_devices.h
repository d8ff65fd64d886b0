// The waveIn device numbering on top of the capture endpoint list (endpoints.h): which endpoint an open call
// means, and the communications default that WAVE_MAPPED_DEFAULT_COMMUNICATION_DEVICE asks for.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include "endpoints.h"

namespace winmm::wave::in_devices {

// The endpoint waveInOpen(device, flags) records from, and the id waveInGetID reports for the handle: the device
// id itself, or WAVE_MAPPER for the mapper. MMSYSERR_BADDEVICEID when there is no such device.
MMRESULT resolve_open(UINT device, DWORD flags, Endpoint* ep, UINT* reported_id);

// Index of the default capture endpoint for communications (eCommunications), or of the console default when
// there is none or it is not in the list.
unsigned communications_index();

}  // namespace winmm::wave::in_devices
