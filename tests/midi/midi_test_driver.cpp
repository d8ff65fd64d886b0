// A MIDI device driver for the midi suite: two output devices, one input device, and a mapper (the same entry
// point, asked with device MIDI_MAPPER). It keeps the MIDIOPENDESC of each open and notifies through
// DriverCallback, as real drivers do; it logs every message it gets (midi_test_driver.h).
#include "midi_test_driver.h"

#include <mmddk.h>
#include <mmsystem.h>

#include <cstring>
#include <deque>
#include <mutex>

using namespace midi_td;

// winmm exports it; MinGW's headers do not declare it (mmddk.h on Windows does).
extern "C" __declspec(dllimport) BOOL WINAPI DriverCallback(DWORD_PTR callback, DWORD flags, HDRVR device,
                                                             DWORD msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2);

namespace {

struct Instance {
    MIDIOPENDESC desc;
    DWORD flags;
    UINT device;
    std::deque<MIDIHDR*> buffers;  // input: queued by MIDM_ADDBUFFER
    DWORD start_ms = 0;
    bool started = false;
};

std::mutex lock;
DWORD volumes[kOutDevices] = {0xFFFFFFFF, 0xFFFFFFFF};

void record(uint32_t entry, UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2, const void* data = nullptr,
            uint32_t length = 0) {
    Log* log = open_log();
    if (!log) return;
    LARGE_INTEGER now;
    QueryPerformanceCounter(&now);
    LONG i = InterlockedIncrement(&log->count) - 1;
    if (i < 0 || static_cast<uint32_t>(i) >= kCapacity) return;
    Record& r = log->records[i];
    r.entry = entry;
    r.msg = msg;
    r.device = dev;
    r.user = user;
    r.p1 = p1;
    r.p2 = p2;
    r.qpc = now.QuadPart;
    r.length = length < sizeof(r.data) ? length : sizeof(r.data);
    if (data && r.length) std::memcpy(r.data, data, r.length);
}

void notify(const Instance* inst, UINT msg, DWORD_PTR p1, DWORD_PTR p2) {
    DriverCallback(inst->desc.dwCallback, HIWORD(inst->flags & CALLBACK_TYPEMASK),
                   reinterpret_cast<HDRVR>(inst->desc.hMidi), msg, inst->desc.dwInstance, p1, p2);
}

DWORD open_instance(UINT dev, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2, UINT open_msg) {
    if (!user || !p1) return MMSYSERR_INVALPARAM;
    auto* inst = new Instance{};
    inst->desc = *reinterpret_cast<const MIDIOPENDESC*>(p1);
    inst->flags = static_cast<DWORD>(p2);
    inst->device = dev;
    *reinterpret_cast<DWORD_PTR*>(user) = reinterpret_cast<DWORD_PTR>(inst);
    notify(inst, open_msg, 0, 0);
    return MMSYSERR_NOERROR;
}

DWORD out_caps(UINT dev, DWORD_PTR p1, DWORD_PTR p2) {
    MIDIOUTCAPSW caps = {};
    caps.wMid = kMid;
    caps.vDriverVersion = 0x0100;
    if (dev == MIDI_MAPPER) {
        caps.wPid = kPidMapper;
        lstrcpyW(caps.szPname, L"winmm-ng test MIDI mapper");
        caps.wTechnology = MOD_MAPPER;
    } else {
        caps.wPid = kPidOut;
        wsprintfW(caps.szPname, L"winmm-ng test MIDI out %u", dev);
        caps.wTechnology = MOD_MIDIPORT;
        caps.wChannelMask = 0xFFFF;
        caps.dwSupport = dev == 0 ? MIDICAPS_VOLUME : 0;
    }
    std::memcpy(reinterpret_cast<void*>(p1), &caps, p2 < sizeof(caps) ? p2 : sizeof(caps));
    return MMSYSERR_NOERROR;
}

}  // namespace

