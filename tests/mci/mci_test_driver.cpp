// A test MCI driver: an installable driver whose DriverProc records every message (with copies of what the tests
// look at) and answers like a small device with one "play" of configurable length. It reaches winmm's driver-side
// functions (mciSetDriverData, mciDriverNotify, mciDriverYield) through its imports, like any MCI driver.
#include "mci_test_driver.h"

#include <mmddk.h>

#include <cwchar>
#include <map>
#include <mutex>
#include <vector>

extern "C" {
BOOL WINAPI mciDriverNotify(HANDLE hwndCallback, MCIDEVICEID wDeviceID, UINT uStatus);
UINT WINAPI mciDriverYield(MCIDEVICEID wDeviceID);
DWORD_PTR WINAPI mciGetDriverData(MCIDEVICEID wDeviceID);
BOOL WINAPI mciSetDriverData(MCIDEVICEID wDeviceID, DWORD_PTR dwData);
}

using namespace mci_test_driver;

namespace {

std::mutex lock;
std::vector<Record> records;
Config config = {MCI_DEVTYPE_OTHER, MCI_NO_COMMAND_TABLE, 0x5000, 300, FALSE, FALSE};

// A play running with MCI_NOTIFY: a thread posts MCI_NOTIFY_SUCCESSFUL when it ends, unless a later command took
// the notification over (superseded, aborted) first. Whoever removes the entry owns the notification.
struct Pending {
    DWORD_PTR callback;
    HANDLE cancel;
    UINT token;
};
std::map<MCIDEVICEID, Pending> pending;
std::map<MCIDEVICEID, std::vector<HANDLE>> play_threads;  // waited for at close, so no thread outlives the module
std::map<MCIDEVICEID, DWORD> modes;
UINT next_token = 1;

void copy_text(WCHAR* dst, const WCHAR* src) {
    if (!src) {
        dst[0] = 0;
        return;
    }
    wcsncpy(dst, src, 95);
    dst[95] = 0;
}

void add(const Record& r) {
    std::lock_guard<std::mutex> g(lock);
    records.push_back(r);
}

struct PlayThreadArgs {
    MCIDEVICEID id;
    UINT token;
    HANDLE cancel;
    DWORD ms;
};

DWORD WINAPI play_thread(void* p) {
    PlayThreadArgs a = *static_cast<PlayThreadArgs*>(p);
    delete static_cast<PlayThreadArgs*>(p);
    if (WaitForSingleObject(a.cancel, a.ms) == WAIT_TIMEOUT) {
        DWORD_PTR callback = 0;
        bool mine = false;
        {
            std::lock_guard<std::mutex> g(lock);
            auto it = pending.find(a.id);
            if (it != pending.end() && it->second.token == a.token) {
                callback = it->second.callback;
                pending.erase(it);
                mine = true;
            }
            modes[a.id] = MCI_MODE_STOP;
        }
        if (mine) mciDriverNotify(reinterpret_cast<HANDLE>(callback), a.id, MCI_NOTIFY_SUCCESSFUL);
    }
    CloseHandle(a.cancel);
    return 0;
}

// Ends the pending play's notification with `status` (superseded, aborted), if there is one.
void take_over(MCIDEVICEID id, UINT status) {
    Pending p = {};
    bool had = false;
    {
        std::lock_guard<std::mutex> g(lock);
        auto it = pending.find(id);
        if (it != pending.end()) {
            p = it->second;
            pending.erase(it);
            had = true;
        }
    }
    if (!had) return;
    SetEvent(p.cancel);
    mciDriverNotify(reinterpret_cast<HANDLE>(p.callback), id, status);
}

void start_play(MCIDEVICEID id, DWORD flags, DWORD_PTR callback) {
    HANDLE cancel = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    auto* args = new PlayThreadArgs{id, 0, cancel, config.play_ms};
    {
        std::lock_guard<std::mutex> g(lock);
        args->token = next_token++;
        if (flags & MCI_NOTIFY) pending[id] = Pending{callback, cancel, args->token};
        modes[id] = MCI_MODE_PLAY;
    }
    HANDLE t = CreateThread(nullptr, 0, play_thread, args, 0, nullptr);
    std::lock_guard<std::mutex> g(lock);
    play_threads[id].push_back(t);
}

void stop_all_plays(MCIDEVICEID id) {
    std::vector<HANDLE> threads;
    {
        std::lock_guard<std::mutex> g(lock);
        threads.swap(play_threads[id]);
    }
    for (HANDLE t : threads) {
        WaitForSingleObject(t, INFINITE);
        CloseHandle(t);
    }
}

DWORD_PTR callback_of(LPARAM parms) {
    return parms ? reinterpret_cast<MCI_GENERIC_PARMS*>(parms)->dwCallback : 0;
}

void notify_if_asked(MCIDEVICEID id, DWORD flags, LPARAM parms) {
    if ((flags & MCI_NOTIFY) && parms)
        mciDriverNotify(reinterpret_cast<HANDLE>(callback_of(parms)), id, MCI_NOTIFY_SUCCESSFUL);
}

LRESULT mci_command(MCIDEVICEID id, UINT msg, DWORD flags, LPARAM parms, Record* r) {
    switch (msg) {
    case MCI_OPEN_DRIVER: {
        auto* p = reinterpret_cast<MCI_OPEN_PARMSW*>(parms);
        if (!p) return MCIERR_NULL_PARAMETER_BLOCK;
        r->device_id = p->wDeviceID;
        if ((flags & MCI_OPEN_ELEMENT) && !(flags & MCI_OPEN_ELEMENT_ID)) copy_text(r->text1, p->lpstrElementName);
        if (flags & MCI_OPEN_ALIAS) copy_text(r->text2, p->lpstrAlias);
        if ((flags & MCI_OPEN_TYPE) && !(flags & MCI_OPEN_TYPE_ID)) copy_text(r->text3, p->lpstrDeviceType);
        if ((flags & MCI_OPEN_ELEMENT) && !(flags & MCI_OPEN_ELEMENT_ID) && p->lpstrElementName &&
            !wcscmp(p->lpstrElementName, kMissingElement))
            return MCIERR_FILE_NOT_FOUND;
        {
            std::lock_guard<std::mutex> g(lock);
            modes[id] = MCI_MODE_STOP;
        }
        if (config.notify_on_open) notify_if_asked(id, flags, parms);
        return 0;
    }
    case MCI_CLOSE_DRIVER:
        take_over(id, MCI_NOTIFY_ABORTED);
        stop_all_plays(id);
        if (config.notify_on_close) notify_if_asked(id, flags, parms);
        return 0;
    case MCI_PLAY: {
        if (!parms) return MCIERR_NULL_PARAMETER_BLOCK;
        take_over(id, MCI_NOTIFY_SUPERSEDED);
        if (flags & MCI_WAIT) {
            DWORD start = GetTickCount();
            while (GetTickCount() - start < config.play_ms) {
                r->yields++;
                if (mciDriverYield(id)) {
                    r->broken = TRUE;
                    break;
                }
                Sleep(5);
            }
            notify_if_asked(id, flags, parms);
            return 0;
        }
        start_play(id, flags, callback_of(parms));
        return 0;
    }
    case MCI_PAUSE:
        take_over(id, MCI_NOTIFY_SUPERSEDED);
        {
            std::lock_guard<std::mutex> g(lock);
            modes[id] = MCI_MODE_PAUSE;
        }
        notify_if_asked(id, flags, parms);
        return 0;
    case MCI_STOP:
        take_over(id, MCI_NOTIFY_ABORTED);
        {
            std::lock_guard<std::mutex> g(lock);
            modes[id] = MCI_MODE_STOP;
        }
        notify_if_asked(id, flags, parms);
        return 0;
    case MCI_STATUS: {
        auto* p = reinterpret_cast<MCI_STATUS_PARMS*>(parms);
        if (!p) return MCIERR_NULL_PARAMETER_BLOCK;
        if (!(flags & MCI_STATUS_ITEM)) return MCIERR_MISSING_PARAMETER;
        LRESULT answer = 0;
        if (p->dwItem == MCI_STATUS_MODE) {
            DWORD mode;
            {
                std::lock_guard<std::mutex> g(lock);
                mode = modes.count(id) ? modes[id] : MCI_MODE_STOP;
            }
            // As real drivers do: the constant packed with its string resource id.
            p->dwReturn = MAKEMCIRESOURCE(mode, mode + 0x100);
            answer = MCI_RESOURCE_RETURNED;
        } else if (p->dwItem == MCI_STATUS_LENGTH) {
            p->dwReturn = config.play_ms;
        } else {
            return MCIERR_UNSUPPORTED_FUNCTION;
        }
        notify_if_asked(id, flags, parms);
        return answer;
    }
    case MCI_GETDEVCAPS: {
        auto* p = reinterpret_cast<MCI_GETDEVCAPS_PARMS*>(parms);
        if (!p) return MCIERR_NULL_PARAMETER_BLOCK;
        if (p->dwItem != MCI_GETDEVCAPS_DEVICE_TYPE) return MCIERR_UNSUPPORTED_FUNCTION;
        p->dwReturn = MAKEMCIRESOURCE(config.type, config.type);
        return MCI_RESOURCE_RETURNED;
    }
    case MCI_INFO: {
        auto* p = reinterpret_cast<MCI_INFO_PARMSW*>(parms);
        if (!p) return MCIERR_NULL_PARAMETER_BLOCK;
        if (!(flags & MCI_INFO_PRODUCT)) return MCIERR_UNRECOGNIZED_KEYWORD;
        size_t n = wcslen(kProduct);
        if (!p->lpstrReturn || p->dwRetSize < n + 1) return MCIERR_PARAM_OVERFLOW;
        wcscpy(p->lpstrReturn, kProduct);
        notify_if_asked(id, flags, parms);
        return 0;
    }
    case kCustomCommand:
        return kCustomAnswer;
    default:
        return MCIERR_UNRECOGNIZED_COMMAND;
    }
}

}  // namespace

