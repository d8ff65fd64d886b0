// The waveIn exports that open, feed, run and close a capture device. The device list, capabilities, messages and
// error texts are in wave_in_devices.cpp; the capture engine is InStream (in_stream.h).
#include <windows.h>

#include <mmddk.h>
#include <mmsystem.h>

#include "endpoints.h"
#include "format.h"
#include "in_stream.h"
#include "log.h"
#include "wave_in_devices.h"
#include "wave_in_handles.h"

using winmm::wave::InCallback;
using winmm::wave::InStream;
namespace in_handles = winmm::wave::in_handles;

namespace {

constexpr DWORD kOpenFlags = CALLBACK_TYPEMASK | WAVE_FORMAT_QUERY | WAVE_ALLOWSYNC | WAVE_MAPPED |
                             WAVE_FORMAT_DIRECT | WAVE_MAPPED_DEFAULT_COMMUNICATION_DEVICE;

// The callback kinds waveInOpen accepts, as DriverCallback's DCB_* types.
MMRESULT check_callback(DWORD_PTR target, DWORD_PTR instance, DWORD flags, InCallback* out) {
    DWORD kind = flags & CALLBACK_TYPEMASK;
    out->target = target;
    out->instance = instance;
    switch (kind) {
    case CALLBACK_NULL:
        out->flags = DCB_NULL;
        out->target = 0;
        return MMSYSERR_NOERROR;
    case CALLBACK_WINDOW:
        // [decision] A window that does not exist would lose every notification: refused at open (docs/wave-in.md).
        if (target && !IsWindow(reinterpret_cast<HWND>(target))) return MMSYSERR_INVALPARAM;
        out->flags = DCB_WINDOW;
        return MMSYSERR_NOERROR;
    case CALLBACK_THREAD:
        out->flags = DCB_TASK;
        return MMSYSERR_NOERROR;
    case CALLBACK_FUNCTION:
        out->flags = DCB_FUNCTION;
        return MMSYSERR_NOERROR;
    case CALLBACK_EVENT:
        out->flags = DCB_EVENT;
        return MMSYSERR_NOERROR;
    default:
        return MMSYSERR_INVALFLAG;
    }
}

MMRESULT check_header(const WAVEHDR* hdr, UINT size) {
    if (!hdr || size < sizeof(WAVEHDR)) return MMSYSERR_INVALPARAM;
    return MMSYSERR_NOERROR;
}

}  // namespace

