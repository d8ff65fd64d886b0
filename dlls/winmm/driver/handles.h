// The table of open installable-driver instances. An HDRVR is a slot number and a generation packed into a
// pointer-sized value, never an address: a stale, closed or random handle is found absent by a table lookup
// instead of being dereferenced.
#pragma once

#include <windows.h>

#include <cstdint>

namespace winmm::driver {

struct InstanceInfo {
    HMODULE module = nullptr;
    DRIVERPROC proc = nullptr;
    DWORD_PTR driver_id = 0;  // what DRV_OPEN returned; 0 while DRV_LOAD/DRV_ENABLE/DRV_OPEN run
};

namespace handles {

// Reserves a slot for a new instance and returns its handle (nullptr when the table is full).
HDRVR add(const InstanceInfo& info);
// Copies the instance's data; false for any handle that is not open.
bool find(HDRVR h, InstanceInfo* out);
bool set_driver_id(HDRVR h, DWORD_PTR id);
// Frees the slot; the handle is invalid from then on (its generation changes).
bool remove(HDRVR h);
// How many open instances use this module (to send DRV_LOAD/ENABLE on the first, DISABLE/FREE on the last).
unsigned count_module(HMODULE module);

}  // namespace handles
}  // namespace winmm::driver
