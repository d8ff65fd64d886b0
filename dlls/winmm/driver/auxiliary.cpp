// The aux* API: pure dispatch to the aux drivers through the loader's numbering.
#include <windows.h>

#include <mmddk.h>
#include <mmsystem.h>

#include <algorithm>
#include <cstring>

#include "loader.h"
#include "caps_narrow.h"

namespace {

using winmm::driver::lowlevel::devices;
using winmm::driver::lowlevel::Kind;

// AUX_MAPPER and every other id beyond the count are bad ids: Windows has no aux mapper either. The caps
// functions take a UINT_PTR id; on x64 its high half must be zero too.
bool exists(UINT_PTR device) {
    return (static_cast<unsigned long long>(device) >> 32) == 0 && devices().route(Kind::aux, static_cast<UINT>(device), nullptr);
}

DWORD aux_send(UINT_PTR device, UINT msg, DWORD_PTR param1, DWORD_PTR param2) {
    if (!exists(device)) return MMSYSERR_BADDEVICEID;
    return devices().send(Kind::aux, static_cast<UINT>(device), msg, 0, param1, param2);
}

}  // namespace

extern "C" UINT WINAPI auxGetNumDevs(void) {
    return devices().count(Kind::aux);
}

extern "C" MMRESULT WINAPI auxGetDevCapsW(UINT_PTR device, LPAUXCAPSW caps, UINT size) {
    if (!exists(device)) return MMSYSERR_BADDEVICEID;
    if (!caps) return MMSYSERR_INVALPARAM;
    return aux_send(device, AUXDM_GETDEVCAPS, reinterpret_cast<DWORD_PTR>(caps), size);
}

extern "C" MMRESULT WINAPI auxGetDevCapsA(UINT_PTR device, LPAUXCAPSA caps, UINT size) {
    if (!exists(device)) return MMSYSERR_BADDEVICEID;
    if (!caps) return MMSYSERR_INVALPARAM;
    AUXCAPSW wide = {};
    MMRESULT r = aux_send(device, AUXDM_GETDEVCAPS, reinterpret_cast<DWORD_PTR>(&wide), sizeof(wide));
    if (r != MMSYSERR_NOERROR) return r;
    AUXCAPSA narrow = {};
    winmm::driver::narrow_caps_head(wide, narrow);
    narrow.wTechnology = wide.wTechnology;
    narrow.wReserved1 = wide.wReserved1;
    narrow.dwSupport = wide.dwSupport;
    // Like the drivers themselves, fill no more than the caller's size.
    winmm::driver::copy_caps(caps, narrow, size);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI auxGetVolume(UINT device, LPDWORD volume) {
    if (!exists(device)) return MMSYSERR_BADDEVICEID;
    if (!volume) return MMSYSERR_INVALPARAM;
    return aux_send(device, AUXDM_GETVOLUME, reinterpret_cast<DWORD_PTR>(volume), 0);
}

extern "C" MMRESULT WINAPI auxSetVolume(UINT device, DWORD volume) {
    return aux_send(device, AUXDM_SETVOLUME, volume, 0);
}

extern "C" MMRESULT WINAPI auxOutMessage(UINT device, UINT msg, DWORD_PTR param1, DWORD_PTR param2) {
    return aux_send(device, msg, param1, param2);
}
