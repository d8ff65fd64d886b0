// The table of open MIDI handles. HMIDIOUT, HMIDIIN and HMIDISTRM are numbers from this table, never addresses:
// 0x20000 + 4n + kind (1 out, 2 in, 3 stream), so they never equal a device id, the kinds never collide, and a
// closed or random handle is simply absent. A stream handle is also accepted where an HMIDIOUT is (the midiOut
// calls Windows allows on streams).
#pragma once

#include <windows.h>

#include <mmddk.h>
#include <mmsystem.h>

#include <atomic>
#include <memory>
#include <mutex>

#include "devices.h"

namespace winmm::midi {

class Stream;

enum class PortKind : unsigned { out = 1, in = 2, stream = 3 };

struct Port {
    PortKind kind = PortKind::out;
    UINT_PTR handle = 0;
    UINT opened_id = 0;  // what the application passed (MIDI_MAPPER for the mapper)
    Target target;
    DWORD_PTR driver_user = 0;  // the driver's instance data, written through MODM_OPEN/MIDM_OPEN's dwUser
    MIDIOPENDESC desc = {};     // kept for the life of the handle: a driver may keep the pointer

    // The application's notification target, as midi*Open got it.
    DWORD_PTR app_callback = 0;
    DWORD_PTR app_instance = 0;
    DWORD app_flags = 0;

    // midiIn only: the output (or stream) handle midiConnect attached, 0 for none.
    std::atomic<UINT_PTR> thru{0};
    // midiStream only.
    std::shared_ptr<Stream> stream;

    DWORD send(UINT msg, DWORD_PTR p1, DWORD_PTR p2) const {
        return target.entry(target.device, msg, driver_user, p1, p2);
    }
    // DriverCallback to the application's target with this handle.
    void notify_app(UINT msg, DWORD_PTR p1, DWORD_PTR p2) const;
};

namespace ports {

// Gives the port its handle (not yet findable: see publish()).
UINT_PTR reserve(const std::shared_ptr<Port>& p);
// Makes a reserved port findable, once its driver has opened it.
void publish(UINT_PTR h);
// The open port for a handle value of one of the accepted kinds; nullptr otherwise.
std::shared_ptr<Port> find(UINT_PTR h, bool out, bool in, bool stream);
void remove(UINT_PTR h);

}  // namespace ports

// Maps the CALLBACK_* type of an open call to DriverCallback's DCB_* type; false for an unknown type, or a
// window handle that is no window (MMSYSERR_INVALPARAM on Windows, as for waveOutOpen).
MMRESULT check_callback(DWORD_PTR callback, DWORD flags);

}  // namespace winmm::midi
