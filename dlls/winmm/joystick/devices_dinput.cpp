// The 16 joystick ids on DirectInput 8: the attached game controllers (DI8DEVCLASS_GAMECTRL), each opened by
// dinput_device.cpp. dinput8.dll is loaded on first use; nothing is released at unload (the objects live as long
// as the process, like the time subsystem's queue), so DllMain never calls into DirectInput.
#include "dinput_device.h"

#include <vector>

#include "devices.h"
#include "log.h"

namespace winmm::joystick::devices {
namespace {

// How often a query of an empty id may enumerate the devices again. One enumeration costs about 13 ms under Wine
// (docs/joystick.md); a game polling a joystick that is not there every frame must not pay that each frame, and a
// controller plugged in is still found within this long without joyConfigChanged.
constexpr ULONGLONG rescan_ms = 1000;

struct Slot {
    IDirectInputDevice8W* device = nullptr;
    GUID instance = {};
    DeviceInfo info;
};

SRWLOCK lock = SRWLOCK_INIT;
bool load_tried = false;
IDirectInput8W* dinput = nullptr;
Slot slots[slot_count];
bool scanned = false;
ULONGLONG last_scan = 0;

HINSTANCE this_module() {
    HMODULE m = nullptr;
    GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                       reinterpret_cast<LPCWSTR>(&this_module), &m);
    return m;
}

void load_locked() {
    if (load_tried) return;
    load_tried = true;
    HMODULE dll = LoadLibraryW(L"dinput8.dll");
    if (!dll) {
        WINMM_WARN("joystick: dinput8.dll cannot be loaded (error %lu): no joystick driver", GetLastError());
        return;
    }
    using Create = HRESULT(WINAPI*)(HINSTANCE, DWORD, REFIID, void**, IUnknown*);
    auto create = reinterpret_cast<Create>(reinterpret_cast<void*>(GetProcAddress(dll, "DirectInput8Create")));
    HRESULT hr = create ? create(this_module(), DIRECTINPUT_VERSION, IID_IDirectInput8W,
                                 reinterpret_cast<void**>(&dinput), nullptr)
                        : E_NOINTERFACE;
    if (FAILED(hr)) {
        dinput = nullptr;
        FreeLibrary(dll);
        WINMM_WARN("joystick: DirectInput8Create failed (0x%08lx): no joystick driver", hr);
        return;
    }
    WINMM_INFO("joystick: DirectInput 8 loaded");
}

BOOL CALLBACK collect_instance(LPCDIDEVICEINSTANCEW d, LPVOID context) {
    static_cast<std::vector<DIDEVICEINSTANCEW>*>(context)->push_back(*d);
    return DIENUM_CONTINUE;
}

void clear_slot(Slot& s) {
    if (s.device) {
        s.device->Unacquire();
        s.device->Release();
    }
    s = Slot{};
}

// Builds the list again: controllers still attached keep their ids, gone ones free theirs, new ones take the
// lowest free id.
void scan_locked() {
    scanned = true;
    last_scan = GetTickCount64();
    std::vector<DIDEVICEINSTANCEW> found;
    HRESULT hr = dinput->EnumDevices(DI8DEVCLASS_GAMECTRL, collect_instance, &found, DIEDFL_ATTACHEDONLY);
    if (FAILED(hr)) {
        WINMM_WARN("joystick: EnumDevices failed (0x%08lx)", hr);
        return;
    }
    auto attached = [&](const GUID& g) {
        for (const auto& d : found)
            if (d.guidInstance == g) return true;
        return false;
    };
    for (Slot& s : slots)
        if (s.device && !attached(s.instance)) clear_slot(s);
    for (const auto& d : found) {
        bool known = false;
        for (const Slot& s : slots) known = known || (s.device && s.instance == d.guidInstance);
        if (known) continue;
        Slot* free_slot = nullptr;
        for (Slot& s : slots)
            if (!s.device) {
                free_slot = &s;
                break;
            }
        if (!free_slot) break;
        DeviceInfo info;
        if (IDirectInputDevice8W* dev = dinput_device::open(dinput, d.guidInstance, &info)) {
            free_slot->device = dev;
            free_slot->instance = d.guidInstance;
            free_slot->info = info;
            WINMM_INFO("joystick: id %u is a controller with %u buttons", unsigned(free_slot - slots), info.buttons);
        }
    }
}

// The id's controller, after enumerating again when it is empty and the last enumeration is old enough.
Slot* device_locked(UINT id) {
    load_locked();
    if (!dinput || id >= slot_count) return nullptr;
    if (!slots[id].device && (!scanned || GetTickCount64() - last_scan >= rescan_ms)) scan_locked();
    return slots[id].device ? &slots[id] : nullptr;
}

struct Locked {
    Locked() { AcquireSRWLockExclusive(&lock); }
    ~Locked() { ReleaseSRWLockExclusive(&lock); }
};

}  // namespace

bool driver_present() {
    Locked l;
    load_locked();
    return dinput != nullptr;
}

bool read_info(UINT id, DeviceInfo* out) {
    Locked l;
    Slot* s = device_locked(id);
    if (!s) return false;
    *out = s->info;
    return true;
}

bool read_state(UINT id, DeviceState* out) {
    Locked l;
    Slot* s = device_locked(id);
    if (!s) return false;
    HRESULT hr = dinput_device::read(s->device, s->info, out);
    if (FAILED(hr)) {
        // Unplugged (or broken): the id is free again until an enumeration finds a controller for it.
        WINMM_INFO("joystick: id %u is gone (GetDeviceState 0x%08lx)", id, hr);
        clear_slot(*s);
        return false;
    }
    return true;
}

void refresh() {
    Locked l;
    load_locked();
    if (dinput) scan_locked();
}

}  // namespace winmm::joystick::devices
