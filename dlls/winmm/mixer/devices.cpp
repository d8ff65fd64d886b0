// Mixer devices from the wave devices (see devices.h).
#include "devices.h"

#include <mmddk.h>

#include <vector>

namespace winmm::mixer {

namespace {

// DRV_QUERYFUNCTIONINSTANCEID gives the endpoint id string of a wave device (Windows' documented way from a wave
// id to its MMDevice).
template <typename Handle, typename Message>
std::wstring endpoint_of(UINT wave_id, Message message) {
    Handle h = reinterpret_cast<Handle>(static_cast<UINT_PTR>(wave_id));
    ULONG bytes = 0;
    if (message(h, DRV_QUERYFUNCTIONINSTANCEIDSIZE, reinterpret_cast<DWORD_PTR>(&bytes), 0) != MMSYSERR_NOERROR ||
        bytes < sizeof(WCHAR) || bytes > 64 * 1024)
        return {};
    std::vector<WCHAR> buf(bytes / sizeof(WCHAR) + 1, L'\0');
    if (message(h, DRV_QUERYFUNCTIONINSTANCEID, reinterpret_cast<DWORD_PTR>(buf.data()), bytes) != MMSYSERR_NOERROR)
        return {};
    return std::wstring(buf.data());
}

}  // namespace

UINT device_count() {
    // Counted on every call: endpoints come and go, and the wave subsystem's numbering follows them.
    return waveOutGetNumDevs() + waveInGetNumDevs();
}

bool device_at(UINT mixer_id, Device* out) {
    UINT outs = waveOutGetNumDevs();
    UINT ins = waveInGetNumDevs();
    Device d;
    d.mixer_id = mixer_id;
    if (mixer_id < outs) {
        d.flow = layout::Flow::render;
        d.wave_id = mixer_id;
        WAVEOUTCAPSW caps = {};
        if (waveOutGetDevCapsW(d.wave_id, &caps, sizeof(caps)) != MMSYSERR_NOERROR) return false;
        d.mid = caps.wMid;
        d.pid = caps.wPid;
        d.version = caps.vDriverVersion;
        lstrcpynW(d.name, caps.szPname, MAXPNAMELEN);
        d.channels = caps.wChannels ? caps.wChannels : 2;
        d.endpoint = endpoint_of<HWAVEOUT>(d.wave_id, waveOutMessage);
    } else if (mixer_id - outs < ins) {
        d.flow = layout::Flow::capture;
        d.wave_id = mixer_id - outs;
        WAVEINCAPSW caps = {};
        if (waveInGetDevCapsW(d.wave_id, &caps, sizeof(caps)) != MMSYSERR_NOERROR) return false;
        d.mid = caps.wMid;
        d.pid = caps.wPid;
        d.version = caps.vDriverVersion;
        lstrcpynW(d.name, caps.szPname, MAXPNAMELEN);
        d.channels = caps.wChannels ? caps.wChannels : 2;
        d.endpoint = endpoint_of<HWAVEIN>(d.wave_id, waveInMessage);
    } else {
        return false;
    }
    *out = d;
    return true;
}

bool mixer_of_waveout(UINT wave_id, UINT* mixer_id) {
    if (wave_id >= waveOutGetNumDevs()) return false;
    *mixer_id = wave_id;
    return true;
}

bool mixer_of_wavein(UINT wave_id, UINT* mixer_id) {
    if (wave_id >= waveInGetNumDevs()) return false;
    *mixer_id = waveOutGetNumDevs() + wave_id;
    return true;
}

}  // namespace winmm::mixer