extern "C" __declspec(dllexport) LRESULT CALLBACK DriverProc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1,
                                                             LPARAM p2) {
    Record r = {};
    r.msg = msg;
    r.driver_id = id;
    r.flags = static_cast<DWORD_PTR>(p1);
    r.parms = p2;
    r.thread = GetCurrentThreadId();
    LRESULT answer;
    switch (msg) {
    case DRV_LOAD:
    case DRV_FREE:
    case DRV_ENABLE:
    case DRV_DISABLE:
        answer = 1;
        break;
    case DRV_OPEN: {
        copy_text(r.text1, reinterpret_cast<const WCHAR*>(p1));
        auto* modp = reinterpret_cast<MCI_OPEN_DRIVER_PARMS*>(p2);
        if (!modp) {  // opened as a plain installable driver, not as an MCI device
            answer = 1;
            break;
        }
        r.device_id = modp->wDeviceID;
        copy_text(r.text2, modp->lpstrParams);
        if (config.type) modp->wType = config.type;
        modp->wCustomCommandTable = config.custom_table;
        mciSetDriverData(modp->wDeviceID, config.data_base + modp->wDeviceID);
        answer = modp->wDeviceID;
        break;
    }
    case DRV_CLOSE:
        r.data = mciGetDriverData(static_cast<MCIDEVICEID>(id));
        answer = 1;
        break;
    default:
        if (msg >= DRV_MCI_FIRST && msg <= DRV_MCI_LAST) {
            answer = mci_command(static_cast<MCIDEVICEID>(id), msg, static_cast<DWORD>(p1), p2, &r);
        } else {
            answer = DefDriverProc(id, hdrvr, msg, p1, p2);
        }
        break;
    }
    add(r);
    return answer;
}

extern "C" __declspec(dllexport) UINT WINAPI mcitest_count() {
    std::lock_guard<std::mutex> g(lock);
    return static_cast<UINT>(records.size());
}

extern "C" __declspec(dllexport) BOOL WINAPI mcitest_get(UINT index, Record* out) {
    std::lock_guard<std::mutex> g(lock);
    if (index >= records.size()) return FALSE;
    *out = records[index];
    return TRUE;
}

extern "C" __declspec(dllexport) void WINAPI mcitest_clear() {
    std::lock_guard<std::mutex> g(lock);
    records.clear();
}

extern "C" __declspec(dllexport) void WINAPI mcitest_configure(const Config* c) {
    std::lock_guard<std::mutex> g(lock);
    config = *c;
}
