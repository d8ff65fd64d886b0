#include "loader.h"

#include <mmddk.h>

#include <atomic>
#include <mutex>
#include <string>

#include "installable.h"
#include "log.h"
#include "wine_midi.h"

namespace winmm::driver::lowlevel {

namespace {

struct EntryName {
    Kind kind;
    const char* export_name;
    UINT getnumdevs;
};

struct Family {
    const wchar_t* value_base;  // wave -> wave, wave1 .. wave9
    EntryName entries[2];
    unsigned entry_count;
};

const Family kFamilies[] = {
    {L"wave", {{Kind::wave_out, "wodMessage", WODM_GETNUMDEVS}, {Kind::wave_in, "widMessage", WIDM_GETNUMDEVS}}, 2},
    {L"midi", {{Kind::midi_out, "modMessage", MODM_GETNUMDEVS}, {Kind::midi_in, "midMessage", MIDM_GETNUMDEVS}}, 2},
    {L"aux", {{Kind::aux, "auxMessage", AUXDM_GETNUMDEVS}, {}}, 1},
    {L"mixer", {{Kind::mixer, "mxdMessage", MXDM_GETNUMDEVS}, {}}, 1},
};

constexpr unsigned kMidiFamily = 1;
constexpr unsigned kValuesPerFamily = 10;  // "wave", "wave1" .. "wave9"

bool value_exists(LPCWSTR section, const std::wstring& name) {
    std::wstring key = std::wstring(kSectionsKey) + L"\\" + section;
    return RegGetValueW(HKEY_LOCAL_MACHINE, key.c_str(), name.c_str(), RRF_RT_REG_SZ,
                        nullptr, nullptr, nullptr) == ERROR_SUCCESS;
}

}  // namespace

void DeviceTable::load(LPCWSTR section) {
    for (unsigned f = 0; f < sizeof(kFamilies) / sizeof(kFamilies[0]); ++f) {
        for (unsigned i = 0; i < kValuesPerFamily; ++i) {
            std::wstring name = kFamilies[f].value_base;
            if (i) name += std::to_wstring(i);
            // Only named values: OpenDriver with a section never falls back to a file called "wave1".
            if (!value_exists(section, name)) continue;
            if (f == kMidiFamily) names_midi_ = true;
            HDRVR h = open(name.c_str(), section, 0);
            if (!h) {
                WINMM_WARN("driver loader: %ls\\%ls does not open", section, name.c_str());
                continue;
            }
            install(h, f, name.c_str());
        }
    }
}

bool DeviceTable::load_midi_driver(LPCWSTR file) {
    HDRVR h = open(file, nullptr, 0);
    if (!h) {
        WINMM_WARN("driver loader: MIDI driver %ls does not open", file);
        return false;
    }
    return install(h, kMidiFamily, file);
}

bool DeviceTable::install(HDRVR h, unsigned family_index, LPCWSTR label) {
    const Family& family = kFamilies[family_index];
    HMODULE module = module_of(h);
    bool contributed = false;
    std::vector<EntryPoint> initialised;
    for (unsigned e = 0; e < family.entry_count; ++e) {
        const EntryName& en = family.entries[e];
        auto entry = reinterpret_cast<EntryPoint>(reinterpret_cast<void*>(GetProcAddress(module, en.export_name)));
        if (!entry) continue;
        auto& segs = segments_[static_cast<unsigned>(en.kind)];
        bool seen = false;
        for (const Segment& s : segs) seen = seen || s.entry == entry;
        if (seen) {
            // The same DLL under two names of one family: its devices are numbered once.
            contributed = true;
            continue;
        }
        entry(0, DRVM_INIT, 0, 0, 0);
        initialised.push_back(entry);
        DWORD n = entry(0, en.getnumdevs, 0, 0, 0);
        if (HIWORD(n)) n = 0;  // an MMSYSERR code in disguise, not a count
        if (!n) continue;
        UINT& total = totals_[static_cast<unsigned>(en.kind)];
        segs.push_back(Segment{entry, total, static_cast<UINT>(n), h});
        total += static_cast<UINT>(n);
        contributed = true;
        WINMM_INFO("driver loader: %ls %s: %lu devices", label, en.export_name, n);
    }
    if (!contributed) {
        for (EntryPoint entry : initialised) entry(0, DRVM_EXIT, 0, 0, 0);
        close(h, 0, 0);
        return false;
    }
    drivers_.push_back(h);
    return true;
}

void DeviceTable::unload() {
    for (unsigned k = 0; k < kKindCount; ++k) {
        for (auto it = segments_[k].rbegin(); it != segments_[k].rend(); ++it) it->entry(0, DRVM_EXIT, 0, 0, 0);
        segments_[k].clear();
        totals_[k] = 0;
    }
    for (auto it = drivers_.rbegin(); it != drivers_.rend(); ++it) close(*it, 0, 0);
    drivers_.clear();
}

UINT DeviceTable::count(Kind k) const {
    return totals_[static_cast<unsigned>(k)];
}

bool DeviceTable::route(Kind k, UINT device, Route* out) const {
    for (const Segment& s : segments_[static_cast<unsigned>(k)]) {
        if (device >= s.first && device - s.first < s.count) {
            if (out) *out = Route{s.entry, device - s.first, s.driver};
            return true;
        }
    }
    return false;
}

DWORD DeviceTable::send(Kind k, UINT device, UINT msg, DWORD_PTR user, DWORD_PTR param1, DWORD_PTR param2) const {
    Route r;
    if (!route(k, device, &r)) return MMSYSERR_BADDEVICEID;
    return r.entry(r.local, msg, user, param1, param2);
}

const DeviceTable& devices() {
    static std::atomic<DeviceTable*> table{nullptr};
    static bool loading = false;
    static const DeviceTable empty;
    if (DeviceTable* t = table.load(std::memory_order_acquire)) return *t;
    // The open/close lock, not one of its own: loading opens drivers, and a driver may call these APIs from its
    // DriverProc while another thread opens a driver.
    std::lock_guard<std::recursive_mutex> g(open_close_lock());
    if (DeviceTable* t = table.load(std::memory_order_acquire)) return *t;
    if (loading) return empty;  // re-entered by a driver during its own loading, on this thread
    loading = true;
    auto* t = new DeviceTable;  // never freed: its drivers stay loaded until the process ends
    t->load(L"Drivers32");
    // Wine's prefixes name no MIDI driver in Drivers32; Wine's own winmm asks mmdevapi which driver to use.
    if (!t->names_midi()) {
        std::wstring wine_driver = wine_audio_driver();
        if (!wine_driver.empty()) t->load_midi_driver(wine_driver.c_str());
    }
    loading = false;
    table.store(t, std::memory_order_release);
    return *t;
}

}  // namespace winmm::driver::lowlevel
