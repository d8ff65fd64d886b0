// A test installable driver and low-level device driver. Built several times with different TD_TAG and device
// counts (TD_AUX ... TD_WOD, -1 for "no such entry point"); each build records every message it gets.
#include "test_driver.h"

#include <mmddk.h>

#include <cstring>
#include <mutex>
#include <vector>

using namespace test_driver;

namespace {

std::mutex lock;
std::vector<Record> records;
Config config = {1, -1, FALSE};
[[maybe_unused]] DWORD_PTR next_id = 0x1000;
DWORD aux_volume[8];

void add(const Record& r) {
    std::lock_guard<std::mutex> g(lock);
    records.push_back(r);
}

[[maybe_unused]] DWORD device_message(UINT target, int count, UINT numdevs_msg, UINT dev, UINT msg, DWORD_PTR user,
                     DWORD_PTR p1, DWORD_PTR p2) {
    Record r = {};
    r.target = target;
    r.msg = msg;
    r.id = dev;
    r.user = user;
    r.p1 = static_cast<LPARAM>(p1);
    r.p2 = static_cast<LPARAM>(p2);
    add(r);
    if (msg == numdevs_msg) return static_cast<DWORD>(count);
    if (msg == DRVM_INIT || msg == DRVM_EXIT) return MMSYSERR_NOERROR;
    if (static_cast<int>(dev) >= count) return MMSYSERR_BADDEVICEID;
    if (target == aux) {
        switch (msg) {
        case AUXDM_GETDEVCAPS: {
            AUXCAPSW caps = {};
            caps.wMid = 0xFF;
            caps.wPid = static_cast<WORD>(TD_TAG * 16 + dev);
            caps.vDriverVersion = 0x0102;
            wsprintfW(caps.szPname, L"td%u aux %u", static_cast<UINT>(TD_TAG), dev);
            caps.wTechnology = AUXCAPS_AUXIN;
            caps.dwSupport = AUXCAPS_VOLUME | AUXCAPS_LRVOLUME;
            std::memcpy(reinterpret_cast<void*>(p1), &caps, p2 < sizeof(caps) ? p2 : sizeof(caps));
            return MMSYSERR_NOERROR;
        }
        case AUXDM_GETVOLUME:
            *reinterpret_cast<DWORD*>(p1) = aux_volume[dev % 8];
            return MMSYSERR_NOERROR;
        case AUXDM_SETVOLUME:
            aux_volume[dev % 8] = static_cast<DWORD>(p1);
            return MMSYSERR_NOERROR;
        }
    }
    return routed_answer(TD_TAG, dev);
}

}  // namespace

#ifndef TD_NO_DRIVERPROC
extern "C" __declspec(dllexport) LRESULT WINAPI DriverProc(DWORD_PTR id, HDRVR hdrvr, UINT msg, LPARAM p1, LPARAM p2) {
    Record r = {};
    r.target = driver_proc;
    r.msg = msg;
    r.id = id;
    r.hdrvr = hdrvr;
    r.p1 = p1;
    r.p2 = p2;
    r.module_seen = GetDriverModuleHandle(hdrvr);
    if (msg == DRV_OPEN && p1) {
        r.p1_is_text = TRUE;
        lstrcpynW(r.text, reinterpret_cast<LPCWSTR>(p1), 64);
    }
    add(r);
    switch (msg) {
    case DRV_LOAD:
        return config.load_result;
    case DRV_OPEN:
        if (config.open_result != -1) return config.open_result;
        {
            std::lock_guard<std::mutex> g(lock);
            return static_cast<LRESULT>(++next_id);
        }
    case DRV_CLOSE:
        return 1;
    default:
        if (config.use_def_proc) return DefDriverProc(id, hdrvr, msg, p1, p2);
        return msg == kRouteProbe ? static_cast<LRESULT>(id + 7) : 1;
    }
}
#endif

#define TD_ENTRY(name, target, count, numdevs)                                                         \
    extern "C" __declspec(dllexport) DWORD WINAPI name(UINT dev, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2) {  \
        return device_message(target, count, numdevs, dev, msg, user, p1, p2);                     \
    }

#if TD_AUX >= 0
TD_ENTRY(auxMessage, aux, TD_AUX, AUXDM_GETNUMDEVS)
#endif
#if TD_MXD >= 0
TD_ENTRY(mxdMessage, mixer, TD_MXD, MXDM_GETNUMDEVS)
#endif
#if TD_MID >= 0
TD_ENTRY(midMessage, midi_in, TD_MID, MIDM_GETNUMDEVS)
#endif
#if TD_MOD >= 0
TD_ENTRY(modMessage, midi_out, TD_MOD, MODM_GETNUMDEVS)
#endif
#if TD_WID >= 0
TD_ENTRY(widMessage, wave_in, TD_WID, WIDM_GETNUMDEVS)
#endif
#if TD_WOD >= 0
TD_ENTRY(wodMessage, wave_out, TD_WOD, WODM_GETNUMDEVS)
#endif

extern "C" __declspec(dllexport) UINT WINAPI td_log_count() {
    std::lock_guard<std::mutex> g(lock);
    return static_cast<UINT>(records.size());
}

extern "C" __declspec(dllexport) BOOL WINAPI td_log_get(UINT index, Record* out) {
    std::lock_guard<std::mutex> g(lock);
    if (index >= records.size()) return FALSE;
    *out = records[index];
    return TRUE;
}

extern "C" __declspec(dllexport) void WINAPI td_log_clear() {
    std::lock_guard<std::mutex> g(lock);
    records.clear();
}

extern "C" __declspec(dllexport) void WINAPI td_configure(const Config* c) {
    config = *c;
}

extern "C" __declspec(dllexport) UINT WINAPI td_tag() {
    return TD_TAG;
}
