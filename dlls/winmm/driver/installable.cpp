// OpenDriver, CloseDriver, SendDriverMessage and their legacy aliases. See docs/driver.md for the message order.
#include "installable.h"

#include <mutex>
#include <string>
#include <vector>

#include "ansi_text.h"
#include "handles.h"
#include "log.h"

namespace winmm::driver {

namespace {

struct Candidate {
    std::wstring file;
    std::wstring config;  // the text after the file name: DRV_OPEN's lParam1
};

Candidate split(const std::wstring& entry) {
    Candidate c;
    size_t space = entry.find(L' ');
    c.file = entry.substr(0, space);
    if (space != std::wstring::npos) {
        size_t start = entry.find_first_not_of(L' ', space);
        if (start != std::wstring::npos) c.config = entry.substr(start);
    }
    return c;
}

bool read_registry(LPCWSTR section, LPCWSTR name, std::wstring* out) {
    std::wstring key = std::wstring(kSectionsKey) + L"\\" + section;
    DWORD bytes = 0;
    // RRF_RT_REG_SZ also accepts REG_EXPAND_SZ values, expanded (asking for REG_EXPAND_SZ itself would not expand).
    DWORD flags = RRF_RT_REG_SZ;
    if (RegGetValueW(HKEY_LOCAL_MACHINE, key.c_str(), name, flags, nullptr, nullptr, &bytes) != ERROR_SUCCESS)
        return false;
    std::wstring buf(bytes / sizeof(wchar_t) + 1, L'\0');
    bytes = static_cast<DWORD>(buf.size() * sizeof(wchar_t));
    if (RegGetValueW(HKEY_LOCAL_MACHINE, key.c_str(), name, flags, nullptr, &buf[0], &bytes) != ERROR_SUCCESS)
        return false;
    buf.resize(wcslen(buf.c_str()));
    *out = buf;
    return !buf.empty();
}

// Windows maps system.ini's driver sections onto the registry; Wine keeps a real system.ini, which older
// installers still write to.
bool read_system_ini(LPCWSTR section, LPCWSTR name, std::wstring* out) {
    wchar_t buf[MAX_PATH + 1];
    DWORD n = GetPrivateProfileStringW(section, name, L"", buf, MAX_PATH + 1, L"system.ini");
    if (n == 0) return false;
    *out = std::wstring(buf, n);
    return true;
}

std::vector<Candidate> candidates(LPCWSTR name, LPCWSTR section) {
    std::vector<Candidate> out;
    std::wstring entry;
    LPCWSTR sect = section ? section : L"Drivers32";
    if (read_registry(sect, name, &entry) || read_system_ini(sect, name, &entry)) out.push_back(split(entry));
    // With no section the name may also be the driver's file name itself.
    if (!section) out.push_back(split(name));
    return out;
}

LRESULT call(const InstanceInfo& i, HDRVR h, UINT msg, LPARAM p1, LPARAM p2) {
    return i.proc(i.driver_id, h, msg, p1, p2);
}

// Under open_close_lock(). Runs DRV_LOAD/DRV_ENABLE (first open of the module) and DRV_OPEN.
HDRVR try_open(const Candidate& c, LPARAM param2) {
    if (c.file.empty()) return nullptr;
    HMODULE module = LoadLibraryW(c.file.c_str());
    if (!module) {
        WINMM_DEBUG("OpenDriver: cannot load %ls (error %lu)", c.file.c_str(), GetLastError());
        return nullptr;
    }
    auto proc = reinterpret_cast<DRIVERPROC>(reinterpret_cast<void*>(GetProcAddress(module, "DriverProc")));
    if (!proc) {
        WINMM_DEBUG("OpenDriver: %ls has no DriverProc", c.file.c_str());
        FreeLibrary(module);
        return nullptr;
    }
    bool first = handles::count_module(module) == 0;
    InstanceInfo info;
    info.module = module;
    info.proc = proc;
    HDRVR h = handles::add(info);
    if (!h) {
        FreeLibrary(module);
        return nullptr;
    }
    if (first) {
        if (!call(info, h, DRV_LOAD, 0, 0)) {
            // The driver refused to load: it is removed at once and gets no further message.
            WINMM_DEBUG("OpenDriver: %ls refused DRV_LOAD", c.file.c_str());
            handles::remove(h);
            FreeLibrary(module);
            return nullptr;
        }
        call(info, h, DRV_ENABLE, 0, 0);  // its result is not a verdict: DRV_ENABLE "return value ignored"
    }
    // DRV_OPEN's lParam1 is the configuration text after the file name; an empty string when there is none.
    LRESULT id = call(info, h, DRV_OPEN, reinterpret_cast<LPARAM>(c.config.c_str()), param2);
    if (!id) {
        WINMM_DEBUG("OpenDriver: %ls refused DRV_OPEN", c.file.c_str());
        if (first) {
            // Balance the DRV_LOAD/DRV_ENABLE this open sent: the module is about to be unloaded.
            call(info, h, DRV_DISABLE, 0, 0);
            call(info, h, DRV_FREE, 0, 0);
        }
        handles::remove(h);
        FreeLibrary(module);
        return nullptr;
    }
    handles::set_driver_id(h, static_cast<DWORD_PTR>(id));
    return h;
}

}  // namespace

// Serialises open and close sequences (DRV_LOAD/ENABLE on a module's first open, DISABLE/FREE on its last
// close) so two threads never both believe they open a module first. Recursive: a driver may open or close
// another driver from inside its DriverProc. Messages sent by SendDriverMessage do not take it.
std::recursive_mutex& open_close_lock() {
    static std::recursive_mutex lock;
    return lock;
}

HDRVR open(LPCWSTR name, LPCWSTR section, LPARAM param2) {
    if (!name || !*name) return nullptr;
    std::lock_guard<std::recursive_mutex> g(open_close_lock());
    for (const Candidate& c : candidates(name, section)) {
        if (HDRVR h = try_open(c, param2)) return h;
    }
    WINMM_DEBUG("OpenDriver: no driver for %ls", name);
    return nullptr;
}

LRESULT close(HDRVR h, LPARAM param1, LPARAM param2) {
    std::lock_guard<std::recursive_mutex> g(open_close_lock());
    InstanceInfo info;
    if (!handles::find(h, &info)) return FALSE;
    // The instance closes whatever DRV_CLOSE answers: the caller's handle is gone either way.
    call(info, h, DRV_CLOSE, param1, param2);
    if (handles::count_module(info.module) == 1) {
        call(info, h, DRV_DISABLE, 0, 0);
        call(info, h, DRV_FREE, 0, 0);
    }
    handles::remove(h);
    FreeLibrary(info.module);
    return TRUE;
}

LRESULT send(HDRVR h, UINT msg, LPARAM param1, LPARAM param2) {
    InstanceInfo info;
    if (!handles::find(h, &info)) return 0;
    return call(info, h, msg, param1, param2);
}

HMODULE module_of(HDRVR h) {
    InstanceInfo info;
    return handles::find(h, &info) ? info.module : nullptr;
}

}  // namespace winmm::driver

