// The waveIn exports about devices rather than streams: how many there are, their capabilities, the driver-level
// queries of waveInMessage, and the error texts.
#include "wave_in_devices.h"

#include <mmddk.h>
#include <mmreg.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "driver/caps_narrow.h"
#include "error_text.h"
#include "log.h"
#include "wave_in_handles.h"

namespace winmm::wave::in_devices {

namespace {

UINT device_count() { return endpoint_count(Flow::capture); }

}  // namespace

unsigned communications_index() {
    std::wstring id;
    {
        ComScope com;
        IMMDeviceEnumerator* e = nullptr;
        if (SUCCEEDED(CoCreateInstance(__uuidof(MMDeviceEnumerator), nullptr, CLSCTX_INPROC_SERVER,
                                       __uuidof(IMMDeviceEnumerator), reinterpret_cast<void**>(&e)))) {
            IMMDevice* d = nullptr;
            if (SUCCEEDED(e->GetDefaultAudioEndpoint(eCapture, eCommunications, &d)) && d) {
                LPWSTR s = nullptr;
                if (SUCCEEDED(d->GetId(&s)) && s) {
                    id = s;
                    CoTaskMemFree(s);
                }
                d->Release();
            }
            e->Release();
        }
    }
    std::vector<Endpoint> list = endpoints(Flow::capture);
    for (size_t i = 0; i < list.size(); ++i)
        if (list[i].id == id) return static_cast<unsigned>(i);
    return default_index(Flow::capture);
}

MMRESULT resolve_open(UINT device, DWORD flags, Endpoint* ep, UINT* reported_id) {
    if (device == kMapper16) device = WAVE_MAPPER;  // as waveOutOpen: the 16-bit mapper id (docs/wave.md)
    UINT index = device;
    if (device == WAVE_MAPPER) {
        if (device_count() == 0) return MMSYSERR_BADDEVICEID;
        index = (flags & WAVE_MAPPED_DEFAULT_COMMUNICATION_DEVICE) ? communications_index()
                                                                   : default_index(Flow::capture);
    }
    if (!endpoint_at(Flow::capture, index, *ep)) return MMSYSERR_BADDEVICEID;
    *reported_id = device;
    return MMSYSERR_NOERROR;
}

}  // namespace winmm::wave::in_devices

namespace {

using winmm::wave::Endpoint;
using winmm::wave::Flow;

// Every standard format bit (11.025 to 96 kHz, mono and stereo, 8 and 16 bits): the engine converts any of them.
constexpr DWORD kAllStandardFormats = 0x000FFFFF;
const wchar_t kMapperName[] = L"Microsoft Sound Mapper";

// A device id or an open handle, as waveInGetDevCaps takes it: the device index, WAVE_MAPPER, or false.
bool device_of(UINT_PTR id_or_handle, UINT* device) {
    if (winmm::wave::in_handles::looks_like_handle(id_or_handle)) {
        auto s = winmm::wave::in_handles::find(reinterpret_cast<HWAVEIN>(id_or_handle));
        if (!s) return false;
        *device = s->device_id();
        return true;
    }
    if (static_cast<UINT>(id_or_handle) != id_or_handle && id_or_handle != static_cast<UINT_PTR>(-1)) return false;
    *device = static_cast<UINT>(id_or_handle);
    return true;
}

// Fills the W capabilities of a device or the mapper.
MMRESULT caps_w(UINT_PTR id_or_handle, WAVEINCAPSW* caps) {
    UINT device = 0;
    if (!device_of(id_or_handle, &device)) return MMSYSERR_BADDEVICEID;
    UINT n = winmm::wave::endpoint_count(Flow::capture);
    WAVEINCAPSW c = {};
    c.wMid = MM_MICROSOFT;
    c.vDriverVersion = 0x0001;  // as waveOut reports it
    c.dwFormats = kAllStandardFormats;
    if (device == WAVE_MAPPER) {
        if (n == 0) return MMSYSERR_BADDEVICEID;
        c.wPid = MM_WAVE_MAPPER;
        lstrcpynW(c.szPname, kMapperName, MAXPNAMELEN);
        c.wChannels = 2;
    } else {
        Endpoint ep;
        if (!winmm::wave::endpoint_at(Flow::capture, device, ep)) return MMSYSERR_BADDEVICEID;
        c.wPid = MM_MSFT_WDMAUDIO_WAVEIN;
        // The friendly name, cut to the 31 characters the structure holds.
        lstrcpynW(c.szPname, ep.name.empty() ? L"Capture device" : ep.name.c_str(), MAXPNAMELEN);
        c.wChannels = static_cast<WORD>(std::min(ep.channels ? ep.channels : 2u, 2u));
    }
    *caps = c;
    return MMSYSERR_NOERROR;
}

// DRV_QUERYFUNCTIONINSTANCEID[SIZE]: the endpoint's MMDevice id string; DRV_QUERYDEVICEINTERFACE[SIZE]: the
// endpoint's device interface path (software device, audio capture interface class). Both as waveOutMessage
// answers them, sizes in bytes with the NUL, MMSYSERR_MOREDATA for a short buffer.
MMRESULT endpoint_string(UINT device, UINT msg, DWORD_PTR p1, DWORD_PTR p2) {
    Endpoint ep;
    if (!winmm::wave::endpoint_at(Flow::capture, device, ep)) return MMSYSERR_BADDEVICEID;
    std::wstring s = ep.id;
    if (msg == DRV_QUERYDEVICEINTERFACESIZE || msg == DRV_QUERYDEVICEINTERFACE)
        s = L"\\\\?\\SWD#MMDEVAPI#" + ep.id + L"#{2eef81be-33fa-4800-9670-1cd474972c3f}";
    ULONG need = static_cast<ULONG>((s.size() + 1) * sizeof(WCHAR));
    if (!p1) return MMSYSERR_INVALPARAM;
    if (msg == DRV_QUERYFUNCTIONINSTANCEIDSIZE || msg == DRV_QUERYDEVICEINTERFACESIZE) {
        *reinterpret_cast<ULONG*>(p1) = need;
        return MMSYSERR_NOERROR;
    }
    if (p2 < need) return MMSYSERR_MOREDATA;
    std::memcpy(reinterpret_cast<void*>(p1), s.c_str(), need);
    return MMSYSERR_NOERROR;
}

}  // namespace

