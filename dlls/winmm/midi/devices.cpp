#include "devices.h"

#include <mmddk.h>

#include <atomic>
#include <mutex>

#include "driver/installable.h"
#include "log.h"

namespace winmm::midi {
namespace {

using driver::lowlevel::DeviceTable;
using driver::lowlevel::EntryPoint;
using driver::lowlevel::Kind;

bool under_wine() {
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    return ntdll && GetProcAddress(ntdll, "wine_get_version");
}

// Opened once, after the loader's drivers (the mapper calls midiOutGetNumDevs/midiOutOpen while it initialises),
// and kept for the life of the process like them.
EntryPoint load_mapper() {
    HDRVR h = driver::open(L"midimapper", L"Drivers32", 0);
    // Wine's prefixes may name no mapper; Wine's own winmm then loads midimap.dll by name.
    if (!h && under_wine()) h = driver::open(L"midimap.dll", nullptr, 0);
    if (!h) {
        WINMM_INFO("midi: no MIDI mapper driver");
        return nullptr;
    }
    auto entry = reinterpret_cast<EntryPoint>(
        reinterpret_cast<void*>(GetProcAddress(driver::module_of(h), "modMessage")));
    if (!entry) {
        WINMM_WARN("midi: the MIDI mapper driver exports no modMessage");
        driver::close(h, 0, 0);
        return nullptr;
    }
    entry(0, DRVM_INIT, 0, 0, 0);
    return entry;
}

EntryPoint mapper() {
    static std::atomic<int> state{0};  // 0 not loaded, 1 loading, 2 loaded
    static EntryPoint entry = nullptr;
    if (state.load(std::memory_order_acquire) == 2) return entry;
    driver::lowlevel::devices();  // the device drivers first: the mapper looks at them while it loads
    // The driver open/close lock (recursive): the mapper's DriverProc and DRVM_INIT open devices through us.
    std::lock_guard<std::recursive_mutex> g(driver::open_close_lock());
    int s = state.load(std::memory_order_acquire);
    if (s == 2) return entry;
    if (s == 1) return nullptr;  // the mapper itself asked for MIDI_MAPPER while loading
    state.store(1, std::memory_order_release);
    entry = load_mapper();
    state.store(2, std::memory_order_release);
    return entry;
}

}  // namespace

UINT count(Dir d) {
    return driver::lowlevel::devices().count(d == Dir::out ? Kind::midi_out : Kind::midi_in);
}

MMRESULT resolve(Dir d, UINT id, Target* out) {
    const DeviceTable& table = driver::lowlevel::devices();
    Kind kind = d == Dir::out ? Kind::midi_out : Kind::midi_in;
    if (id == MIDI_MAPPER) {
        if (d == Dir::in || table.count(kind) == 0) return MMSYSERR_BADDEVICEID;
        EntryPoint e = mapper();
        if (!e) return MMSYSERR_BADDEVICEID;
        // As Wine's builtin does, the mapper's modMessage gets the id the application asked for (MIDI_MAPPER).
        *out = Target{e, MIDI_MAPPER};
        return MMSYSERR_NOERROR;
    }
    driver::lowlevel::Route r;
    if (!table.route(kind, id, &r)) return MMSYSERR_BADDEVICEID;
    *out = Target{r.entry, r.local};
    return MMSYSERR_NOERROR;
}

}  // namespace winmm::midi
