// MCI's registry sections, read on every open (a program may install a driver while it runs; opens are rare).
#include "registry.h"

#include "driver/installable.h"

namespace winmm::mci::registry {

namespace {

// The order of MCI_DEVTYPE_VCR (513) ... MCI_DEVTYPE_SEQUENCER (523), with Windows' names for them.
const wchar_t* const kTypeNames[] = {L"vcr",       L"videodisc",    L"overlay", L"cdaudio",   L"dat",      L"scanner",
                                     L"animation", L"digitalvideo", L"other",   L"waveaudio", L"sequencer"};

std::wstring key_path(const wchar_t* section) { return std::wstring(driver::kSectionsKey) + L"\\" + section; }

bool read_value(const wchar_t* section, const std::wstring& name, std::wstring* out) {
    std::wstring key = key_path(section);
    DWORD bytes = 0;
    if (RegGetValueW(HKEY_LOCAL_MACHINE, key.c_str(), name.c_str(), RRF_RT_REG_SZ, nullptr, nullptr, &bytes) !=
        ERROR_SUCCESS)
        return false;
    std::wstring buf(bytes / sizeof(wchar_t) + 1, L'\0');
    bytes = static_cast<DWORD>(buf.size() * sizeof(wchar_t));
    if (RegGetValueW(HKEY_LOCAL_MACHINE, key.c_str(), name.c_str(), RRF_RT_REG_SZ, nullptr, &buf[0], &bytes) !=
        ERROR_SUCCESS)
        return false;
    buf.resize(wcslen(buf.c_str()));
    *out = buf;
    return true;
}

// Wine (and installers written for Windows 3.x) may keep MCI entries in system.ini's [MCI32] or [MCI Extensions]
// sections; the installable-driver layer reads them the same way.
bool read_ini(const wchar_t* section, const std::wstring& name, std::wstring* out) {
    wchar_t buf[MAX_PATH + 1];
    DWORD n = GetPrivateProfileStringW(section, name.c_str(), L"", buf, MAX_PATH + 1, L"system.ini");
    if (n == 0) return false;
    *out = std::wstring(buf, n);
    return true;
}

bool lookup(const wchar_t* section, const std::wstring& name, std::wstring* out) {
    if (name.empty()) return false;
    return (read_value(section, name, out) || read_ini(section, name, out)) && !out->empty();
}

}  // namespace

bool driver_entry(const std::wstring& name, std::wstring* file, std::wstring* params) {
    std::wstring entry;
    if (!lookup(L"MCI32", name, &entry)) return false;
    size_t start = entry.find_first_not_of(L' ');
    if (start == std::wstring::npos) return false;
    size_t space = entry.find(L' ', start);
    *file = entry.substr(start, space == std::wstring::npos ? std::wstring::npos : space - start);
    params->clear();
    if (space != std::wstring::npos) {
        size_t p = entry.find_first_not_of(L' ', space);
        if (p != std::wstring::npos) *params = entry.substr(p);
    }
    return true;
}

std::vector<std::wstring> installed_names() {
    std::vector<std::wstring> out;
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, key_path(L"MCI32").c_str(), 0, KEY_READ, &key) != ERROR_SUCCESS) return out;
    for (DWORD i = 0;; ++i) {
        wchar_t name[256];
        DWORD len = 256;
        LSTATUS s = RegEnumValueW(key, i, name, &len, nullptr, nullptr, nullptr, nullptr);
        if (s == ERROR_NO_MORE_ITEMS) break;
        if (s == ERROR_SUCCESS && len > 0) out.emplace_back(name, len);
    }
    RegCloseKey(key);
    return out;
}

bool device_for_element(const std::wstring& element, std::wstring* name) {
    size_t dot = element.find_last_of(L'.');
    size_t sep = element.find_last_of(L"\\/:");
    if (dot == std::wstring::npos || (sep != std::wstring::npos && dot < sep) || dot + 1 == element.size())
        return false;
    return lookup(L"MCI Extensions", element.substr(dot + 1), name);
}

const wchar_t* standard_type_name(UINT type) {
    if (type < MCI_DEVTYPE_FIRST || type > MCI_DEVTYPE_LAST) return nullptr;
    return kTypeNames[type - MCI_DEVTYPE_FIRST];
}

UINT standard_type_of(const std::wstring& name) {
    for (UINT t = MCI_DEVTYPE_FIRST; t <= MCI_DEVTYPE_LAST; ++t) {
        const wchar_t* n = kTypeNames[t - MCI_DEVTYPE_FIRST];
        if (CompareStringOrdinal(name.c_str(), static_cast<int>(name.size()), n, -1, TRUE) == CSTR_EQUAL) return t;
    }
    return 0;
}

bool name_has_type(const std::wstring& name, UINT type) {
    const wchar_t* base = standard_type_name(type);
    if (!base) return false;
    size_t n = wcslen(base);
    if (name.size() < n) return false;
    if (CompareStringOrdinal(name.c_str(), static_cast<int>(n), base, static_cast<int>(n), TRUE) != CSTR_EQUAL)
        return false;
    for (size_t i = n; i < name.size(); ++i)
        if (name[i] < L'0' || name[i] > L'9') return false;
    return true;
}

}  // namespace winmm::mci::registry