namespace {

HDRVR open_ansi(LPCSTR name, LPCSTR section, LPARAM param2) {
    if (!name) return nullptr;
    std::wstring wname = winmm::widen_acp(name);
    std::wstring wsection = section ? winmm::widen_acp(section) : std::wstring();
    return winmm::driver::open(wname.c_str(), section ? wsection.c_str() : nullptr, param2);
}

}  // namespace

extern "C" HDRVR WINAPI OpenDriver(LPCWSTR name, LPCWSTR section, LPARAM param2) {
    return winmm::driver::open(name, section, param2);
}

extern "C" HDRVR WINAPI OpenDriverA(LPCSTR name, LPCSTR section, LPARAM param2) {
    return open_ansi(name, section, param2);
}

extern "C" HDRVR WINAPI DrvOpen(LPCWSTR name, LPCWSTR section, LPARAM param2) {
    return winmm::driver::open(name, section, param2);
}

extern "C" HDRVR WINAPI DrvOpenA(LPCSTR name, LPCSTR section, LPARAM param2) {
    return open_ansi(name, section, param2);
}

extern "C" LRESULT WINAPI CloseDriver(HDRVR h, LPARAM param1, LPARAM param2) {
    return winmm::driver::close(h, param1, param2);
}

extern "C" LRESULT WINAPI DrvClose(HDRVR h, LPARAM param1, LPARAM param2) {
    return winmm::driver::close(h, param1, param2);
}

extern "C" LRESULT WINAPI SendDriverMessage(HDRVR h, UINT msg, LPARAM param1, LPARAM param2) {
    return winmm::driver::send(h, msg, param1, param2);
}

extern "C" LRESULT WINAPI DrvSendMessage(HDRVR h, UINT msg, LPARAM param1, LPARAM param2) {
    return winmm::driver::send(h, msg, param1, param2);
}

extern "C" HMODULE WINAPI GetDriverModuleHandle(HDRVR h) {
    return winmm::driver::module_of(h);
}

extern "C" HMODULE WINAPI DrvGetModuleHandle(HDRVR h) {
    return winmm::driver::module_of(h);
}

// Windows answers 0x80000000 for any open 32-bit driver and 0 for anything else.
extern "C" DWORD WINAPI GetDriverFlags(HDRVR h) {
    return winmm::driver::module_of(h) ? 0x80000000u : 0u;
}
