// The low-level device-driver loader: the drivers Drivers32 names for the wave, MIDI, aux and mixer APIs,
// their entry points (wodMessage, widMessage, modMessage, midMessage, auxMessage, mxdMessage), and one device
// numbering per kind across all of them. The aux/MIDI/mixer/wave APIs route device N through it.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <vector>

namespace winmm::driver::lowlevel {

enum class Kind : unsigned { aux, mixer, midi_in, midi_out, wave_in, wave_out };
constexpr unsigned kKindCount = 6;

// A driver entry point: xxxMessage(local device, message, dwUser, dwParam1, dwParam2).
using EntryPoint = DWORD(APIENTRY*)(UINT, UINT, DWORD_PTR, DWORD_PTR, DWORD_PTR);

struct Route {
    EntryPoint entry = nullptr;
    UINT local = 0;        // the device's index within its driver
    HDRVR driver = nullptr;  // the driver instance (OpenDriver handle) the entry point belongs to
};

class DeviceTable {
public:
    DeviceTable() = default;
    DeviceTable(const DeviceTable&) = delete;
    DeviceTable& operator=(const DeviceTable&) = delete;
    ~DeviceTable() = default;  // drivers stay loaded: see unload()

    // Opens the drivers named by the values wave, wave1..wave9, midi.., aux.., mixer.. of the OpenDriver section
    // (HKLM\...\CurrentVersion\<section>), sends each entry point DRVM_INIT and its GETNUMDEVS message, and
    // numbers the devices of each kind in that order.
    void load(LPCWSTR section);
    // Opens one driver by file name (OpenDriver with no section) and adds its modMessage/midMessage devices.
    bool load_midi_driver(LPCWSTR file);
    // Whether load() found any midi, midi1 .. midi9 value.
    bool names_midi() const { return names_midi_; }
    // Sends DRVM_EXIT to every entry point and closes the drivers, in reverse order of loading.
    void unload();

    UINT count(Kind k) const;
    bool route(Kind k, UINT device, Route* out) const;
    // Device N's entry point gets the message with N's local index; MMSYSERR_BADDEVICEID when N is out of range.
    DWORD send(Kind k, UINT device, UINT msg, DWORD_PTR user, DWORD_PTR param1, DWORD_PTR param2) const;

private:
    struct Segment {
        EntryPoint entry;
        UINT first;  // global number of the driver's device 0
        UINT count;
        HDRVR driver;
    };
    std::vector<Segment> segments_[kKindCount];
    UINT totals_[kKindCount] = {};
    std::vector<HDRVR> drivers_;  // load order
    bool names_midi_ = false;

    // Sends DRVM_INIT and the count message to each entry point of the family the driver exports, and numbers its
    // devices; closes the driver again when it serves none.
    bool install(HDRVR h, unsigned family_index, LPCWSTR label);
};

// The process's table, loaded from Drivers32 on first use (never from DllMain); under Wine, when Drivers32 names
// no MIDI driver, also the driver Wine's mmdevapi names (as Wine's builtin winmm does). A driver that calls back
// into these APIs while the table is being loaded sees an empty table.
const DeviceTable& devices();

}  // namespace winmm::driver::lowlevel
