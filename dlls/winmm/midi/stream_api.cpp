// The midiStream exports, and the midiOut calls that reach a stream (close, long messages).
#include <windows.h>

#include <mmddk.h>
#include <mmsystem.h>

#include "out_common.h"
#include "ports.h"
#include "stream.h"

namespace winmm::midi {
namespace {

// The stream's device notifies winmm: its own system-exclusive buffers end here, everything else (MOM_OPEN,
// MOM_CLOSE, MOM_DONE of a midiOutLongMsg on the stream handle) goes on to the application.
void CALLBACK relay(HDRVR, UINT msg, DWORD_PTR instance, DWORD_PTR p1, DWORD_PTR p2) {
    auto* port = reinterpret_cast<Port*>(instance);
    if (msg == MOM_DONE && port->stream && port->stream->own_header(p1)) {
        port->stream->long_done();
        return;
    }
    port->notify_app(msg, p1, p2);
}

std::shared_ptr<Port> stream_port(HMIDISTRM h) {
    return ports::find(reinterpret_cast<UINT_PTR>(h), false, false, true);
}

}  // namespace

MMRESULT close_stream(const std::shared_ptr<Port>& port) {
    port->stream->shut_down();
    MMRESULT r = port->send(MODM_CLOSE, 0, 0);
    if (r == MIDIERR_STILLPLAYING) return r;  // only a midiOutLongMsg of the application can still be queued
    ports::remove(port->handle);
    return r;
}

MMRESULT stream_long_message(const std::shared_ptr<Port>& port, MIDIHDR* hdr, UINT size) {
    return port->send(MODM_LONGDATA, reinterpret_cast<DWORD_PTR>(hdr), size);
}

}  // namespace winmm::midi

using namespace winmm::midi;

extern "C" MMRESULT WINAPI midiStreamOpen(LPHMIDISTRM out, LPUINT device, DWORD count, DWORD_PTR callback,
                                          DWORD_PTR instance, DWORD flags) {
    // One stream per handle: cMidi must be 1 and puDeviceID points at one id (the page).
    if (!out || !device || count != 1) return MMSYSERR_INVALPARAM;
    MMRESULT r = check_callback(callback, flags);
    if (r != MMSYSERR_NOERROR) return r;
    auto port = std::make_shared<Port>();
    port->kind = PortKind::stream;
    port->app_callback = callback;
    port->app_instance = instance;
    port->app_flags = flags;
    port->stream = std::make_shared<Stream>(port.get());
    if (!port->stream->start_thread(port->stream)) return MMSYSERR_NOMEM;
    DWORD driver_flags = (flags & ~CALLBACK_TYPEMASK) | CALLBACK_FUNCTION;
    UINT_PTR h = open_output(port, *device, reinterpret_cast<DWORD_PTR>(&relay),
                             reinterpret_cast<DWORD_PTR>(port.get()), driver_flags, &r);
    if (!h) {
        port->stream->shut_down();  // ends the thread, which holds the stream
        return r;
    }
    *out = reinterpret_cast<HMIDISTRM>(h);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI midiStreamClose(HMIDISTRM h) {
    auto p = stream_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    return close_stream(p);
}

extern "C" MMRESULT WINAPI midiStreamOut(HMIDISTRM h, LPMIDIHDR hdr, UINT size) {
    auto p = stream_port(h);
    if (!p) return MMSYSERR_INVALHANDLE;
    return p->stream->out(hdr, size);
}

extern "C" MMRESULT WINAPI midiStreamPause(HMIDISTRM h) {
    auto p = stream_port(h);
    return p ? p->stream->pause() : MMSYSERR_INVALHANDLE;
}

extern "C" MMRESULT WINAPI midiStreamRestart(HMIDISTRM h) {
    auto p = stream_port(h);
    return p ? p->stream->restart() : MMSYSERR_INVALHANDLE;
}

extern "C" MMRESULT WINAPI midiStreamStop(HMIDISTRM h) {
    auto p = stream_port(h);
    return p ? p->stream->stop() : MMSYSERR_INVALHANDLE;
}

extern "C" MMRESULT WINAPI midiStreamPosition(HMIDISTRM h, LPMMTIME t, UINT size) {
    auto p = stream_port(h);
    return p ? p->stream->position(t, size) : MMSYSERR_INVALHANDLE;
}

extern "C" MMRESULT WINAPI midiStreamProperty(HMIDISTRM h, LPBYTE data, DWORD flags) {
    auto p = stream_port(h);
    return p ? p->stream->property(data, flags) : MMSYSERR_INVALHANDLE;
}
