// The midiOut exports. Every call is a message to the device's driver (modMessage) with the instance data its
// MODM_OPEN wrote; the driver notifies the application itself (DriverCallback with the MIDIOPENDESC's target),
// as on Windows. Stream handles (midiStreamOpen) are accepted where Windows accepts them: see docs/midi.md.
#include <windows.h>

#include <mmddk.h>
#include <mmsystem.h>

#include "driver/caps_narrow.h"
#include "devices.h"
#include "error_text.h"
#include "headers.h"
#include "log.h"
#include "out_common.h"
#include "ports.h"
#include "stream.h"

namespace winmm::midi {

UINT_PTR open_output(const std::shared_ptr<Port>& port, UINT id, DWORD_PTR callback, DWORD_PTR instance,
                     DWORD driver_flags, MMRESULT* result) {
    MMRESULT r = resolve(Dir::out, id, &port->target);
    if (r != MMSYSERR_NOERROR) {
        *result = r;
        return 0;
    }
    port->opened_id = id;
    UINT_PTR h = ports::reserve(port);
    port->desc.hMidi = reinterpret_cast<HMIDI>(h);
    port->desc.dwCallback = callback;
    port->desc.dwInstance = instance;
    r = port->target.entry(port->target.device, MODM_OPEN, reinterpret_cast<DWORD_PTR>(&port->driver_user),
                           reinterpret_cast<DWORD_PTR>(&port->desc), driver_flags);
    if (r != MMSYSERR_NOERROR) {
        ports::remove(h);
        *result = r;
        return 0;
    }
    ports::publish(h);
    *result = MMSYSERR_NOERROR;
    return h;
}

namespace {

// An id or an open output/stream handle (the GetDevCaps and volume calls take either).
MMRESULT target_of(UINT_PTR id_or_handle, Target* t, DWORD_PTR* user) {
    *user = 0;
    if (id_or_handle <= 0xFFFFFFFFu && resolve(Dir::out, static_cast<UINT>(id_or_handle), t) == MMSYSERR_NOERROR)
        return MMSYSERR_NOERROR;
    if (auto p = ports::find(id_or_handle, true, false, true)) {
        *t = p->target;
        *user = p->driver_user;
        return MMSYSERR_NOERROR;
    }
    return MMSYSERR_BADDEVICEID;
}

MMRESULT caps_w(UINT_PTR id, MIDIOUTCAPSW* caps) {
    Target t;
    DWORD_PTR user;
    MMRESULT r = target_of(id, &t, &user);
    if (r != MMSYSERR_NOERROR) return r;
    *caps = MIDIOUTCAPSW{};
    return t.entry(t.device, MODM_GETDEVCAPS, user, reinterpret_cast<DWORD_PTR>(caps), sizeof(*caps));
}

std::shared_ptr<Port> out_port(HMIDIOUT h) {
    return ports::find(reinterpret_cast<UINT_PTR>(h), true, false, true);
}

}  // namespace
}  // namespace winmm::midi

using namespace winmm::midi;

extern "C" UINT WINAPI midiOutGetNumDevs(void) { return count(Dir::out); }

