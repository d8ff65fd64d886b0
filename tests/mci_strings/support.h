// Shared pieces of the mci_strings tests: the test driver registered in the prefix's MCI32 section for the life of
// the program, a hook that records what the driver received and answers as each test says, and helpers.
#pragma once

#include <windows.h>

#include <mmsystem.h>
#include <digitalv.h>
#include <mciavi.h>
#include <mmddk.h>
#include <vcr.h>

#include <catch.hpp>

#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "test_driver.h"

namespace mcitest {

// The device name the test driver is registered under, and a file extension that names it.
constexpr const wchar_t* kDevice = L"mcitest";
constexpr const wchar_t* kExtension = L"mcitst";

inline std::wstring exe_dir() {
    wchar_t path[MAX_PATH];
    GetModuleFileNameW(nullptr, path, MAX_PATH);
    std::wstring s = path;
    return s.substr(0, s.find_last_of(L"\\/"));
}

inline std::string narrow(const std::wstring& w) {
    std::string s;
    for (wchar_t c : w) s.push_back(c < 128 ? static_cast<char>(c) : '?');
    return s;
}

// One command the driver received: the message, its flags, the first bytes of its parameter block and the strings
// it pointed to (copied while the driver had them).
struct Received {
    MCIDEVICEID device;
    UINT message;
    DWORD_PTR flags;
    BYTE parms[128];
    bool has_parms;
    std::wstring strings[3];
    template <typename T> const T& as() const { return *reinterpret_cast<const T*>(parms); }
};

// Per-test answer: fills what the command returns and gives the driver's return value.
using Answer = std::function<DWORD(UINT message, DWORD_PTR flags, void* parms)>;

struct State {
    std::vector<Received> received;
    Answer answer;
    UINT type = MCI_DEVTYPE_OTHER;
};

inline State& state() {
    static State s;
    return s;
}

inline std::wstring copy_string(const wchar_t* s) { return s ? std::wstring(s) : std::wstring(L"<null>"); }

inline DWORD CALLBACK record_hook(MCIDEVICEID device, UINT message, DWORD_PTR flags, void* parms) {
    Received r = {};
    r.device = device;
    r.message = message;
    r.flags = flags;
    r.has_parms = parms != nullptr;
    if (parms) std::memcpy(r.parms, parms, sizeof(r.parms));
    if (parms && message == MCI_OPEN_DRIVER) {
        auto* open = static_cast<MCI_OPEN_PARMSW*>(parms);
        if (flags & MCI_OPEN_TYPE) r.strings[0] = copy_string(open->lpstrDeviceType);
        if (flags & MCI_OPEN_ELEMENT) r.strings[1] = copy_string(open->lpstrElementName);
        if (flags & MCI_OPEN_ALIAS) r.strings[2] = copy_string(open->lpstrAlias);
    } else if (parms && message == MCITD_FROB && (flags & MCITD_FROB_NAME)) {
        r.strings[0] = copy_string(static_cast<MCITD_FROB_PARMS*>(parms)->lpstrName);
    } else if (parms && (message == MCI_LOAD || message == MCI_SAVE)) {
        r.strings[0] = copy_string(static_cast<MCI_LOAD_PARMSW*>(parms)->lpfilename);
    }
    state().received.push_back(r);
    // The string layer may ask any device its type: the type the test configured, as a resource like real drivers.
    if (message == MCI_GETDEVCAPS && parms && (flags & MCI_GETDEVCAPS_ITEM) &&
        static_cast<MCI_GETDEVCAPS_PARMS*>(parms)->dwItem == MCI_GETDEVCAPS_DEVICE_TYPE) {
        static_cast<MCI_GETDEVCAPS_PARMS*>(parms)->dwReturn = MAKEMCIRESOURCE(state().type, state().type);
        return MCI_RESOURCE_RETURNED;
    }
    return state().answer ? state().answer(message, flags, parms) : 0;
}

// The driver, loaded into this process, registered as kDevice (MCI32) and by the
// extension kExtension while the object lives.
class Driver {
public:
    Driver() {
        const std::wstring path = exe_dir() + L"\\mci_test_driver.dll";
        module_ = LoadLibraryW(path.c_str());
        REQUIRE(module_ != nullptr);
        configure_ = reinterpret_cast<McitdConfigure>(reinterpret_cast<void*>(GetProcAddress(module_, "mcitd_configure")));
        set_hook_ = reinterpret_cast<McitdSetHook>(reinterpret_cast<void*>(GetProcAddress(module_, "mcitd_set_hook")));
        REQUIRE(configure_);
        REQUIRE(set_hook_);
        set_value(L"Software\\Microsoft\\Windows NT\\CurrentVersion\\MCI32", kDevice, path);
        set_value(L"Software\\Microsoft\\Windows NT\\CurrentVersion\\MCI Extensions", kExtension, kDevice);
        set_hook_(record_hook);
        configure(MCI_DEVTYPE_OTHER, FALSE);
    }
    ~Driver() {
        mciSendStringW(L"close all", nullptr, 0, nullptr);
        set_hook_(nullptr);
        delete_value(L"Software\\Microsoft\\Windows NT\\CurrentVersion\\MCI32", kDevice);
        delete_value(L"Software\\Microsoft\\Windows NT\\CurrentVersion\\MCI Extensions", kExtension);
        state() = State();
    }
    void configure(UINT type, BOOL custom_table) {
        state().type = type;
        configure_(type, custom_table);
    }
    HMODULE module() const { return module_; }

private:
    static void set_value(const wchar_t* key_path, const wchar_t* name, const std::wstring& value) {
        HKEY key;
        REQUIRE(RegCreateKeyExW(HKEY_LOCAL_MACHINE, key_path, 0, nullptr, 0, KEY_SET_VALUE, nullptr, &key,
                                nullptr) == ERROR_SUCCESS);
        RegSetValueExW(key, name, 0, REG_SZ, reinterpret_cast<const BYTE*>(value.c_str()),
                       static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t)));
        RegCloseKey(key);
    }
    static void delete_value(const wchar_t* key_path, const wchar_t* name) {
        HKEY key;
        if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, key_path, 0, KEY_SET_VALUE, &key) == ERROR_SUCCESS) {
            RegDeleteValueW(key, name);
            RegCloseKey(key);
        }
    }
    HMODULE module_ = nullptr;
    McitdConfigure configure_ = nullptr;
    McitdSetHook set_hook_ = nullptr;
};

