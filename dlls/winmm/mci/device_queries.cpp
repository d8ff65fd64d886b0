// What the device table answers on its own: device ids by name, the creator task, the driver's private data, and
// the string layer's questions (string_bridge.h).
#include <string>

#include "ansi_text.h"
#include "device_layer.h"
#include "driver_side_api.h"
#include "string_bridge.h"

namespace winmm::mci {

namespace {

MCIDEVICEID device_id_of(LPCWSTR name) {
    if (!name) return 0;
    // "all" names every device (Wine's tests on Windows: mciGetDeviceID("all") is MCI_ALL_DEVICE_ID).
    if (CompareStringOrdinal(name, -1, L"all", -1, TRUE) == CSTR_EQUAL) return MCI_ALL_DEVICE_ID;
    // Only the name the device is known by (its alias) counts, and only for the task that opened it.
    DevicePtr dev = table::find_alias(name);
    return dev ? dev->id : 0;
}

MCIDEVICEID device_id_of_element(DWORD element_id, LPCWSTR type) {
    if (!type) return 0;
    std::wstring wanted(type);
    auto found = table::list_open([&](const Device& d) {
        return d.has_element_id && d.element_id == element_id &&
               CompareStringOrdinal(d.install_name.c_str(), -1, wanted.c_str(), -1, TRUE) == CSTR_EQUAL;
    });
    return found.empty() ? 0 : found.front()->id;
}

DevicePtr find_open(MCIDEVICEID id) {
    DeviceState state;
    DevicePtr dev = table::find(id, &state);
    return dev && state == DeviceState::open ? dev : nullptr;
}

}  // namespace

UINT device_custom_table(MCIDEVICEID id) {
    UINT t = MCI_NO_COMMAND_TABLE;
    if (DevicePtr dev = find_open(id)) table::with_device(id, [&](Device& d) { t = d.custom_table; });
    return t;
}

UINT device_type(MCIDEVICEID id) {
    UINT t = 0;
    if (DevicePtr dev = find_open(id)) table::with_device(id, [&](Device& d) { t = d.type; });
    return t;
}

void mark_auto_opened(MCIDEVICEID id) {
    table::with_device(id, [](Device& d) {
        d.auto_close = AutoClose::first_command;
        d.ever_auto_opened.store(true, std::memory_order_release);
    });
}

}  // namespace winmm::mci

using namespace winmm::mci;

extern "C" MCIDEVICEID WINAPI mciGetDeviceIDW(LPCWSTR pszDevice) { return device_id_of(pszDevice); }

extern "C" MCIDEVICEID WINAPI mciGetDeviceIDA(LPCSTR pszDevice) {
    if (!pszDevice) return 0;
    return device_id_of(winmm::widen_acp(pszDevice).c_str());
}

extern "C" MCIDEVICEID WINAPI mciGetDeviceIDFromElementIDW(DWORD dwElementID, LPCWSTR lpstrType) {
    return device_id_of_element(dwElementID, lpstrType);
}

extern "C" MCIDEVICEID WINAPI mciGetDeviceIDFromElementIDA(DWORD dwElementID, LPCSTR lpstrType) {
    if (!lpstrType) return 0;
    return device_id_of_element(dwElementID, winmm::widen_acp(lpstrType).c_str());
}

// A task is a thread here, as everywhere in this DLL (mmGetCurrentTask).
extern "C" HTASK WINAPI mciGetCreatorTask(MCIDEVICEID mciId) {
    DWORD thread = 0;
    table::with_device(mciId, [&](Device& d) {
        if (d.state == DeviceState::open) thread = d.creator_thread;
    });
    return reinterpret_cast<HTASK>(static_cast<DWORD_PTR>(thread));
}

extern "C" DWORD_PTR WINAPI mciGetDriverData(MCIDEVICEID wDeviceID) {
    DWORD_PTR data = 0;
    table::with_device(wDeviceID, [&](Device& d) { data = d.driver_data; });
    return data;
}

extern "C" BOOL WINAPI mciSetDriverData(MCIDEVICEID wDeviceID, DWORD_PTR dwData) {
    if (table::with_device(wDeviceID, [&](Device& d) { d.driver_data = dwData; })) return TRUE;
    return FALSE;
}