extern "C" MMRESULT WINAPI midiOutGetDevCapsW(UINT_PTR id, LPMIDIOUTCAPSW caps, UINT size) {
    if (!caps) return MMSYSERR_INVALPARAM;
    MIDIOUTCAPSW w;
    MMRESULT r = caps_w(id, &w);
    if (r != MMSYSERR_NOERROR) return r;
    winmm::driver::copy_caps(caps, w, size);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI midiOutGetDevCapsA(UINT_PTR id, LPMIDIOUTCAPSA caps, UINT size) {
    if (!caps) return MMSYSERR_INVALPARAM;
    MIDIOUTCAPSW w;
    MMRESULT r = caps_w(id, &w);
    if (r != MMSYSERR_NOERROR) return r;
    MIDIOUTCAPSA a = {};
    winmm::driver::narrow_caps_head(w, a);
    a.wTechnology = w.wTechnology;
    a.wVoices = w.wVoices;
    a.wNotes = w.wNotes;
    a.wChannelMask = w.wChannelMask;
    a.dwSupport = w.dwSupport;
    winmm::driver::copy_caps(caps, a, size);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI midiOutGetErrorTextW(MMRESULT error, LPWSTR text, UINT cch) {
    return error_text_w(error, text, cch);
}

extern "C" MMRESULT WINAPI midiOutGetErrorTextA(MMRESULT error, LPSTR text, UINT cch) {
    return error_text_a(error, text, cch);
}

extern "C" MMRESULT WINAPI midiOutOpen(LPHMIDIOUT out, UINT id, DWORD_PTR callback, DWORD_PTR instance, DWORD flags) {
    if (!out) return MMSYSERR_INVALPARAM;
    MMRESULT r = check_callback(callback, flags);
    if (r != MMSYSERR_NOERROR) return r;
    auto port = std::make_shared<Port>();
    port->kind = PortKind::out;
    port->app_callback = callback;
    port->app_instance = instance;
    port->app_flags = flags;
    // The driver gets the application's target and flags and notifies it itself (MOM_OPEN, MOM_DONE, MOM_CLOSE).
    UINT_PTR h = open_output(port, id, callback, instance, flags, &r);
    *out = reinterpret_cast<HMIDIOUT>(h);
    return r;
}

extern "C" MMRESULT WINAPI midiOutClose(HMIDIOUT h) {
    auto p = out_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    if (p->kind == PortKind::stream) return close_stream(p);
    MMRESULT r = p->send(MODM_CLOSE, 0, 0);
    if (r == MIDIERR_STILLPLAYING) return r;  // the handle stays open, as the page says
    ports::remove(p->handle);
    return r;
}

extern "C" MMRESULT WINAPI midiOutShortMsg(HMIDIOUT h, DWORD msg) {
    auto p = out_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    return p->send(MODM_DATA, msg, 0);
}

extern "C" MMRESULT WINAPI midiOutPrepareHeader(HMIDIOUT h, LPMIDIHDR hdr, UINT size) {
    auto p = out_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    MMRESULT r = headers::check(hdr, size);
    if (r != MMSYSERR_NOERROR) return r;
    if (p->kind == PortKind::stream) {
        // A stream plays buffers under 64 KiB (midiStreamOut's page; Wine's tests show Windows refuses a larger
        // one already here). winmm plays them, so it prepares them itself.
        if (hdr->dwBufferLength >= 0x10000) return MMSYSERR_INVALPARAM;
        headers::mark_prepared(hdr);
        return MMSYSERR_NOERROR;
    }
    return headers::after_driver_prepare(p->send(MODM_PREPARE, reinterpret_cast<DWORD_PTR>(hdr), size), hdr);
}

extern "C" MMRESULT WINAPI midiOutUnprepareHeader(HMIDIOUT h, LPMIDIHDR hdr, UINT size) {
    auto p = out_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    MMRESULT r = headers::check(hdr, size);
    if (r != MMSYSERR_NOERROR) return r;
    if (!(hdr->dwFlags & MHDR_PREPARED)) return MMSYSERR_NOERROR;
    if (hdr->dwFlags & MHDR_INQUEUE) return MIDIERR_STILLPLAYING;
    if (p->kind == PortKind::stream) {
        headers::mark_unprepared(hdr);
        return MMSYSERR_NOERROR;
    }
    return headers::after_driver_unprepare(p->send(MODM_UNPREPARE, reinterpret_cast<DWORD_PTR>(hdr), size), hdr);
}

extern "C" MMRESULT WINAPI midiOutLongMsg(HMIDIOUT h, LPMIDIHDR hdr, UINT size) {
    auto p = out_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    MMRESULT r = headers::check(hdr, size);
    if (r != MMSYSERR_NOERROR) return r;
    if (!(hdr->dwFlags & MHDR_PREPARED)) return MIDIERR_UNPREPARED;
    if (hdr->dwFlags & MHDR_INQUEUE) return MIDIERR_STILLPLAYING;
    if (p->kind == PortKind::stream) return stream_long_message(p, hdr, size);
    return p->send(MODM_LONGDATA, reinterpret_cast<DWORD_PTR>(hdr), size);
}

extern "C" MMRESULT WINAPI midiOutReset(HMIDIOUT h) {
    auto p = out_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    if (p->stream) p->stream->stop();  // a stream's queued buffers come back too
    return p->send(MODM_RESET, 0, 0);
}

extern "C" MMRESULT WINAPI midiOutGetID(HMIDIOUT h, UINT* id) {
    if (!id) return MMSYSERR_INVALPARAM;
    auto p = out_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    *id = p->opened_id;
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI midiOutGetVolume(HMIDIOUT h, LPDWORD volume) {
    if (!volume) return MMSYSERR_INVALPARAM;
    Target t;
    DWORD_PTR user;
    if (target_of(reinterpret_cast<UINT_PTR>(h), &t, &user) != MMSYSERR_NOERROR) return MMSYSERR_INVALHANDLE;
    return t.entry(t.device, MODM_GETVOLUME, user, reinterpret_cast<DWORD_PTR>(volume), 0);
}

extern "C" MMRESULT WINAPI midiOutSetVolume(HMIDIOUT h, DWORD volume) {
    Target t;
    DWORD_PTR user;
    if (target_of(reinterpret_cast<UINT_PTR>(h), &t, &user) != MMSYSERR_NOERROR) return MMSYSERR_INVALHANDLE;
    return t.entry(t.device, MODM_SETVOLUME, user, volume, 0);
}

extern "C" MMRESULT WINAPI midiOutCachePatches(HMIDIOUT h, UINT bank, LPWORD patches, UINT flags) {
    auto p = out_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    if (!patches) return MMSYSERR_INVALPARAM;
    return p->send(MODM_CACHEPATCHES, reinterpret_cast<DWORD_PTR>(patches), MAKELONG(flags, bank));
}

extern "C" MMRESULT WINAPI midiOutCacheDrumPatches(HMIDIOUT h, UINT patch, LPWORD keys, UINT flags) {
    auto p = out_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    if (!keys) return MMSYSERR_INVALPARAM;
    return p->send(MODM_CACHEDRUMPATCHES, reinterpret_cast<DWORD_PTR>(keys), MAKELONG(flags, patch));
}

extern "C" MMRESULT WINAPI midiOutMessage(HMIDIOUT h, UINT msg, DWORD_PTR p1, DWORD_PTR p2) {
    // An open handle reaches its driver instance; a device id reaches the device without one (Windows allows
    // ids here for the DRV_QUERY* messages that need no open instance).
    Target t;
    DWORD_PTR user;
    if (target_of(reinterpret_cast<UINT_PTR>(h), &t, &user) != MMSYSERR_NOERROR) return MMSYSERR_INVALHANDLE;
    return t.entry(t.device, msg, user, p1, p2);
}
