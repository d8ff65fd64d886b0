// mixerGetNumDevs, mixerGetDevCapsA/W, mixerOpen, mixerClose, mixerGetID, mixerMessage.
#include <windows.h>

#include <mmddk.h>
#include <mmsystem.h>

#include <algorithm>
#include <cstring>

#include "../driver/caps_narrow.h"
#include "devices.h"
#include "handles.h"
#include "object.h"

using namespace winmm::mixer;

namespace {

MMRESULT caps_of(UINT_PTR id_or_handle, MIXERCAPSW* caps) {
    Device d;
    MMRESULT r = resolve(reinterpret_cast<HMIXEROBJ>(id_or_handle), MIXER_OBJECTF_MIXER, &d);
    if (r != MMSYSERR_NOERROR) return r;
    *caps = {};
    caps->wMid = d.mid;
    caps->wPid = d.pid;
    caps->vDriverVersion = d.version;
    lstrcpynW(caps->szPname, d.name, MAXPNAMELEN);
    caps->fdwSupport = 0;
    caps->cDestinations = winmm::mixer::layout::kDestinations;
    return MMSYSERR_NOERROR;
}

// The messages the system answers for every device type; a mixer answers them as its wave device does.
bool system_message(UINT msg) {
    switch (msg) {
    case DRV_QUERYDEVICEINTERFACE:
    case DRV_QUERYDEVICEINTERFACESIZE:
    case DRV_QUERYDEVNODE:
    case DRV_QUERYMAPPABLE:
    case DRV_QUERYFUNCTIONINSTANCEID:
    case DRV_QUERYFUNCTIONINSTANCEIDSIZE:
        return true;
    default:
        return false;
    }
}

}  // namespace

extern "C" UINT WINAPI mixerGetNumDevs(void) {
    return device_count();
}

extern "C" MMRESULT WINAPI mixerGetDevCapsW(UINT_PTR uMxId, LPMIXERCAPSW pmxcaps, UINT cbmxcaps) {
    if (!pmxcaps) return MMSYSERR_INVALPARAM;
    MIXERCAPSW caps;
    MMRESULT r = caps_of(uMxId, &caps);
    if (r != MMSYSERR_NOERROR) return r;
    // Only the caller's size is written ("If cbmxcaps is zero, nothing is copied").
    std::memcpy(pmxcaps, &caps, std::min<size_t>(cbmxcaps, sizeof(caps)));
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI mixerGetDevCapsA(UINT_PTR uMxId, LPMIXERCAPSA pmxcaps, UINT cbmxcaps) {
    if (!pmxcaps) return MMSYSERR_INVALPARAM;
    MIXERCAPSW wide;
    MMRESULT r = caps_of(uMxId, &wide);
    if (r != MMSYSERR_NOERROR) return r;
    MIXERCAPSA narrow = {};
    winmm::driver::narrow_caps_head(wide, narrow);
    narrow.fdwSupport = wide.fdwSupport;
    narrow.cDestinations = wide.cDestinations;
    winmm::driver::copy_caps(pmxcaps, narrow, cbmxcaps);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI mixerOpen(LPHMIXER phmx, UINT uMxId, DWORD_PTR dwCallback, DWORD_PTR dwInstance,
                                     DWORD fdwOpen) {
    (void)dwInstance;  // "Reserved. Must be zero." Windows lists no error for it; it is ignored.
    if (!phmx) return MMSYSERR_INVALPARAM;
    if ((fdwOpen & ~(kObjectMask | CALLBACK_TYPEMASK)) != 0 || !object_flags_valid(fdwOpen))
        return MMSYSERR_INVALFLAG;
    // Windows (since Windows 2000) takes window, thread and event callbacks and refuses CALLBACK_FUNCTION with
    // MMSYSERR_INVALFLAG (Wine's dlls/winmm/tests/mixer.c, test_mixerOpen).
    DWORD callback = fdwOpen & CALLBACK_TYPEMASK;
    DWORD kind = DCB_NULL;
    switch (callback) {
    case CALLBACK_NULL: break;
    case CALLBACK_WINDOW: kind = DCB_WINDOW; break;
    case CALLBACK_THREAD: kind = DCB_TASK; break;
    case CALLBACK_EVENT: kind = DCB_EVENT; break;
    default: return MMSYSERR_INVALFLAG;
    }
    Device d;
    MMRESULT r = resolve(reinterpret_cast<HMIXEROBJ>(static_cast<UINT_PTR>(uMxId)), fdwOpen & kObjectMask, &d);
    if (r != MMSYSERR_NOERROR) return r;
    // A window must be one (mixer.c: 0xdeadbeef is MMSYSERR_INVALPARAM); a null one means no notifications.
    if (callback == CALLBACK_WINDOW && dwCallback && !IsWindow(reinterpret_cast<HWND>(dwCallback)))
        return MMSYSERR_INVALPARAM;
    handles::Open o;
    o.mixer_id = d.mixer_id;
    o.flow = d.flow;
    o.endpoint = d.endpoint;
    // [decision] thread and event targets get MM_MIXM_CONTROL_CHANGE the DriverCallback way (a thread message;
    // the event set), as every other winmm callback of those kinds (docs/mixer.md).
    o.target = kind == DCB_NULL ? 0 : dwCallback;
    o.kind = kind;
    HMIXER h = handles::open(o);
    if (!h) return MMSYSERR_NOMEM;
    *phmx = h;
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI mixerClose(HMIXER hmx) {
    return handles::close(hmx) ? MMSYSERR_NOERROR : MMSYSERR_INVALHANDLE;
}

extern "C" MMRESULT WINAPI mixerGetID(HMIXEROBJ hmxobj, UINT* puMxId, DWORD fdwId) {
    if (!puMxId) return MMSYSERR_INVALPARAM;
    if ((fdwId & ~kObjectMask) != 0 || !object_flags_valid(fdwId)) return MMSYSERR_INVALFLAG;
    Device d;
    MMRESULT r = resolve(hmxobj, fdwId, &d);
    if (r == MMSYSERR_NODRIVER) *puMxId = static_cast<UINT>(-1);  // as documented
    if (r != MMSYSERR_NOERROR) return r;
    *puMxId = d.mixer_id;
    return MMSYSERR_NOERROR;
}

extern "C" DWORD WINAPI mixerMessage(HMIXER hmx, UINT uMsg, DWORD_PTR dwParam1, DWORD_PTR dwParam2) {
    // Only device ids are accepted: "If you supply a handle instead of a device ID, the function fails and returns
    // the MMSYSERR_NOSUPPORT error code."
    handles::Open o;
    if (handles::lookup(reinterpret_cast<UINT_PTR>(hmx), &o)) return MMSYSERR_NOTSUPPORTED;
    Device d;
    MMRESULT r = resolve(reinterpret_cast<HMIXEROBJ>(hmx), MIXER_OBJECTF_MIXER, &d);
    if (r != MMSYSERR_NOERROR) return r;
    if (system_message(uMsg)) {
        if (d.flow == layout::Flow::render)
            return waveOutMessage(reinterpret_cast<HWAVEOUT>(static_cast<UINT_PTR>(d.wave_id)), uMsg, dwParam1, dwParam2);
        return waveInMessage(reinterpret_cast<HWAVEIN>(static_cast<UINT_PTR>(d.wave_id)), uMsg, dwParam1, dwParam2);
    }
    // The mixers are software layouts over Core Audio: there is no driver to take custom messages.
    return MMSYSERR_NOTSUPPORTED;
}
