// The waveOut exports: argument checks in Windows' order and with its error codes, then the handle's engine
// (out_stream.cpp). Devices are the MMDevAPI render endpoints (endpoints.h); WAVE_MAPPER is the default one.
#include <windows.h>

#include <mmddk.h>
#include <mmreg.h>
#include <mmsystem.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "acm_mapper.h"
#include "driver/caps_narrow.h"
#include "endpoints.h"
#include "error_text.h"
#include "format.h"
#include "log.h"
#include "out_handles.h"
#include "out_stream.h"

using namespace winmm::wave;

namespace {

// WAVE_MAPPER arrives as a UINT; where a UINT_PTR carries it on x64 it may come zero- or sign-extended.
bool is_mapper(UINT_PTR id) { return id == static_cast<UINT_PTR>(-1) || id == 0xFFFFFFFFu; }

bool lookup(HWAVEOUT h, out_handles::Entry& e) { return out_handles::find(h, &e) && e.stream; }

// A device id or an open handle (the caps, volume and message functions take either) to an endpoint index.
// MMSYSERR_NOERROR with `device` set, or MMSYSERR_BADDEVICEID / MMSYSERR_NODRIVER.
MMRESULT resolve_device(UINT_PTR id, unsigned& device, bool& mapper) {
    out_handles::Entry e;
    mapper = false;
    if (lookup(reinterpret_cast<HWAVEOUT>(id), e)) {
        device = e.stream->device();
        return MMSYSERR_NOERROR;
    }
    unsigned count = endpoint_count(Flow::render);
    if (is_mapper(id)) {
        if (count == 0) return MMSYSERR_NODRIVER;
        mapper = true;
        device = default_index(Flow::render);
        return MMSYSERR_NOERROR;
    }
    if (id >= count) return MMSYSERR_BADDEVICEID;
    device = static_cast<unsigned>(id);
    return MMSYSERR_NOERROR;
}

// Every standard WAVE_FORMAT_* capability bit: the audio engine converts any PCM rate, size and channel count.
constexpr DWORD kAllFormats = WAVE_FORMAT_1M08 | WAVE_FORMAT_1S08 | WAVE_FORMAT_1M16 | WAVE_FORMAT_1S16 |
                              WAVE_FORMAT_2M08 | WAVE_FORMAT_2S08 | WAVE_FORMAT_2M16 | WAVE_FORMAT_2S16 |
                              WAVE_FORMAT_4M08 | WAVE_FORMAT_4S08 | WAVE_FORMAT_4M16 | WAVE_FORMAT_4S16 |
                              WAVE_FORMAT_48M08 | WAVE_FORMAT_48S08 | WAVE_FORMAT_48M16 | WAVE_FORMAT_48S16 |
                              WAVE_FORMAT_96M08 | WAVE_FORMAT_96S08 | WAVE_FORMAT_96M16 | WAVE_FORMAT_96S16;

MMRESULT fill_caps(UINT_PTR id, WAVEOUTCAPSW& caps) {
    unsigned device;
    bool mapper;
    MMRESULT r = resolve_device(id, device, mapper);
    if (r != MMSYSERR_NOERROR) return r;
    Endpoint ep;
    if (!endpoint_at(Flow::render, device, ep)) return MMSYSERR_NODRIVER;
    caps = {};
    caps.wMid = MM_MICROSOFT;
    caps.wPid = mapper ? MM_WAVE_MAPPER : MM_MSFT_WDMAUDIO_WAVEOUT;
    caps.vDriverVersion = 0x0001;
    std::wstring name = mapper ? std::wstring(L"Microsoft Sound Mapper") : ep.name;
    // szPname holds 31 characters and the NUL: longer endpoint names are cut, as on Windows.
    lstrcpynW(caps.szPname, name.c_str(), MAXPNAMELEN);
    caps.dwFormats = kAllFormats;
    caps.wChannels = static_cast<WORD>(std::min(ep.channels, 0xFFFFu));
    caps.dwSupport = WAVECAPS_LRVOLUME | WAVECAPS_VOLUME | WAVECAPS_SAMPLEACCURATE;
    return MMSYSERR_NOERROR;
}

MMRESULT check_header(LPWAVEHDR h, UINT size) {
    if (!h || size < sizeof(WAVEHDR)) return MMSYSERR_INVALPARAM;
    return MMSYSERR_NOERROR;
}

// The MMDevice id as DRV_QUERYFUNCTIONINSTANCEID returns it, or the device interface path for
// DRV_QUERYDEVICEINTERFACE (the endpoint's SWD path with the audio render interface class).
MMRESULT copy_string(const std::wstring& s, DWORD_PTR buffer, DWORD_PTR bytes) {
    size_t need = (s.size() + 1) * sizeof(WCHAR);
    if (!buffer) return MMSYSERR_INVALPARAM;
    if (bytes < need) return MMSYSERR_MOREDATA;
    std::memcpy(reinterpret_cast<void*>(buffer), s.c_str(), need);
    return MMSYSERR_NOERROR;
}

MMRESULT copy_size(const std::wstring& s, DWORD_PTR out) {
    if (!out) return MMSYSERR_INVALPARAM;
    *reinterpret_cast<ULONG*>(out) = static_cast<ULONG>((s.size() + 1) * sizeof(WCHAR));
    return MMSYSERR_NOERROR;
}

std::wstring interface_path(const Endpoint& ep) {
    return L"\\\\?\\SWD#MMDEVAPI#" + ep.id + L"#{e6327cad-dcec-4949-ae8a-991e976a79d2}";
}

void bytes_to_time(uint64_t bytes, const PcmFormat& f, MMTIME& t) {
    uint64_t frames = bytes / f.block_align;
    switch (t.wType) {
    case TIME_SAMPLES: t.u.sample = static_cast<DWORD>(frames); break;
    case TIME_MS: t.u.ms = static_cast<DWORD>(frames * 1000 / f.rate); break;
    case TIME_SMPTE: {
        // 30 frames per second, no drop frames; the frame field rounds down.
        uint64_t secs = frames / f.rate;
        t.u.smpte.hour = static_cast<BYTE>(secs / 3600);
        t.u.smpte.min = static_cast<BYTE>(secs / 60 % 60);
        t.u.smpte.sec = static_cast<BYTE>(secs % 60);
        t.u.smpte.frame = static_cast<BYTE>(frames % f.rate * 30 / f.rate);
        t.u.smpte.fps = 30;
        t.u.smpte.dummy = 0;
        t.u.smpte.pad[0] = t.u.smpte.pad[1] = 0;
        break;
    }
    default:
        // TIME_BYTES, and the formats a wave device has no meaning for (TIME_MIDI, TIME_TICKS, unknown
        // values) fall back to bytes; wType tells the caller.
        t.wType = TIME_BYTES;
        t.u.cb = static_cast<DWORD>(bytes);
        break;
    }
}

}  // namespace

