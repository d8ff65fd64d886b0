// mciSendCommandW: the commands winmm answers itself (open, sysinfo, sound, break, close) and the dispatch of every
// other command to the device's driver.
#include <windows.h>

#include <mmsystem.h>
#include <mmddk.h>
#include <digitalv.h>

#include <new>

#include "device_layer.h"
#include "driver/installable.h"
#include "string_call.h"

namespace winmm::mci {

MCIERROR answer_for_application(DWORD_PTR raw, UINT msg, DWORD_PTR parms) {
    if (MCIERROR err = LOWORD(raw)) return err;
    // mciSendString formats the answer from the driver's flags and packed resource ids itself (string_call.h).
    if (in_string_call()) return 0;
    // A driver answers "this dwReturn is a string resource" with MCI_RESOURCE_RETURNED and packs the resource id
    // and the constant into dwReturn; the application is given the constant (Wine's tests on Windows: MCI_STATUS
    // mode reads MCI_MODE_STOP, MCI_GETDEVCAPS device type MCI_DEVTYPE_WAVEFORM_AUDIO).
    if ((raw & MCI_RESOURCE_RETURNED) && parms) {
        if (msg == MCI_STATUS) {
            auto* s = reinterpret_cast<MCI_STATUS_PARMS*>(parms);
            s->dwReturn = LOWORD(s->dwReturn);
        } else if (msg == MCI_GETDEVCAPS) {
            auto* c = reinterpret_cast<MCI_GETDEVCAPS_PARMS*>(parms);
            c->dwReturn = LOWORD(c->dwReturn);
        }
    }
    return 0;
}

namespace {

// Commands whose purpose is to return information: "all" cannot answer them ("You can specify all as a device
// identifier for any command that does not return information", Command Shortcuts and Variations).
bool returns_information(UINT msg) {
    switch (msg) {
    case MCI_STATUS:
    case MCI_INFO:
    case MCI_GETDEVCAPS:
    case MCI_WHERE:
    case MCI_LIST:
        return true;
    default:
        return false;
    }
}

MCIERROR send_to_device(const DevicePtr& dev, UINT msg, DWORD flags, DWORD_PTR parms) {
    if (msg == MCI_CLOSE) return close_device(dev, flags, reinterpret_cast<MCI_GENERIC_PARMS*>(parms));
    if (msg == MCI_BREAK) return set_break(dev, flags, reinterpret_cast<MCI_BREAK_PARMS*>(parms));
    // The driver handle is written before the device turns open, and the lookup that found it open took the
    // table's lock after that: it can be read here without the lock.
    DWORD_PTR raw = driver::send(dev->driver, msg, flags, static_cast<LPARAM>(parms));
    MCIERROR err = answer_for_application(raw, msg, parms);
    command_finished(dev, msg, flags, err);
    // Inside mciSendString the driver's return flags go back with the success (string_call.h).
    if (!err && in_string_call()) return static_cast<MCIERROR>(raw);
    return err;
}

// "MCI sends the command sequentially to all devices opened by the current application." One error is reported
// as itself; different errors from different devices as MCIERR_MULTIPLE.
MCIERROR send_to_all(UINT msg, DWORD flags, DWORD_PTR parms) {
    if (returns_information(msg)) return MCIERR_CANNOT_USE_ALL;
    MCIERROR result = 0;
    bool first_error = true;
    for (const DevicePtr& dev : table::list_open([](const Device&) { return true; })) {
        MCIERROR err = LOWORD(send_to_device(dev, msg, flags, parms));  // without a string call's return flags
        if (!err) continue;
        if (first_error) {
            result = err;
            first_error = false;
        } else if (err != result) {
            result = MCIERR_MULTIPLE;
        }
    }
    return result;
}

// MCI_SOUND plays a system sound (a sound alias of the registry or WIN.INI) through PlaySound; an unknown name
// plays the default sound, as PlaySound does for any alias without SND_NODEFAULT.
MCIERROR play_sound(DWORD flags, SoundParmsW* p) {
    if ((flags & (MCI_SOUND_NAME | MCI_NOTIFY)) && !p) return MCIERR_NULL_PARAMETER_BLOCK;
    LPCWSTR name = L"SystemDefault";
    if (flags & MCI_SOUND_NAME) {
        if (!p->lpstrSoundName) return MCIERR_NULL_PARAMETER_BLOCK;
        name = p->lpstrSoundName;
    }
    const DWORD how = SND_ALIAS | ((flags & MCI_WAIT) ? SND_SYNC : SND_ASYNC);
    if (!PlaySoundW(name, nullptr, how)) return MCIERR_HARDWARE;
    if (flags & MCI_NOTIFY) post_notify(p->dwCallback, 0, MCI_NOTIFY_SUCCESSFUL);
    return 0;
}

}  // namespace

}  // namespace winmm::mci

using namespace winmm::mci;

namespace {

MCIERROR send_command(MCIDEVICEID mciId, UINT uMsg, DWORD_PTR dwParam1, DWORD_PTR dwParam2) {
    const DWORD flags = static_cast<DWORD>(dwParam1);
    switch (uMsg) {
    case MCI_OPEN:
        return open_device(flags, reinterpret_cast<MCI_OPEN_PARMSW*>(dwParam2));
    case MCI_SYSINFO:
        return system_info(mciId, flags, reinterpret_cast<MCI_SYSINFO_PARMSW*>(dwParam2));
    case MCI_SOUND:
        return play_sound(flags, reinterpret_cast<SoundParmsW*>(dwParam2));
    default:
        break;
    }
    // Messages outside the MCI range are driver messages (DRV_CLOSE, DRV_FREE ...), and MCI_OPEN_DRIVER and
    // MCI_CLOSE_DRIVER belong to winmm: an application's command can be neither.
    if (uMsg < DRV_MCI_FIRST || uMsg > DRV_MCI_LAST || uMsg == MCI_OPEN_DRIVER || uMsg == MCI_CLOSE_DRIVER)
        return MCIERR_UNRECOGNIZED_COMMAND;
    if (is_all_devices(mciId)) return send_to_all(uMsg, flags, dwParam2);
    DeviceState state;
    DevicePtr dev = table::find(mciId, &state);
    if (!dev || state == DeviceState::opening) return MCIERR_INVALID_DEVICE_ID;
    if (state == DeviceState::closing) return MCIERR_DEVICE_LOCKED;
    return send_to_device(dev, uMsg, flags, dwParam2);
}

}  // namespace

// No C++ exception leaves the DLL: running out of memory (names, the table) is MCI's own error.
extern "C" MCIERROR WINAPI mciSendCommandW(MCIDEVICEID mciId, UINT uMsg, DWORD_PTR dwParam1, DWORD_PTR dwParam2) {
    try {
        return send_command(mciId, uMsg, dwParam1, dwParam2);
    } catch (const std::bad_alloc&) {
        return MCIERR_OUT_OF_MEMORY;
    }
}
