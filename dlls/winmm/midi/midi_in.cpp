// The midiIn exports and MIDI thru (midiConnect/midiDisconnect). Unlike midiOut, the driver's notifications come
// to winmm first (its MIDIOPENDESC names a relay function) and winmm passes each one on to the application's
// target unchanged: that is where a thru connection sees MIM_DATA and sends it to its output.
#include <windows.h>

#include <mmddk.h>
#include <mmsystem.h>

#include "driver/caps_narrow.h"
#include "devices.h"
#include "error_text.h"
#include "headers.h"
#include "ports.h"

namespace winmm::midi {
namespace {

void CALLBACK relay(HDRVR, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2) {
    // The Port outlives every notification: the driver sends its last one (MIM_CLOSE) inside MIDM_CLOSE, and the
    // table drops the port only after that returns.
    auto* port = reinterpret_cast<Port*>(instance);
    port->notify_app(msg, p1, p2);
    if (msg != MIM_DATA) return;
    UINT_PTR thru = port->thru.load(std::memory_order_acquire);
    if (!thru) return;
    if (auto out = ports::find(thru, true, false, true)) out->send(MODM_DATA, p1, 0);
}

MMRESULT caps_w(UINT_PTR id, MIDIINCAPSW* caps) {
    Target t;
    DWORD_PTR user = 0;
    if (id > 0xFFFFFFFFu || resolve(Dir::in, static_cast<UINT>(id), &t) != MMSYSERR_NOERROR) {
        auto p = ports::find(id, false, true, false);
        if (!p) return MMSYSERR_BADDEVICEID;
        t = p->target;
        user = p->driver_user;
    }
    *caps = MIDIINCAPSW{};
    return t.entry(t.device, MIDM_GETDEVCAPS, user, reinterpret_cast<DWORD_PTR>(caps), sizeof(*caps));
}

std::shared_ptr<Port> in_port(HMIDIIN h) { return ports::find(reinterpret_cast<UINT_PTR>(h), false, true, false); }

}  // namespace
}  // namespace winmm::midi

using namespace winmm::midi;

extern "C" UINT WINAPI midiInGetNumDevs(void) { return count(Dir::in); }

