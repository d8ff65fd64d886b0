// Helpers of the driver tests: paths beside the test program, registry values that remove themselves, and a view
// of a test driver's message log.
#pragma once

#include <windows.h>

#include <string>
#include <vector>

#include "test_driver.h"

namespace driver_test {

inline std::wstring exe_dir() {
    wchar_t path[MAX_PATH];
    DWORD n = GetModuleFileNameW(nullptr, path, MAX_PATH);
    std::wstring p(path, n);
    return p.substr(0, p.find_last_of(L"\\/"));
}

inline std::wstring beside(const wchar_t* file) {
    return exe_dir() + L"\\" + file;
}

constexpr const wchar_t* kSections = L"Software\\Microsoft\\Windows NT\\CurrentVersion";

// Values of one OpenDriver section (HKLM\...\CurrentVersion\<section>), removed again by the destructor
// (and the key too when this object created it, except Drivers32, which programs running in parallel share).
// Each test program uses its own value names.
class SectionValues {
public:
    explicit SectionValues(const wchar_t* section) : key_(std::wstring(kSections) + L"\\" + section) {
        DWORD disposition = 0;
        RegCreateKeyExW(HKEY_LOCAL_MACHINE, key_.c_str(), 0, nullptr, 0, KEY_ALL_ACCESS, nullptr, &hkey_,
                        &disposition);
        created_ = disposition == REG_CREATED_NEW_KEY && lstrcmpiW(section, L"Drivers32") != 0;
    }
    ~SectionValues() {
        for (const std::wstring& n : names_) RegDeleteValueW(hkey_, n.c_str());
        if (hkey_) RegCloseKey(hkey_);
        if (created_) RegDeleteKeyW(HKEY_LOCAL_MACHINE, key_.c_str());
    }
    SectionValues(const SectionValues&) = delete;
    SectionValues& operator=(const SectionValues&) = delete;

    bool set(const wchar_t* name, const std::wstring& value) {
        names_.push_back(name);
        return RegSetValueExW(hkey_, name, 0, REG_SZ, reinterpret_cast<const BYTE*>(value.c_str()),
                              static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t))) == ERROR_SUCCESS;
    }
    bool ok() const { return hkey_ != nullptr; }

private:
    std::wstring key_;
    HKEY hkey_ = nullptr;
    bool created_ = false;
    std::vector<std::wstring> names_;
};

// A test driver DLL kept loaded by the test itself, so its log outlives the driver's last CloseDriver.
class TestDriver {
public:
    explicit TestDriver(const wchar_t* file) : path_(beside(file)) {
        module_ = LoadLibraryW(path_.c_str());
        if (!module_) return;
        count_ = reinterpret_cast<test_driver::LogCountFn>(reinterpret_cast<void*>(GetProcAddress(module_, "td_log_count")));
        get_ = reinterpret_cast<test_driver::LogGetFn>(reinterpret_cast<void*>(GetProcAddress(module_, "td_log_get")));
        clear_ = reinterpret_cast<test_driver::LogClearFn>(reinterpret_cast<void*>(GetProcAddress(module_, "td_log_clear")));
        configure_ = reinterpret_cast<test_driver::ConfigureFn>(reinterpret_cast<void*>(GetProcAddress(module_, "td_configure")));
    }
    ~TestDriver() {
        if (module_) FreeLibrary(module_);
    }
    TestDriver(const TestDriver&) = delete;
    TestDriver& operator=(const TestDriver&) = delete;

    bool ok() const { return module_ && count_ && get_ && clear_ && configure_; }
    HMODULE module() const { return module_; }
    const std::wstring& path() const { return path_; }

    std::vector<test_driver::Record> log() const {
        std::vector<test_driver::Record> out;
        UINT n = count_();
        for (UINT i = 0; i < n; ++i) {
            test_driver::Record r;
            if (get_(i, &r)) out.push_back(r);
        }
        return out;
    }
    // The messages only, in order, of the records that went to target.
    std::vector<UINT> messages(UINT target = test_driver::driver_proc) const {
        std::vector<UINT> out;
        for (const auto& r : log())
            if (r.target == target) out.push_back(r.msg);
        return out;
    }
    void clear() { clear_(); }
    void configure(LRESULT load_result, LRESULT open_result, BOOL use_def_proc = FALSE) {
        test_driver::Config c = {load_result, open_result, use_def_proc};
        configure_(&c);
    }

private:
    std::wstring path_;
    HMODULE module_ = nullptr;
    test_driver::LogCountFn count_ = nullptr;
    test_driver::LogGetFn get_ = nullptr;
    test_driver::LogClearFn clear_ = nullptr;
    test_driver::ConfigureFn configure_ = nullptr;
};

}  // namespace driver_test
