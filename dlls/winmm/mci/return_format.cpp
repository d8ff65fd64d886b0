// Return values as text: integers, resource strings, colon time formats, rectangles and strings.
#include "return_format.h"

#include <mmsystem.h>
#include <mmddk.h>

#include <cstdio>
#include <cstring>

#include "module.h"
#include "device_names.h"

namespace winmm::mci {

namespace {

constexpr DWORD kReturnFlags = MCI_RESOURCE_RETURNED | MCI_RESOURCE_DRIVER | MCI_COLONIZED3_RETURN |
                               MCI_COLONIZED4_RETURN | MCI_INTEGER_RETURNED;

std::wstring load_string(HMODULE module, UINT id) {
    if (!module) return {};
    wchar_t buf[128];
    int n = LoadStringW(module, id, buf, 128);
    return n > 0 ? std::wstring(buf, static_cast<size_t>(n)) : std::wstring();
}

std::wstring decimal(unsigned long long value) {
    wchar_t buf[24];
    swprintf(buf, 24, L"%llu", value);
    return buf;
}

// The module a driver keeps its own strings in (MCI_RESOURCE_DRIVER): the driver file the registry lists for the
// device's install name, as loaded in this process.
HMODULE driver_module(MCIDEVICEID device) {
    wchar_t name[MAX_PATH] = L"";
    MCI_SYSINFO_PARMSW info = {};
    info.lpstrReturn = name;
    info.dwRetSize = MAX_PATH;
    if (mciSendCommandW(device, MCI_SYSINFO, MCI_SYSINFO_INSTALLNAME, reinterpret_cast<DWORD_PTR>(&info)))
        return nullptr;
    name[MAX_PATH - 1] = 0;
    std::wstring file = installed_driver(name);
    return file.empty() ? nullptr : GetModuleHandleW(file.c_str());
}

// When the device layer passed the driver's flags on, they say how to print. When it did not (an application's
// mciSendCommand result), the items whose answers the command-string pages document as words are recognized by
// their item: status mode / time format / ready / media present, capability device type and the TRUE/FALSE
// capabilities. Their values are the constants whose resource strings hold those words.
DWORD recognized_flags(const tables::Command& cmd, DWORD flags, const BYTE* block, DWORD* value) {
    if (cmd.message == MCI_STATUS && (flags & MCI_STATUS_ITEM)) {
        const auto* p = reinterpret_cast<const MCI_STATUS_PARMS*>(block);
        switch (p->dwItem) {
        case MCI_STATUS_MODE:
            if ((*value >= MCI_MODE_NOT_READY && *value <= MCI_MODE_OPEN) || *value == MCI_VD_MODE_PARK) {
                *value = MAKEMCIRESOURCE(*value, *value);
                return MCI_RESOURCE_RETURNED;
            }
            break;
        case MCI_STATUS_TIME_FORMAT:
            if (*value <= MCI_FORMAT_TMSF) {
                *value = MAKEMCIRESOURCE(*value, MCI_FORMAT_RETURN_BASE + *value);
                return MCI_RESOURCE_RETURNED;
            }
            break;
        case MCI_STATUS_READY:
        case MCI_STATUS_MEDIA_PRESENT:
            *value = MAKEMCIRESOURCE(*value, *value ? MCI_TRUE : MCI_FALSE);
            return MCI_RESOURCE_RETURNED;
        default:
            break;
        }
    } else if (cmd.message == MCI_GETDEVCAPS && (flags & MCI_GETDEVCAPS_ITEM)) {
        const auto* p = reinterpret_cast<const MCI_GETDEVCAPS_PARMS*>(block);
        switch (p->dwItem) {
        case MCI_GETDEVCAPS_DEVICE_TYPE:
            if (*value >= MCI_DEVTYPE_FIRST && *value <= MCI_DEVTYPE_LAST) {
                *value = MAKEMCIRESOURCE(*value, *value);
                return MCI_RESOURCE_RETURNED;
            }
            break;
        case MCI_GETDEVCAPS_CAN_RECORD: case MCI_GETDEVCAPS_HAS_AUDIO: case MCI_GETDEVCAPS_HAS_VIDEO:
        case MCI_GETDEVCAPS_USES_FILES: case MCI_GETDEVCAPS_COMPOUND_DEVICE: case MCI_GETDEVCAPS_CAN_EJECT:
        case MCI_GETDEVCAPS_CAN_PLAY: case MCI_GETDEVCAPS_CAN_SAVE:
            *value = MAKEMCIRESOURCE(*value, *value ? MCI_TRUE : MCI_FALSE);
            return MCI_RESOURCE_RETURNED;
        default:
            break;
        }
    }
    return 0;
}

DWORD put(const std::wstring& text, wchar_t* out, UINT out_len) {
    if (!out || !out_len) return 0;
    if (text.size() + 1 > out_len) {
        out[0] = 0;
        return MCIERR_PARAM_OVERFLOW;
    }
    std::memcpy(out, text.c_str(), (text.size() + 1) * sizeof(wchar_t));
    return 0;
}

}  // namespace

std::wstring integer_text(DWORD value, DWORD driver_flags, HMODULE strings, HMODULE driver_strings) {
    wchar_t buf[32];
    switch (driver_flags & kReturnFlags) {
    case MCI_RESOURCE_RETURNED:
    case MCI_RESOURCE_RETURNED | MCI_RESOURCE_DRIVER: {
        // MAKEMCIRESOURCE(value, string id): the string id is in the high word.
        HMODULE from = (driver_flags & MCI_RESOURCE_DRIVER) ? driver_strings : strings;
        std::wstring s = load_string(from, HIWORD(value));
        if (s.empty() && from != strings) s = load_string(strings, HIWORD(value));
        return s.empty() ? decimal(LOWORD(value)) : s;
    }
    case MCI_COLONIZED3_RETURN:
        swprintf(buf, 32, L"%02u:%02u:%02u", LOBYTE(LOWORD(value)), HIBYTE(LOWORD(value)), LOBYTE(HIWORD(value)));
        return buf;
    case MCI_COLONIZED4_RETURN:
        swprintf(buf, 32, L"%02u:%02u:%02u:%02u", LOBYTE(LOWORD(value)), HIBYTE(LOWORD(value)),
                 LOBYTE(HIWORD(value)), HIBYTE(HIWORD(value)));
        return buf;
    default:
        return decimal(value);
    }
}

DWORD format_return(const ReturnContext& ctx, wchar_t* out, UINT out_len) {
    const tables::Command& cmd = *ctx.command;
    const BYTE* slot = ctx.block + cmd.return_offset;
    DWORD driver_flags = ctx.result & kReturnFlags;
    switch (cmd.return_type) {
    case tables::kInteger:
    case tables::kInteger64: {
        DWORD_PTR wide = 0;
        if (cmd.return_type == tables::kInteger64) {
            std::memcpy(&wide, slot, sizeof(wide));
        } else {
            DWORD narrow = 0;
            std::memcpy(&narrow, slot, sizeof(narrow));
            wide = narrow;
        }
        DWORD value = static_cast<DWORD>(wide);
        if (!driver_flags) driver_flags = recognized_flags(cmd, ctx.flags, ctx.block, &value);
        if (!(driver_flags & (MCI_RESOURCE_RETURNED | MCI_COLONIZED3_RETURN | MCI_COLONIZED4_RETURN)))
            return put(decimal(wide), out, out_len);
        HMODULE driver = (driver_flags & MCI_RESOURCE_DRIVER) ? driver_module(ctx.device) : nullptr;
        return put(integer_text(value, driver_flags, winmm::module::self(), driver), out, out_len);
    }
    case tables::kRect: {
        LONG rc[4];
        std::memcpy(rc, slot, sizeof(rc));
        wchar_t buf[64];
        swprintf(buf, 64, L"%ld %ld %ld %ld", rc[0], rc[1], rc[2], rc[3]);
        return put(buf, out, out_len);
    }
    case tables::kString: {
        if (!out || !out_len) return 0;
        // sysinfo quantity answers with a DWORD in the string buffer (MCI_INTEGER_RETURNED when the flags pass).
        const bool integer = driver_flags == MCI_INTEGER_RETURNED ||
                             (cmd.message == MCI_SYSINFO && (ctx.flags & MCI_SYSINFO_QUANTITY));
        if (integer) {
            if (out_len * sizeof(wchar_t) < sizeof(DWORD)) return MCIERR_PARAM_OVERFLOW;
            DWORD value = 0;
            std::memcpy(&value, out, sizeof(value));
            return put(decimal(value), out, out_len);
        }
        out[out_len - 1] = 0;  // the driver's text, kept inside the caller's buffer whatever the driver did
        return 0;
    }
    default:
        return 0;
    }
}

}  // namespace winmm::mci
