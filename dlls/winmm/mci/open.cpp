// MCI_OPEN: find the driver, reserve the device, open the driver as an installable driver and send it
// MCI_OPEN_DRIVER. The order matters to drivers: the device id exists (and mciSetDriverData works on it) from
// DRV_OPEN on, before the driver has seen any MCI command.
#include <windows.h>

#include <mmsystem.h>
#include <mmddk.h>

#include <string>

#include "device_layer.h"
#include "driver/installable.h"
#include "log.h"
#include "registry.h"

namespace winmm::mci {

namespace {

bool same_name(const std::wstring& a, const wchar_t* b) {
    return CompareStringOrdinal(a.c_str(), static_cast<int>(a.size()), b, -1, TRUE) == CSTR_EQUAL;
}

// What the application asked for, checked against the flags before anything is loaded.
struct Request {
    std::wstring device;      // the device name to look up in MCI32
    std::wstring alias;       // the name the device will be known by
    bool explicit_alias = false;
    std::wstring element;
    bool has_element_id = false;
    DWORD element_id = 0;
};

MCIERROR read_request(DWORD flags, const MCI_OPEN_PARMSW* p, Request* r) {
    const bool type = flags & MCI_OPEN_TYPE, type_id = flags & MCI_OPEN_TYPE_ID;
    const bool element = flags & MCI_OPEN_ELEMENT, element_id = flags & MCI_OPEN_ELEMENT_ID;
    // "Use this flag with MCI_OPEN_TYPE" / "with MCI_OPEN_ELEMENT" (MCI_OPEN page): the id has nothing to qualify.
    if ((type_id && !type) || (element_id && !element)) return MCIERR_MISSING_PARAMETER;
    if (type) {
        if (type_id) {
            // Low word: an MCI_DEVTYPE_* constant; high word: an optional ordinal (waveaudio1, waveaudio2 ...).
            const DWORD_PTR v = reinterpret_cast<DWORD_PTR>(p->lpstrDeviceType);
            const wchar_t* name = registry::standard_type_name(LOWORD(v));
            if (!name) return MCIERR_INVALID_DEVICE_NAME;
            r->device = name;
            if (HIWORD(v)) r->device += std::to_wstring(HIWORD(v));
        } else {
            if (!p->lpstrDeviceType) return MCIERR_NULL_PARAMETER_BLOCK;
            r->device = p->lpstrDeviceType;
            if (r->device.empty()) return MCIERR_INVALID_DEVICE_NAME;
            if (r->device.size() >= MCI_MAX_DEVICE_TYPE_LENGTH) return MCIERR_DEVICE_LENGTH;
        }
    }
    if (element) {
        if (element_id) {
            r->has_element_id = true;
            r->element_id = static_cast<DWORD>(reinterpret_cast<DWORD_PTR>(p->lpstrElementName));
        } else {
            if (!p->lpstrElementName) return MCIERR_NULL_PARAMETER_BLOCK;
            r->element = p->lpstrElementName;
        }
        // Automatic type selection: the element's extension names the device in MCI Extensions.
        if (!type) {
            if (element_id) return MCIERR_DEVICE_TYPE_REQUIRED;
            if (!registry::device_for_element(r->element, &r->device)) return MCIERR_EXTENSION_NOT_FOUND;
        }
    }
    if (!type && !element) return MCIERR_INVALID_DEVICE_NAME;
    if (same_name(r->device, L"all")) return MCIERR_CANNOT_USE_ALL;

    // Every open device has a name: the alias, else the file name, else the device name as it was given.
    if (flags & MCI_OPEN_ALIAS) {
        if (!p->lpstrAlias) return MCIERR_NULL_PARAMETER_BLOCK;
        r->alias = p->lpstrAlias;
        r->explicit_alias = true;
    } else if (element && !element_id) {
        r->alias = r->element;
    } else {
        r->alias = r->device;
    }
    return 0;
}

}  // namespace

MCIERROR open_device(DWORD flags, MCI_OPEN_PARMSW* p) {
    if (!p) return MCIERR_NULL_PARAMETER_BLOCK;
    Request r;
    if (MCIERROR e = read_request(flags, p, &r)) return e;

    std::wstring file, params;
    if (!registry::driver_entry(r.device, &file, &params)) {
        WINMM_DEBUG("MCI_OPEN: %ls is not an installed MCI device", r.device.c_str());
        return MCIERR_INVALID_DEVICE_NAME;
    }

    bool alias_taken = false;
    DevicePtr dev = table::reserve(r.alias, &alias_taken);
    if (!dev) {
        if (!alias_taken) return MCIERR_OUT_OF_MEMORY;
        // An alias the program chose collides with "duplicate alias"; a name MCI derived from the element or the
        // device (a second "open cdaudio") with "device already open" (Wine's tests on Windows: both).
        return r.explicit_alias ? MCIERR_DUPLICATE_ALIAS : MCIERR_DEVICE_OPEN;
    }
    table::with_device(dev->id, [&](Device& d) {
        d.install_name = r.device;
        d.element = r.element;
        d.has_element_id = r.has_element_id;
        d.element_id = r.element_id;
        d.shareable = flags & MCI_OPEN_SHAREABLE;
        install_default_yield(d);
    });

    // DRV_OPEN's lParam2: the driver reads the id and fills in its command table and device type.
    MCI_OPEN_DRIVER_PARMS modp = {};
    modp.wDeviceID = dev->id;
    modp.lpstrParams = params.c_str();
    modp.wCustomCommandTable = MCI_NO_COMMAND_TABLE;
    modp.wType = 0;
    HDRVR h = driver::open(r.device.c_str(), L"MCI32", reinterpret_cast<LPARAM>(&modp));
    if (!h) {
        WINMM_DEBUG("MCI_OPEN: the driver %ls of %ls did not open", file.c_str(), r.device.c_str());
        table::remove(dev->id);
        return MCIERR_CANNOT_LOAD_DRIVER;
    }
    // An MCI driver's module stays mapped until the process ends, whatever CloseDriver does later: drivers play
    // and record on threads of their own, which post their last notification and only then return through the
    // driver's code, and Wine's mciwave does not wait for that return when it is closed right after the
    // notification. Unloading the module then pulls the code from under that thread (mci-wave crashed so).
    HMODULE pinned = nullptr;
    if (HMODULE module = driver::module_of(h))
        GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_PIN,
                           reinterpret_cast<LPCWSTR>(module), &pinned);
    // Drivers answer "no table" as 0xFFFFFFFF or as 0x0000FFFF.
    UINT custom = LOWORD(modp.wCustomCommandTable) == 0xFFFF ? MCI_NO_COMMAND_TABLE : modp.wCustomCommandTable;
    UINT type = modp.wType ? modp.wType : registry::standard_type_of(r.device);
    table::with_device(dev->id, [&](Device& d) {
        d.driver = h;
        d.custom_table = custom;
        d.type = type;
    });

    const MCIDEVICEID caller_id = p->wDeviceID;
    p->wDeviceID = dev->id;
    DWORD_PTR raw = driver::send(h, MCI_OPEN_DRIVER, flags, reinterpret_cast<LPARAM>(p));
    MCIERROR err = LOWORD(raw);
    if (err) {
        p->wDeviceID = caller_id;
        table::with_device(dev->id, [](Device& d) { d.state = DeviceState::closing; });
        driver::close(h, 0, 0);
        table::remove(dev->id);
        return err;
    }
    bool driver_notified = false;
    table::with_device(dev->id, [&](Device& d) {
        d.state = DeviceState::open;
        driver_notified = d.own_notify_seen;
        d.own_notify_seen = false;
    });
    if ((flags & MCI_NOTIFY) && !driver_notified) post_notify(p->dwCallback, dev->id, MCI_NOTIFY_SUCCESSFUL);
    return 0;
}

}  // namespace winmm::mci