extern "C" MMRESULT WINAPI midiInGetDevCapsW(UINT_PTR id, LPMIDIINCAPSW caps, UINT size) {
    if (!caps) return MMSYSERR_INVALPARAM;
    MIDIINCAPSW w;
    MMRESULT r = caps_w(id, &w);
    if (r != MMSYSERR_NOERROR) return r;
    winmm::driver::copy_caps(caps, w, size);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI midiInGetDevCapsA(UINT_PTR id, LPMIDIINCAPSA caps, UINT size) {
    if (!caps) return MMSYSERR_INVALPARAM;
    MIDIINCAPSW w;
    MMRESULT r = caps_w(id, &w);
    if (r != MMSYSERR_NOERROR) return r;
    MIDIINCAPSA a = {};
    winmm::driver::narrow_caps_head(w, a);
    a.dwSupport = w.dwSupport;
    winmm::driver::copy_caps(caps, a, size);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI midiInGetErrorTextW(MMRESULT error, LPWSTR text, UINT cch) {
    return error_text_w(error, text, cch);
}

extern "C" MMRESULT WINAPI midiInGetErrorTextA(MMRESULT error, LPSTR text, UINT cch) {
    return error_text_a(error, text, cch);
}

extern "C" MMRESULT WINAPI midiInOpen(LPHMIDIIN in, UINT id, DWORD_PTR callback, DWORD_PTR instance, DWORD flags) {
    if (!in) return MMSYSERR_INVALPARAM;
    MMRESULT r = check_callback(callback, flags);
    if (r != MMSYSERR_NOERROR) return r;
    auto port = std::make_shared<Port>();
    port->kind = PortKind::in;
    port->app_callback = callback;
    port->app_instance = instance;
    port->app_flags = flags;
    r = resolve(Dir::in, id, &port->target);
    if (r != MMSYSERR_NOERROR) return r;
    port->opened_id = id;
    UINT_PTR h = ports::reserve(port);
    port->desc.hMidi = reinterpret_cast<HMIDI>(h);
    port->desc.dwCallback = reinterpret_cast<DWORD_PTR>(&relay);
    port->desc.dwInstance = reinterpret_cast<DWORD_PTR>(port.get());
    // The driver keeps the other flags (MIDI_IO_STATUS asks it for MIM_MOREDATA).
    DWORD driver_flags = (flags & ~CALLBACK_TYPEMASK) | CALLBACK_FUNCTION;
    r = port->target.entry(port->target.device, MIDM_OPEN, reinterpret_cast<DWORD_PTR>(&port->driver_user),
                           reinterpret_cast<DWORD_PTR>(&port->desc), driver_flags);
    if (r != MMSYSERR_NOERROR) {
        ports::remove(h);
        return r;
    }
    ports::publish(h);
    *in = reinterpret_cast<HMIDIIN>(h);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI midiInClose(HMIDIIN h) {
    auto p = in_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    MMRESULT r = p->send(MIDM_CLOSE, 0, 0);
    if (r == MIDIERR_STILLPLAYING) return r;
    ports::remove(p->handle);
    return r;
}

extern "C" MMRESULT WINAPI midiInPrepareHeader(HMIDIIN h, LPMIDIHDR hdr, UINT size) {
    auto p = in_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    MMRESULT r = headers::check(hdr, size);
    if (r != MMSYSERR_NOERROR) return r;
    return headers::after_driver_prepare(p->send(MIDM_PREPARE, reinterpret_cast<DWORD_PTR>(hdr), size), hdr);
}

extern "C" MMRESULT WINAPI midiInUnprepareHeader(HMIDIIN h, LPMIDIHDR hdr, UINT size) {
    auto p = in_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    MMRESULT r = headers::check(hdr, size);
    if (r != MMSYSERR_NOERROR) return r;
    if (!(hdr->dwFlags & MHDR_PREPARED)) return MMSYSERR_NOERROR;
    if (hdr->dwFlags & MHDR_INQUEUE) return MIDIERR_STILLPLAYING;
    return headers::after_driver_unprepare(p->send(MIDM_UNPREPARE, reinterpret_cast<DWORD_PTR>(hdr), size), hdr);
}

extern "C" MMRESULT WINAPI midiInAddBuffer(HMIDIIN h, LPMIDIHDR hdr, UINT size) {
    auto p = in_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    MMRESULT r = headers::check(hdr, size);
    if (r != MMSYSERR_NOERROR) return r;
    if (!(hdr->dwFlags & MHDR_PREPARED)) return MIDIERR_UNPREPARED;
    if (hdr->dwFlags & MHDR_INQUEUE) return MIDIERR_STILLPLAYING;
    return p->send(MIDM_ADDBUFFER, reinterpret_cast<DWORD_PTR>(hdr), size);
}

extern "C" MMRESULT WINAPI midiInStart(HMIDIIN h) {
    auto p = in_port(h);
    return p ? p->send(MIDM_START, 0, 0) : MMSYSERR_INVALHANDLE;
}

extern "C" MMRESULT WINAPI midiInStop(HMIDIIN h) {
    auto p = in_port(h);
    return p ? p->send(MIDM_STOP, 0, 0) : MMSYSERR_INVALHANDLE;
}

extern "C" MMRESULT WINAPI midiInReset(HMIDIIN h) {
    auto p = in_port(h);
    return p ? p->send(MIDM_RESET, 0, 0) : MMSYSERR_INVALHANDLE;
}

extern "C" MMRESULT WINAPI midiInGetID(HMIDIIN h, UINT* id) {
    if (!id) return MMSYSERR_INVALPARAM;
    auto p = in_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    *id = p->opened_id;
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI midiInMessage(HMIDIIN h, UINT msg, DWORD_PTR p1, DWORD_PTR p2) {
    UINT_PTR v = reinterpret_cast<UINT_PTR>(h);
    Target t;
    if (auto p = in_port(h)) return p->send(msg, p1, p2);
    if (v <= 0xFFFFFFFFu && static_cast<UINT>(v) != MIDI_MAPPER &&
        resolve(Dir::in, static_cast<UINT>(v), &t) == MMSYSERR_NOERROR)
        return t.entry(t.device, msg, 0, p1, p2);
    return MMSYSERR_INVALHANDLE;
}

// Thru: only an input handle is a source here (winmm has no thru drivers of its own to chain); one output per
// input, as the page says, and MIDIERR_NOTREADY when the input already has one.
extern "C" MMRESULT WINAPI midiConnect(HMIDI source, HMIDIOUT sink, LPVOID reserved) {
    if (reserved) return MMSYSERR_INVALPARAM;
    auto in = ports::find(reinterpret_cast<UINT_PTR>(source), false, true, false);
    auto out = ports::find(reinterpret_cast<UINT_PTR>(sink), true, false, true);
    if (!in || !out) return MMSYSERR_INVALHANDLE;
    UINT_PTR current = in->thru.load(std::memory_order_acquire);
    // An output closed since it was connected no longer holds the input.
    if (current && !ports::find(current, true, false, true)) current = 0;
    UINT_PTR seen = in->thru.load(std::memory_order_acquire);
    if (current || !in->thru.compare_exchange_strong(seen, out->handle, std::memory_order_acq_rel))
        return MIDIERR_NOTREADY;
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI midiDisconnect(HMIDI source, HMIDIOUT sink, LPVOID reserved) {
    if (reserved) return MMSYSERR_INVALPARAM;
    auto in = ports::find(reinterpret_cast<UINT_PTR>(source), false, true, false);
    auto out = ports::find(reinterpret_cast<UINT_PTR>(sink), true, false, true);
    if (!in || !out) return MMSYSERR_INVALHANDLE;
    UINT_PTR expected = out->handle;
    if (!in->thru.compare_exchange_strong(expected, 0, std::memory_order_acq_rel)) return MIDIERR_NOTREADY;
    return MMSYSERR_NOERROR;
}