extern "C" MMRESULT WINAPI waveInOpen(LPHWAVEIN phwi, UINT device, LPCWAVEFORMATEX pwfx, DWORD_PTR callback,
                                      DWORD_PTR instance, DWORD flags) {
    WINMM_TRACE("waveInOpen(%p, %u, %p, %p, %p, %08lx)", static_cast<void*>(phwi), device,
                static_cast<const void*>(pwfx), reinterpret_cast<void*>(callback), reinterpret_cast<void*>(instance),
                flags);
    bool query = (flags & WAVE_FORMAT_QUERY) != 0;
    if (!phwi && !query) return MMSYSERR_INVALPARAM;
    if (!pwfx) return MMSYSERR_INVALPARAM;
    if (flags & ~kOpenFlags) return MMSYSERR_INVALFLAG;
    InCallback cb;
    MMRESULT rc = check_callback(callback, instance, flags, &cb);
    if (rc != MMSYSERR_NOERROR) return rc;

    winmm::wave::Endpoint ep;
    UINT resolved = device;
    rc = winmm::wave::in_devices::resolve_open(device, flags, &ep, &resolved);
    if (rc != MMSYSERR_NOERROR) return rc;

    winmm::wave::PcmFormat pcm;
    rc = winmm::wave::parse_linear(pwfx, pcm);
    if (rc != MMSYSERR_NOERROR) {
        // Compressed formats would need the ACM behind the mapper; none is wired to capture (docs/wave-in.md).
        return rc == MMSYSERR_INVALPARAM ? rc : WAVERR_BADFORMAT;
    }

    std::shared_ptr<InStream> s;
    rc = InStream::open(ep.id, resolved, pwfx, pcm, cb, &s);
    if (rc != MMSYSERR_NOERROR) return rc;
    if (query) {
        // The format was tried on the endpoint itself; nothing stays open and nothing is notified.
        s->close();
        return MMSYSERR_NOERROR;
    }
    HWAVEIN h = in_handles::add(s);
    if (!h) {
        s->close();
        return MMSYSERR_NOMEM;
    }
    s->set_handle(h);
    *phwi = h;
    s->notify(WIM_OPEN, 0);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveInClose(HWAVEIN hwi) {
    std::shared_ptr<InStream> s = in_handles::find(hwi);
    if (!s) return MMSYSERR_INVALHANDLE;
    MMRESULT rc = s->close();
    if (rc != MMSYSERR_NOERROR) return rc;
    in_handles::remove(hwi);
    s->notify(WIM_CLOSE, 0);
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveInPrepareHeader(HWAVEIN hwi, LPWAVEHDR pwh, UINT cbwh) {
    if (!in_handles::find(hwi)) return MMSYSERR_INVALHANDLE;
    MMRESULT rc = check_header(pwh, cbwh);
    if (rc != MMSYSERR_NOERROR) return rc;
    if (!pwh->lpData && pwh->dwBufferLength) return MMSYSERR_INVALPARAM;
    if (pwh->dwFlags & WHDR_PREPARED) return MMSYSERR_NOERROR;  // Windows: preparing twice changes nothing
    pwh->dwFlags = (pwh->dwFlags & ~(WHDR_DONE | WHDR_INQUEUE)) | WHDR_PREPARED;
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveInUnprepareHeader(HWAVEIN hwi, LPWAVEHDR pwh, UINT cbwh) {
    if (!in_handles::find(hwi)) return MMSYSERR_INVALHANDLE;
    MMRESULT rc = check_header(pwh, cbwh);
    if (rc != MMSYSERR_NOERROR) return rc;
    if (pwh->dwFlags & WHDR_INQUEUE) return WAVERR_STILLPLAYING;
    if (!(pwh->dwFlags & WHDR_PREPARED)) return MMSYSERR_NOERROR;  // documented: no effect
    pwh->dwFlags &= ~WHDR_PREPARED;
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveInAddBuffer(HWAVEIN hwi, LPWAVEHDR pwh, UINT cbwh) {
    std::shared_ptr<InStream> s = in_handles::find(hwi);
    if (!s) return MMSYSERR_INVALHANDLE;
    MMRESULT rc = check_header(pwh, cbwh);
    if (rc != MMSYSERR_NOERROR) return rc;
    if (!(pwh->dwFlags & WHDR_PREPARED)) return WAVERR_UNPREPARED;
    if (pwh->dwFlags & WHDR_INQUEUE) return WAVERR_STILLPLAYING;
    return s->add_buffer(pwh);
}

extern "C" MMRESULT WINAPI waveInStart(HWAVEIN hwi) {
    std::shared_ptr<InStream> s = in_handles::find(hwi);
    return s ? s->start() : MMSYSERR_INVALHANDLE;
}

extern "C" MMRESULT WINAPI waveInStop(HWAVEIN hwi) {
    std::shared_ptr<InStream> s = in_handles::find(hwi);
    return s ? s->stop() : MMSYSERR_INVALHANDLE;
}

extern "C" MMRESULT WINAPI waveInReset(HWAVEIN hwi) {
    std::shared_ptr<InStream> s = in_handles::find(hwi);
    return s ? s->reset() : MMSYSERR_INVALHANDLE;
}

extern "C" MMRESULT WINAPI waveInGetPosition(HWAVEIN hwi, LPMMTIME pmmt, UINT cbmmt) {
    std::shared_ptr<InStream> s = in_handles::find(hwi);
    if (!s) return MMSYSERR_INVALHANDLE;
    if (!pmmt) return MMSYSERR_INVALPARAM;
    if (cbmmt < sizeof(MMTIME)) return MMSYSERR_ERROR;  // Windows (Wine's wave tests)
    const winmm::wave::PcmFormat& f = s->format();
    unsigned long long bytes = s->position_bytes();
    unsigned long long frames = f.block_align ? bytes / f.block_align : 0;
    switch (pmmt->wType) {
    case TIME_SAMPLES:
        pmmt->u.sample = static_cast<DWORD>(frames);
        break;
    case TIME_MS:
        pmmt->u.ms = static_cast<DWORD>(f.rate ? frames * 1000 / f.rate : 0);
        break;
    case TIME_SMPTE: {
        // 30 frames per second, no drop frames; hours wrap like the BYTE they are stored in.
        unsigned long long ms = f.rate ? frames * 1000 / f.rate : 0;
        unsigned long long sec = ms / 1000;
        pmmt->u.smpte.hour = static_cast<BYTE>(sec / 3600);
        pmmt->u.smpte.min = static_cast<BYTE>(sec / 60 % 60);
        pmmt->u.smpte.sec = static_cast<BYTE>(sec % 60);
        pmmt->u.smpte.frame = static_cast<BYTE>(ms % 1000 * 30 / 1000);
        pmmt->u.smpte.fps = 30;
        pmmt->u.smpte.dummy = 0;
        pmmt->u.smpte.pad[0] = pmmt->u.smpte.pad[1] = 0;
        break;
    }
    default:
        // TIME_BYTES, and every format a wave device cannot give (TIME_MIDI, TIME_TICKS, unknown): bytes, with
        // wType saying so, as the documentation asks the caller to check.
        pmmt->wType = TIME_BYTES;
        pmmt->u.cb = static_cast<DWORD>(bytes);
        break;
    }
    return MMSYSERR_NOERROR;
}

extern "C" MMRESULT WINAPI waveInGetID(HWAVEIN hwi, LPUINT id) {
    std::shared_ptr<InStream> s = in_handles::find(hwi);
    if (!s) return MMSYSERR_INVALHANDLE;
    if (!id) return MMSYSERR_INVALPARAM;
    *id = s->device_id();
    return MMSYSERR_NOERROR;
}