// The last command of `message` the driver received, or nullptr.
inline const Received* last(UINT message) {
    auto& r = state().received;
    for (auto it = r.rbegin(); it != r.rend(); ++it) {
        if (it->message == message) return &*it;
    }
    return nullptr;
}

// Commands received, not counting "capability device type": the string layer asks a device its type that way
// while the device layer cannot tell it (string_bridge.h device_type answers 0 with the placeholder).
inline size_t commands_received() {
    size_t n = 0;
    for (const Received& r : state().received) {
        const bool type_query = r.message == MCI_GETDEVCAPS && (r.flags & MCI_GETDEVCAPS_ITEM) &&
                                r.as<MCI_GETDEVCAPS_PARMS>().dwItem == MCI_GETDEVCAPS_DEVICE_TYPE;
        n += !type_query;
    }
    return n;
}

inline size_t count(UINT message) {
    size_t n = 0;
    for (const Received& r : state().received) n += r.message == message;
    return n;
}

struct Reply {
    MCIERROR err;
    std::wstring text;
};

inline Reply send(const std::wstring& command, UINT size = 128, HWND callback = nullptr) {
    std::vector<wchar_t> buf(size + 1, L'#');
    Reply r;
    r.err = mciSendStringW(command.c_str(), size ? buf.data() : nullptr, size, callback);
    r.text = size ? std::wstring(buf.data()) : std::wstring();
    return r;
}

}  // namespace mcitest
