// The table of open waveOut handles. An HWAVEOUT is a number from this table, never an address: a closed or
// random handle is found absent. waveOut numbers are 0x10000 + 4n + 1 (waveIn may use + 2), so they never equal
// a device id and the two kinds never collide.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <memory>

#include "out_stream.h"

namespace winmm::wave::out_handles {

struct Entry {
    std::shared_ptr<OutStream> stream;
    UINT opened_id = 0;  // the id given to waveOutOpen (WAVE_MAPPER for the mapper)
};

HWAVEOUT add(const Entry& e);
// The open handle's entry; false for any value that is not an open handle.
bool find(HWAVEOUT h, Entry* out);
void remove(HWAVEOUT h);

// The per-device volume set through waveOutSetVolume with a device id (not a handle): it scales every stream of
// the process on that device. 0xFFFFFFFF (full, both channels) until set.
DWORD device_volume(unsigned device);
void set_device_volume(unsigned device, DWORD v);

}  // namespace winmm::wave::out_handles