extern "C" UINT WINAPI waveInGetNumDevs(void) { return winmm::wave::endpoint_count(Flow::capture); }

extern "C" MMRESULT WINAPI waveInGetDevCapsW(UINT_PTR id, LPWAVEINCAPSW pwic, UINT cbwic) {
    if (!pwic) return MMSYSERR_INVALPARAM;
    WAVEINCAPSW c;
    MMRESULT rc = caps_w(id, &c);
    if (rc != MMSYSERR_NOERROR) return rc;
    std::memcpy(pwic, &c, std::min<size_t>(cbwic, sizeof c));  // only cbwic bytes, as documented
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveInGetDevCapsA(UINT_PTR id, LPWAVEINCAPSA pwic, UINT cbwic) {
    if (!pwic) return MMSYSERR_INVALPARAM;
    WAVEINCAPSW w;
    MMRESULT rc = caps_w(id, &w);
    if (rc != MMSYSERR_NOERROR) return rc;
    WAVEINCAPSA a = {};
    winmm::driver::narrow_caps_head(w, a);
    a.dwFormats = w.dwFormats;
    a.wChannels = w.wChannels;
    a.wReserved1 = 0;
    winmm::driver::copy_caps(pwic, a, cbwic);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveInGetErrorTextA(MMRESULT error, LPSTR text, UINT cch) {
    return winmm::wave::error_text_a(error, text, cch);
}

extern "C" MMRESULT WINAPI waveInGetErrorTextW(MMRESULT error, LPWSTR text, UINT cch) {
    return winmm::wave::error_text_w(error, text, cch);
}

// A value that is neither a device id nor the mapper is MMSYSERR_INVALHANDLE: the parameter is a handle by type
// (waveOutMessage and Wine's builtin answer the same).
extern "C" MMRESULT WINAPI waveInMessage(HWAVEIN hwi, UINT msg, DWORD_PTR p1, DWORD_PTR p2) {
    UINT_PTR value = reinterpret_cast<UINT_PTR>(hwi);
    // The documentation: a handle in place of a device id fails with MMSYSERR_NOTSUPPORTED.
    if (winmm::wave::in_handles::looks_like_handle(value)) return MMSYSERR_NOTSUPPORTED;
    UINT n = winmm::wave::endpoint_count(Flow::capture);
    bool mapper = value == static_cast<UINT_PTR>(WAVE_MAPPER) || static_cast<UINT>(value) == WAVE_MAPPER;
    UINT device = static_cast<UINT>(value);
    switch (msg) {
    case DRVM_MAPPER_PREFERRED_GET:
    case DRVM_MAPPER_CONSOLEVOICECOM_GET:
        if (!mapper) return MMSYSERR_NOTSUPPORTED;
        if (!p1 || !p2) return MMSYSERR_INVALPARAM;
        if (n == 0) {
            *reinterpret_cast<DWORD*>(p1) = static_cast<DWORD>(-1);
            *reinterpret_cast<DWORD*>(p2) = 0;
            return MMSYSERR_NODRIVER;
        }
        *reinterpret_cast<DWORD*>(p1) = msg == DRVM_MAPPER_PREFERRED_GET
                                            ? winmm::wave::default_index(Flow::capture)
                                            : winmm::wave::in_devices::communications_index();
        *reinterpret_cast<DWORD*>(p2) = 0;
        return MMSYSERR_NOERROR;
    case DRV_QUERYFUNCTIONINSTANCEIDSIZE:
    case DRV_QUERYFUNCTIONINSTANCEID:
    case DRV_QUERYDEVICEINTERFACESIZE:
    case DRV_QUERYDEVICEINTERFACE:
        if (mapper) return MMSYSERR_NOTSUPPORTED;  // the mapper is no endpoint
        if (device >= n) return MMSYSERR_INVALHANDLE;
        return endpoint_string(device, msg, p1, p2);
    case DRV_QUERYMAPPABLE:
        if (mapper) return MMSYSERR_NOTSUPPORTED;
        return device < n ? MMSYSERR_NOERROR : MMSYSERR_INVALHANDLE;
    case DRV_QUERYDEVNODE:
        return MMSYSERR_NOTSUPPORTED;  // documented for Windows 2000 and later
    default:
        if (!mapper && device >= n) return MMSYSERR_INVALHANDLE;
        WINMM_DEBUG("waveInMessage: message 0x%x not supported", msg);
        return MMSYSERR_NOTSUPPORTED;
    }
}