extern "C" __declspec(dllexport) LRESULT WINAPI DriverProc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2) {
    switch (msg) {
    case DRV_LOAD:
    case DRV_FREE:
    case DRV_ENABLE:
    case DRV_DISABLE:
    case DRV_OPEN:
    case DRV_CLOSE:
        return 1;
    default:
        return DefDriverProc(id, hdrvr, msg, p1, p2);
    }
}

extern "C" __declspec(dllexport) DWORD WINAPI modMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1,
                                                         DWORD_PTR p2) {
    const auto* hdr = reinterpret_cast<const MIDIHDR*>(p1);
    if (msg == MODM_LONGDATA && hdr)
        record(from_mod, dev, msg, user, p1, p2, hdr->lpData, hdr->dwBufferLength);
    else
        record(from_mod, dev, msg, user, p1, p2);
    auto* inst = reinterpret_cast<Instance*>(user);
    switch (msg) {
    case DRVM_INIT:
    case DRVM_EXIT:
        return MMSYSERR_NOERROR;
    case MODM_GETNUMDEVS:
        return kOutDevices;
    }
    if (dev >= kOutDevices && dev != MIDI_MAPPER) return MMSYSERR_BADDEVICEID;
    switch (msg) {
    case MODM_GETDEVCAPS: return out_caps(dev, p1, p2);
    case MODM_OPEN: return open_instance(dev, user, p1, p2, MOM_OPEN);
    case MODM_CLOSE:
        if (!inst) return MMSYSERR_INVALHANDLE;
        notify(inst, MOM_CLOSE, 0, 0);
        delete inst;
        return MMSYSERR_NOERROR;
    case MODM_DATA:
    case MODM_RESET:
        return inst ? MMSYSERR_NOERROR : MMSYSERR_INVALHANDLE;
    case MODM_LONGDATA: {
        if (!inst) return MMSYSERR_INVALHANDLE;
        auto* h = reinterpret_cast<MIDIHDR*>(p1);
        // Sent at once: the buffer comes back done before the call returns.
        h->dwFlags = (h->dwFlags & ~MHDR_INQUEUE) | MHDR_DONE;
        notify(inst, MOM_DONE, p1, 0);
        return MMSYSERR_NOERROR;
    }
    case MODM_GETVOLUME: {
        UINT d = dev == MIDI_MAPPER ? 0 : dev;
        if (d != 0) return MMSYSERR_NOTSUPPORTED;
        std::lock_guard<std::mutex> g(lock);
        *reinterpret_cast<DWORD*>(p1) = volumes[d];
        return MMSYSERR_NOERROR;
    }
    case MODM_SETVOLUME: {
        UINT d = dev == MIDI_MAPPER ? 0 : dev;
        if (d != 0) return MMSYSERR_NOTSUPPORTED;
        std::lock_guard<std::mutex> g(lock);
        volumes[d] = static_cast<DWORD>(p1);
        return MMSYSERR_NOERROR;
    }
    case MODM_PREPARE:
    case MODM_UNPREPARE:
        // The devices leave headers to winmm (MMSYSERR_NOTSUPPORTED, as most drivers do); the mapper prepares
        // them itself, as Wine's midimap does (Wine's builtin winmm has no fallback of its own).
        if (dev != MIDI_MAPPER) return MMSYSERR_NOTSUPPORTED;
        if (msg == MODM_PREPARE)
            reinterpret_cast<MIDIHDR*>(p1)->dwFlags |= MHDR_PREPARED;
        else
            reinterpret_cast<MIDIHDR*>(p1)->dwFlags &= ~MHDR_PREPARED;
        return MMSYSERR_NOERROR;
    default:
        // MODM_CACHEPATCHES ...: not supported.
        return MMSYSERR_NOTSUPPORTED;
    }
}

