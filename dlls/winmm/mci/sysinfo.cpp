// MCI_SYSINFO, answered by winmm from the registry and the device table (MCI_SYSINFO page; Wine's conformance tests
// for the details the page leaves out: dwRetSize counts characters, a buffer too small gets MCIERR_PARAM_OVERFLOW
// and is left untouched, "all" has no install name, an unknown device id has none either).
#include <string>
#include <vector>

#include "device_layer.h"
#include "registry.h"

namespace winmm::mci {

namespace {

MCIERROR copy_out(const std::wstring& s, MCI_SYSINFO_PARMSW* p) {
    if (s.size() + 1 > p->dwRetSize) return MCIERR_PARAM_OVERFLOW;
    s.copy(p->lpstrReturn, s.size());
    p->lpstrReturn[s.size()] = L'\0';
    return 0;
}

// The names MCI_SYSINFO_NAME counts through and MCI_SYSINFO_QUANTITY counts: aliases of the calling task's open
// devices, or names installed in MCI32; of one device type unless the id is "all".
std::vector<std::wstring> names(bool all, UINT type, bool open_only) {
    std::vector<std::wstring> out;
    if (open_only) {
        for (const DevicePtr& d : table::list_open([&](const Device& dev) { return all || dev.type == type; }))
            out.push_back(d->alias);
    } else {
        for (const std::wstring& n : registry::installed_names())
            if (all || registry::name_has_type(n, type)) out.push_back(n);
    }
    return out;
}

}  // namespace

MCIERROR system_info(MCIDEVICEID id, DWORD flags, MCI_SYSINFO_PARMSW* p) {
    if (!p) return MCIERR_NULL_PARAMETER_BLOCK;
    const DWORD what = flags & (MCI_SYSINFO_QUANTITY | MCI_SYSINFO_NAME | MCI_SYSINFO_INSTALLNAME);
    if (!what) return MCIERR_MISSING_PARAMETER;
    if (what & (what - 1)) return MCIERR_FLAGS_NOT_COMPATIBLE;
    if (!p->lpstrReturn) return MCIERR_PARAM_OVERFLOW;
    const bool all = is_all_devices(id);
    const bool open_only = flags & MCI_SYSINFO_OPEN;

    MCIERROR err = 0;
    if (what == MCI_SYSINFO_INSTALLNAME) {
        if (all) return MCIERR_CANNOT_USE_ALL;
        DeviceState state;
        DevicePtr dev = table::find(id, &state);
        if (!dev || state != DeviceState::open) return MCIERR_INVALID_DEVICE_NAME;
        std::wstring name;
        table::with_device(id, [&](Device& d) { name = d.install_name; });
        err = copy_out(name, p);
    } else {
        // "If wDeviceID is MCI_ALL_DEVICE_ID, it overrides the value of wDeviceType."
        if (!all && !registry::standard_type_name(p->wDeviceType)) return MCIERR_DEVICE_TYPE_REQUIRED;
        std::vector<std::wstring> list = names(all, p->wDeviceType, open_only);
        if (what == MCI_SYSINFO_QUANTITY) {
            // An integer answer is a DWORD written into the return buffer.
            if (p->dwRetSize < sizeof(DWORD)) return MCIERR_PARAM_OVERFLOW;
            *reinterpret_cast<DWORD*>(p->lpstrReturn) = static_cast<DWORD>(list.size());
        } else {
            if (p->dwNumber == 0 || p->dwNumber > list.size()) return MCIERR_OUTOFRANGE;
            err = copy_out(list[p->dwNumber - 1], p);
        }
    }
    if (!err && (flags & MCI_NOTIFY)) post_notify(p->dwCallback, id, MCI_NOTIFY_SUCCESSFUL);
    return err;
}

}  // namespace winmm::mci
