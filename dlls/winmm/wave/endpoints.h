// The MMDevAPI endpoints the wave API numbers as devices: render endpoints for waveOut, capture endpoints for
// waveIn. One list per flow, built from IMMDeviceEnumerator (DEVICE_STATE_ACTIVE only).
//
// Device order: the default endpoint of the flow (eConsole role) is device 0, the others follow in the
// enumerator's order. WAVE_MAPPER resolves to the current default at open time. See docs/wave.md.
#pragma once

#include <windows.h>

#include <mmdeviceapi.h>

#include <string>
#include <vector>

namespace winmm::wave {

enum class Flow { render, capture };

// WAVE_MAPPER as 16-bit code wrote it; waveOutOpen and waveInOpen take it for the mapper.
constexpr UINT kMapper16 = 0xFFFF;

struct Endpoint {
    std::wstring id;          // the MMDevice id string (IMMDevice::GetId)
    std::wstring name;        // PKEY_Device_FriendlyName (may be longer than a caps' szPname)
    unsigned channels = 2;    // of the shared-mode mix format
    unsigned rate = 48000;    // of the shared-mode mix format
};

// The current list of active endpoints of a flow, default first. Cached: the list is enumerated once and then
// again only after refresh(). Empty when MMDevAPI is unavailable (no sound system).
std::vector<Endpoint> endpoints(Flow flow);

// Number of devices (the cached list's size).
unsigned endpoint_count(Flow flow);

// The device at index `id` of the cached list; false when out of range.
bool endpoint_at(Flow flow, unsigned id, Endpoint& out);

// Index of the flow's current default endpoint in the cached list (0 when the list is empty or the default is
// not in it).
unsigned default_index(Flow flow);

// Drops the cached lists; the next call enumerates again.
void refresh();

// Opens an endpoint by id for activation (IMMDevice, AddRef'd; the caller releases). Requires COM on the calling
// thread. nullptr on failure.
IMMDevice* open_endpoint(const std::wstring& id);

// COM for the calling thread for the lifetime of the object: joins the MTA unless the thread already has an
// apartment (then uses that one). MMDevAPI objects are free-threaded, so either works.
class ComScope {
public:
    ComScope();
    ~ComScope();
    ComScope(const ComScope&) = delete;
    ComScope& operator=(const ComScope&) = delete;

private:
    bool uninit_ = false;
};

}  // namespace winmm::wave
