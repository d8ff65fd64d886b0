// Shared by the mci test programs: registry entries that exist for one test program's run, a window that receives
// MM_MCINOTIFY, and access to the test driver's record.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <string>
#include <vector>

#include "mci_test_driver.h"

namespace mci_support {

inline const wchar_t* kMciKey = L"Software\\Microsoft\\Windows NT\\CurrentVersion\\MCI32";
inline const wchar_t* kExtensionsKey = L"Software\\Microsoft\\Windows NT\\CurrentVersion\\MCI Extensions";

// The folder of this test program (the test driver DLL is built beside it).
inline std::wstring program_dir() {
    wchar_t path[MAX_PATH];
    DWORD n = GetModuleFileNameW(nullptr, path, MAX_PATH);
    std::wstring p(path, n);
    return p.substr(0, p.find_last_of(L"\\/"));
}

// A string value (under HKLM unless another root is given) that exists while this object does; a value that was there before is put back.
class RegistryValue {
public:
    RegistryValue(const wchar_t* key, std::wstring name, const std::wstring& data, HKEY root = HKEY_LOCAL_MACHINE)
        : root_(root), key_(key), name_(std::move(name)) {
        DWORD bytes = 0;
        if (RegGetValueW(root_, key_, name_.c_str(), RRF_RT_REG_SZ, nullptr, nullptr, &bytes) ==
            ERROR_SUCCESS) {
            old_.resize(bytes / sizeof(wchar_t) + 1);
            bytes = static_cast<DWORD>(old_.size() * sizeof(wchar_t));
            had_old_ = RegGetValueW(root_, key_, name_.c_str(), RRF_RT_REG_SZ, nullptr, &old_[0],
                                    &bytes) == ERROR_SUCCESS;
            old_.resize(wcslen(old_.c_str()));
        }
        ok_ = RegSetKeyValueW(root_, key_, name_.c_str(), REG_SZ, data.c_str(),
                              static_cast<DWORD>((data.size() + 1) * sizeof(wchar_t))) == ERROR_SUCCESS;
    }
    ~RegistryValue() {
        if (had_old_)
            RegSetKeyValueW(root_, key_, name_.c_str(), REG_SZ, old_.c_str(),
                            static_cast<DWORD>((old_.size() + 1) * sizeof(wchar_t)));
        else
            RegDeleteKeyValueW(root_, key_, name_.c_str());
    }
    RegistryValue(const RegistryValue&) = delete;
    RegistryValue& operator=(const RegistryValue&) = delete;
    bool ok() const { return ok_; }

private:
    HKEY root_;
    const wchar_t* key_;
    std::wstring name_;
    std::wstring old_;
    bool had_old_ = false;
    bool ok_ = false;
};

// A hidden window for MM_MCINOTIFY, and what it has received.
class NotifyWindow {
public:
    // A message-only window: it needs no display.
    NotifyWindow() {
        WNDCLASSW wc = {};
        wc.lpfnWndProc = DefWindowProcW;
        wc.hInstance = GetModuleHandleW(nullptr);
        wc.lpszClassName = L"winmm_ng_mci_notify";
        RegisterClassW(&wc);
        hwnd_ = CreateWindowExW(0, wc.lpszClassName, L"", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, wc.hInstance, nullptr);
    }
    ~NotifyWindow() { DestroyWindow(hwnd_); }
    NotifyWindow(const NotifyWindow&) = delete;
    NotifyWindow& operator=(const NotifyWindow&) = delete;

    HWND hwnd() const { return hwnd_; }
    DWORD_PTR callback() const { return reinterpret_cast<DWORD_PTR>(hwnd_); }

    struct Note {
        WPARAM status;
        LPARAM device;
    };

    // The next MM_MCINOTIFY, waiting up to timeout_ms; status 0 when none came.
    Note next(DWORD timeout_ms = 3000) {
        DWORD start = GetTickCount();
        for (;;) {
            MSG msg;
            while (PeekMessageW(&msg, hwnd_, 0, 0, PM_REMOVE)) {
                if (msg.message == MM_MCINOTIFY) return Note{msg.wParam, msg.lParam};
            }
            DWORD elapsed = GetTickCount() - start;
            if (elapsed >= timeout_ms) return Note{0, 0};
            MsgWaitForMultipleObjects(0, nullptr, FALSE, timeout_ms - elapsed, QS_POSTMESSAGE);
        }
    }

    // Every MM_MCINOTIFY that arrives within ms milliseconds.
    std::vector<Note> drain(DWORD ms = 150) {
        std::vector<Note> out;
        for (;;) {
            Note n = next(ms);
            if (!n.status) return out;
            out.push_back(n);
        }
    }

private:
    HWND hwnd_ = nullptr;
};

// The test driver's record, read through its exports (the module is kept loaded by this object, so its record
// outlives every device the tests open and close).
class DriverLog {
public:
    explicit DriverLog(const std::wstring& path) {
        module_ = LoadLibraryW(path.c_str());
        if (!module_) return;
        count_ = reinterpret_cast<mci_test_driver::CountFn>(reinterpret_cast<void*>(GetProcAddress(module_, "mcitest_count")));
        get_ = reinterpret_cast<mci_test_driver::GetFn>(reinterpret_cast<void*>(GetProcAddress(module_, "mcitest_get")));
        clear_ = reinterpret_cast<mci_test_driver::ClearFn>(reinterpret_cast<void*>(GetProcAddress(module_, "mcitest_clear")));
        configure_ = reinterpret_cast<mci_test_driver::ConfigureFn>(reinterpret_cast<void*>(GetProcAddress(module_, "mcitest_configure")));
    }
    ~DriverLog() {
        if (module_) FreeLibrary(module_);
    }
    DriverLog(const DriverLog&) = delete;
    DriverLog& operator=(const DriverLog&) = delete;

    bool ok() const { return count_ && get_ && clear_ && configure_; }
    void clear() { clear_(); }
    void configure(const mci_test_driver::Config& c) { configure_(&c); }

    std::vector<mci_test_driver::Record> records() const {
        std::vector<mci_test_driver::Record> out(count_());
        for (UINT i = 0; i < out.size(); ++i) get_(i, &out[i]);
        return out;
    }
    // The messages only, in order.
    std::vector<UINT> messages() const {
        std::vector<UINT> out;
        for (const auto& r : records()) out.push_back(r.msg);
        return out;
    }
    // The first record of `msg`, or one with msg == 0.
    mci_test_driver::Record first(UINT msg) const {
        for (const auto& r : records())
            if (r.msg == msg) return r;
        return mci_test_driver::Record{};
    }
    size_t count(UINT msg) const {
        size_t n = 0;
        for (const auto& r : records()) n += r.msg == msg;
        return n;
    }

private:
    HMODULE module_ = nullptr;
    mci_test_driver::CountFn count_ = nullptr;
    mci_test_driver::GetFn get_ = nullptr;
    mci_test_driver::ClearFn clear_ = nullptr;
    mci_test_driver::ConfigureFn configure_ = nullptr;
};

}  // namespace mci_support