extern "C" __declspec(dllexport) DWORD WINAPI midMessage(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1,
                                                         DWORD_PTR p2) {
    record(from_mid, dev, msg, user, p1, p2);
    auto* inst = reinterpret_cast<Instance*>(user);
    switch (msg) {
    case DRVM_INIT:
    case DRVM_EXIT:
        return MMSYSERR_NOERROR;
    case MIDM_GETNUMDEVS:
        return kInDevices;
    }
    if (dev >= kInDevices) return MMSYSERR_BADDEVICEID;
    switch (msg) {
    case MIDM_GETDEVCAPS: {
        MIDIINCAPSW caps = {};
        caps.wMid = kMid;
        caps.wPid = kPidIn;
        caps.vDriverVersion = 0x0100;
        wsprintfW(caps.szPname, L"winmm-ng test MIDI in %u", dev);
        std::memcpy(reinterpret_cast<void*>(p1), &caps, p2 < sizeof(caps) ? p2 : sizeof(caps));
        return MMSYSERR_NOERROR;
    }
    case MIDM_OPEN: return open_instance(dev, user, p1, p2, MIM_OPEN);
    }
    if (!inst) return MMSYSERR_INVALHANDLE;
    std::unique_lock<std::mutex> g(lock);
    switch (msg) {
    case MIDM_CLOSE:
        if (!inst->buffers.empty()) return MIDIERR_STILLPLAYING;
        g.unlock();
        notify(inst, MIM_CLOSE, 0, 0);
        delete inst;
        return MMSYSERR_NOERROR;
    case MIDM_ADDBUFFER: {
        auto* h = reinterpret_cast<MIDIHDR*>(p1);
        h->dwFlags = (h->dwFlags | MHDR_INQUEUE) & ~MHDR_DONE;
        h->dwBytesRecorded = 0;
        inst->buffers.push_back(h);
        return MMSYSERR_NOERROR;
    }
    case MIDM_START:
        if (!inst->started) inst->start_ms = GetTickCount();
        inst->started = true;
        return MMSYSERR_NOERROR;
    case MIDM_STOP:
        inst->started = false;
        return MMSYSERR_NOERROR;
    case MIDM_RESET: {
        inst->started = false;
        std::deque<MIDIHDR*> back;
        back.swap(inst->buffers);
        g.unlock();
        for (MIDIHDR* h : back) {
            h->dwFlags = (h->dwFlags & ~MHDR_INQUEUE) | MHDR_DONE;
            notify(inst, MIM_LONGDATA, reinterpret_cast<DWORD_PTR>(h), GetTickCount() - inst->start_ms);
        }
        return MMSYSERR_NOERROR;
    }
    case kInjectShort:
    case kInjectError:
    case kInjectMore: {
        DWORD stamp = GetTickCount() - inst->start_ms;
        UINT m = msg == kInjectShort ? MIM_DATA : msg == kInjectError ? MIM_ERROR
                 : (inst->flags & MIDI_IO_STATUS) ? MIM_MOREDATA : MIM_DATA;
        g.unlock();
        notify(inst, m, p1, stamp);
        return MMSYSERR_NOERROR;
    }
    case kInjectLong:
    case kInjectLongErr: {
        if (inst->buffers.empty()) return MMSYSERR_NOERROR;  // no buffer: the data is lost, as documented
        MIDIHDR* h = inst->buffers.front();
        inst->buffers.pop_front();
        DWORD n = static_cast<DWORD>(p2) < h->dwBufferLength ? static_cast<DWORD>(p2) : h->dwBufferLength;
        std::memcpy(h->lpData, reinterpret_cast<const void*>(p1), n);
        h->dwBytesRecorded = n;
        h->dwFlags = (h->dwFlags & ~MHDR_INQUEUE) | MHDR_DONE;
        DWORD stamp = GetTickCount() - inst->start_ms;
        g.unlock();
        notify(inst, msg == kInjectLong ? MIM_LONGDATA : MIM_LONGERROR, reinterpret_cast<DWORD_PTR>(h), stamp);
        return MMSYSERR_NOERROR;
    }
    default:
        return MMSYSERR_NOTSUPPORTED;
    }
}