extern "C" UINT WINAPI waveOutGetNumDevs(void) { return endpoint_count(Flow::render); }

extern "C" MMRESULT WINAPI waveOutGetDevCapsW(UINT_PTR id, LPWAVEOUTCAPSW caps, UINT size) {
    if (!caps) return MMSYSERR_INVALPARAM;
    WAVEOUTCAPSW w;
    MMRESULT r = fill_caps(id, w);
    if (r != MMSYSERR_NOERROR) return r;
    std::memcpy(caps, &w, std::min<size_t>(size, sizeof(w)));
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveOutGetDevCapsA(UINT_PTR id, LPWAVEOUTCAPSA caps, UINT size) {
    if (!caps) return MMSYSERR_INVALPARAM;
    WAVEOUTCAPSW w;
    MMRESULT r = fill_caps(id, w);
    if (r != MMSYSERR_NOERROR) return r;
    WAVEOUTCAPSA a = {};
    winmm::driver::narrow_caps_head(w, a);
    a.dwFormats = w.dwFormats;
    a.wChannels = w.wChannels;
    a.dwSupport = w.dwSupport;
    winmm::driver::copy_caps(caps, a, size);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveOutGetErrorTextW(MMRESULT error, LPWSTR text, UINT cch) {
    return error_text_w(error, text, cch);
}

extern "C" MMRESULT WINAPI waveOutGetErrorTextA(MMRESULT error, LPSTR text, UINT cch) {
    return error_text_a(error, text, cch);
}

extern "C" MMRESULT WINAPI waveOutOpen(LPHWAVEOUT out, UINT id, LPCWAVEFORMATEX wfx, DWORD_PTR callback,
                                       DWORD_PTR instance, DWORD flags) {
    if (!wfx) return MMSYSERR_INVALPARAM;
    winmm::wave::CallbackTarget cb;
    switch (flags & CALLBACK_TYPEMASK) {
    case CALLBACK_NULL: cb.dcb = DCB_NULL; break;
    case CALLBACK_WINDOW:
        if (callback && !IsWindow(reinterpret_cast<HWND>(callback))) return MMSYSERR_INVALPARAM;
        cb.dcb = DCB_WINDOW;
        break;
    case CALLBACK_THREAD: cb.dcb = DCB_TASK; break;
    case CALLBACK_FUNCTION: cb.dcb = DCB_FUNCTION; break;
    case CALLBACK_EVENT: cb.dcb = DCB_EVENT; break;
    default: return MMSYSERR_INVALFLAG;
    }
    cb.target = callback;
    cb.user = instance;

    // The 16-bit mapper id, 0xFFFF, still arrives from drivers written for both ABIs (Wine's mciwave stores its
    // output device in a WORD), and no system has 65535 wave devices: it opens the mapper (docs/wave.md).
    if (id == kMapper16) id = WAVE_MAPPER;
    unsigned count = endpoint_count(Flow::render);
    unsigned device;
    if (id == WAVE_MAPPER) {
        if (count == 0) return MMSYSERR_NODRIVER;
        device = default_index(Flow::render);
    } else if (id >= count) {
        return MMSYSERR_BADDEVICEID;
    } else {
        device = id;
    }

    PcmFormat fmt;
    MMRESULT r = parse_linear(wfx, fmt);
    std::unique_ptr<AcmMapper> mapper;
    // A device plays linear PCM and float only; the mapper (WAVE_MAPPER, or WAVE_MAPPED on a device) decodes
    // other formats through the ACM unless WAVE_FORMAT_DIRECT forbids conversion.
    if (r == WAVERR_BADFORMAT && !is_linear_tag(wfx) && (id == WAVE_MAPPER || (flags & WAVE_MAPPED)) &&
        !(flags & WAVE_FORMAT_DIRECT))
        r = AcmMapper::open(wfx, (flags & WAVE_FORMAT_QUERY) != 0, mapper, fmt);
    if (r != MMSYSERR_NOERROR) return r;
    if (flags & WAVE_FORMAT_QUERY) return MMSYSERR_NOERROR;
    if (!out) return MMSYSERR_INVALPARAM;

    Endpoint ep;
    if (!endpoint_at(Flow::render, device, ep)) return MMSYSERR_NODRIVER;
    std::shared_ptr<OutStream> stream;
    r = OutStream::create(ep.id, device, fmt, stream);
    if (r != MMSYSERR_NOERROR) return r;
    if (mapper) stream->set_mapper(std::move(mapper));
    out_handles::Entry e;
    e.stream = stream;
    e.opened_id = id;
    HWAVEOUT h = out_handles::add(e);
    *out = h;
    stream->announce(h, cb);
    WINMM_INFO("wave: opened %p on device %u (%u Hz, %u ch, %u bit)\n", static_cast<void*>(h), device, fmt.rate,
               fmt.channels, fmt.bits);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveOutClose(HWAVEOUT hwo) {
    out_handles::Entry e;
    if (!lookup(hwo, e)) return MMSYSERR_INVALHANDLE;
    MMRESULT r = e.stream->close();
    if (r == MMSYSERR_NOERROR) out_handles::remove(hwo);
    return r;
}

extern "C" MMRESULT WINAPI waveOutPrepareHeader(HWAVEOUT hwo, LPWAVEHDR h, UINT size) {
    out_handles::Entry e;
    if (!lookup(hwo, e)) return MMSYSERR_INVALHANDLE;
    if (MMRESULT r = check_header(h, size)) return r;
    if (h->dwFlags & WHDR_PREPARED) return MMSYSERR_NOERROR;
    h->dwFlags = (h->dwFlags & ~(WHDR_INQUEUE | WHDR_DONE)) | WHDR_PREPARED;
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveOutUnprepareHeader(HWAVEOUT hwo, LPWAVEHDR h, UINT size) {
    out_handles::Entry e;
    if (!lookup(hwo, e)) return MMSYSERR_INVALHANDLE;
    if (MMRESULT r = check_header(h, size)) return r;
    if (h->dwFlags & WHDR_INQUEUE) return WAVERR_STILLPLAYING;
    h->dwFlags &= ~WHDR_PREPARED;
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveOutWrite(HWAVEOUT hwo, LPWAVEHDR h, UINT size) {
    out_handles::Entry e;
    if (!lookup(hwo, e)) return MMSYSERR_INVALHANDLE;
    if (MMRESULT r = check_header(h, size)) return r;
    if (!(h->dwFlags & WHDR_PREPARED)) return WAVERR_UNPREPARED;
    if (h->dwFlags & WHDR_INQUEUE) return WAVERR_STILLPLAYING;
    if (!h->lpData && h->dwBufferLength) return MMSYSERR_INVALPARAM;
    return e.stream->write(h);
}

extern "C" MMRESULT WINAPI waveOutPause(HWAVEOUT hwo) {
    out_handles::Entry e;
    if (!lookup(hwo, e)) return MMSYSERR_INVALHANDLE;
    return e.stream->pause();
}

extern "C" MMRESULT WINAPI waveOutRestart(HWAVEOUT hwo) {
    out_handles::Entry e;
    if (!lookup(hwo, e)) return MMSYSERR_INVALHANDLE;
    return e.stream->restart();
}

extern "C" MMRESULT WINAPI waveOutReset(HWAVEOUT hwo) {
    out_handles::Entry e;
    if (!lookup(hwo, e)) return MMSYSERR_INVALHANDLE;
    return e.stream->reset();
}

extern "C" MMRESULT WINAPI waveOutBreakLoop(HWAVEOUT hwo) {
    out_handles::Entry e;
    if (!lookup(hwo, e)) return MMSYSERR_INVALHANDLE;
    return e.stream->break_loop();
}

extern "C" MMRESULT WINAPI waveOutGetPosition(HWAVEOUT hwo, LPMMTIME t, UINT size) {
    out_handles::Entry e;
    if (!lookup(hwo, e)) return MMSYSERR_INVALHANDLE;
    if (!t) return MMSYSERR_INVALPARAM;
    if (size < sizeof(MMTIME)) return MMSYSERR_ERROR;  // what Windows returns for a short MMTIME (winmm tests)
    uint64_t played = e.stream->played_bytes();
    bytes_to_time(played, e.stream->format(), *t);
    // A mapped stream counts bytes in the application's (compressed) format.
    if (t->wType == TIME_BYTES) t->u.cb = static_cast<DWORD>(e.stream->app_bytes(played));
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveOutGetID(HWAVEOUT hwo, LPUINT id) {
    out_handles::Entry e;
    if (!lookup(hwo, e)) return MMSYSERR_INVALHANDLE;
    if (!id) return MMSYSERR_INVALPARAM;
    *id = e.opened_id;
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveOutGetVolume(HWAVEOUT hwo, LPDWORD volume) {
    if (!volume) return MMSYSERR_INVALPARAM;
    out_handles::Entry e;
    if (lookup(hwo, e)) {
        *volume = e.stream->volume();
        return MMSYSERR_NOERROR;
    }
    unsigned device;
    bool mapper;
    MMRESULT r = resolve_device(reinterpret_cast<UINT_PTR>(hwo), device, mapper);
    if (r != MMSYSERR_NOERROR) return r;
    *volume = out_handles::device_volume(device);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveOutSetVolume(HWAVEOUT hwo, DWORD volume) {
    out_handles::Entry e;
    if (lookup(hwo, e)) {
        e.stream->set_volume(volume);
        return MMSYSERR_NOERROR;
    }
    unsigned device;
    bool mapper;
    MMRESULT r = resolve_device(reinterpret_cast<UINT_PTR>(hwo), device, mapper);
    if (r != MMSYSERR_NOERROR) return r;
    out_handles::set_device_volume(device, volume);
    return MMSYSERR_NOERROR;
}

// Pitch and playback rate: the shared-mode audio engine has neither (no WAVECAPS_PITCH/PLAYBACKRATE in the
// caps), so a valid handle gets MMSYSERR_NOTSUPPORTED, as from Windows' own WDM-audio driver.
static MMRESULT not_supported(HWAVEOUT hwo) {
    return out_handles::find(hwo, nullptr) ? MMSYSERR_NOTSUPPORTED : MMSYSERR_INVALHANDLE;
}

extern "C" MMRESULT WINAPI waveOutGetPitch(HWAVEOUT hwo, LPDWORD) { return not_supported(hwo); }
extern "C" MMRESULT WINAPI waveOutSetPitch(HWAVEOUT hwo, DWORD) { return not_supported(hwo); }
extern "C" MMRESULT WINAPI waveOutGetPlaybackRate(HWAVEOUT hwo, LPDWORD) { return not_supported(hwo); }
extern "C" MMRESULT WINAPI waveOutSetPlaybackRate(HWAVEOUT hwo, DWORD) { return not_supported(hwo); }

// Driver messages. Answered here (there is no wave driver below): the endpoint identity queries other
// subsystems and applications use to find the MMDevice of a wave device, and the mapper's preferred device.
extern "C" MMRESULT WINAPI waveOutMessage(HWAVEOUT hwo, UINT msg, DWORD_PTR p1, DWORD_PTR p2) {
    UINT_PTR raw = reinterpret_cast<UINT_PTR>(hwo);
    unsigned device = 0;
    bool mapper = false;
    MMRESULT r = resolve_device(raw, device, mapper);
    if (r == MMSYSERR_BADDEVICEID) return MMSYSERR_INVALHANDLE;
    if (msg == DRVM_MAPPER_PREFERRED_GET) {
        if (!is_mapper(raw)) return MMSYSERR_NOTSUPPORTED;
        if (!p1 || !p2) return MMSYSERR_INVALPARAM;
        if (r != MMSYSERR_NOERROR) {
            *reinterpret_cast<DWORD*>(p1) = static_cast<DWORD>(-1);
            *reinterpret_cast<DWORD*>(p2) = 0;
            return r;
        }
        *reinterpret_cast<DWORD*>(p1) = device;
        *reinterpret_cast<DWORD*>(p2) = 0;
        return MMSYSERR_NOERROR;
    }
    if (r != MMSYSERR_NOERROR) return r;
    Endpoint ep;
    if (!endpoint_at(Flow::render, device, ep)) return MMSYSERR_NODRIVER;
    switch (msg) {
    case DRV_QUERYFUNCTIONINSTANCEIDSIZE: return copy_size(ep.id, p1);
    case DRV_QUERYFUNCTIONINSTANCEID: return copy_string(ep.id, p1, p2);
    case DRV_QUERYDEVICEINTERFACESIZE: return copy_size(interface_path(ep), p1);
    case DRV_QUERYDEVICEINTERFACE: return copy_string(interface_path(ep), p1, p2);
    case DRV_QUERYMAPPABLE: return MMSYSERR_NOERROR;
    default: return MMSYSERR_NOTSUPPORTED;
    }
}
