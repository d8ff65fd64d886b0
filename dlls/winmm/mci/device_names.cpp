// Device-type names (the words "capability ... device type" returns, capability page) and registry look-ups.
#include "device_names.h"

#include <mmsystem.h>

namespace winmm::mci {

namespace {

struct TypeName {
    UINT type;
    const wchar_t* name;
    const wchar_t* table;  // our command table for the type, nullptr when the pages define no command set for it
};

const TypeName kTypes[] = {
    {MCI_DEVTYPE_VCR, L"vcr", L"VCR"},
    {MCI_DEVTYPE_VIDEODISC, L"videodisc", L"VIDEODISC"},
    {MCI_DEVTYPE_OVERLAY, L"overlay", L"OVERLAY"},
    {MCI_DEVTYPE_CD_AUDIO, L"cdaudio", L"CDAUDIO"},
    {MCI_DEVTYPE_DAT, L"dat", nullptr},
    {MCI_DEVTYPE_SCANNER, L"scanner", nullptr},
    {MCI_DEVTYPE_ANIMATION, L"animation", L"ANIMATION"},
    {MCI_DEVTYPE_DIGITAL_VIDEO, L"digitalvideo", L"DIGITALVIDEO"},
    {MCI_DEVTYPE_OTHER, L"other", nullptr},
    {MCI_DEVTYPE_WAVEFORM_AUDIO, L"waveaudio", L"WAVEAUDIO"},
    {MCI_DEVTYPE_SEQUENCER, L"sequencer", L"SEQUENCER"},
};

const wchar_t kMci32[] = L"Software\\Microsoft\\Windows NT\\CurrentVersion\\MCI32";
const wchar_t kExtensions[] = L"Software\\Microsoft\\Windows NT\\CurrentVersion\\MCI Extensions";

std::wstring registry_string(const wchar_t* key_path, const std::wstring& value_name) {
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, key_path, 0, KEY_QUERY_VALUE, &key) != ERROR_SUCCESS) return {};
    wchar_t buf[MAX_PATH] = L"";
    DWORD type = 0, bytes = sizeof(buf) - sizeof(wchar_t);
    LONG rc = RegQueryValueExW(key, value_name.c_str(), nullptr, &type, reinterpret_cast<BYTE*>(buf), &bytes);
    RegCloseKey(key);
    if (rc != ERROR_SUCCESS || (type != REG_SZ && type != REG_EXPAND_SZ)) return {};
    buf[bytes / sizeof(wchar_t)] = 0;
    return buf;
}

}  // namespace

UINT device_type_from_name(const std::wstring& name) {
    for (const TypeName& t : kTypes) {
        if (!lstrcmpiW(name.c_str(), t.name)) return t.type;
    }
    return 0;
}

UINT open_type_from_name(const std::wstring& name) {
    if (UINT type = device_type_from_name(name)) return type;
    for (const wchar_t* video : {L"avivideo", L"mpegvideo", L"mpegvideo2"}) {
        if (!lstrcmpiW(name.c_str(), video)) return MCI_DEVTYPE_DIGITAL_VIDEO;
    }
    return 0;
}

const wchar_t* table_resource_name(UINT device_type) {
    for (const TypeName& t : kTypes) {
        if (t.type == device_type) return t.table;
    }
    return nullptr;
}

std::wstring installed_driver(const std::wstring& name) {
    if (name.empty() || name.size() >= MAX_PATH) return {};
    std::wstring file = registry_string(kMci32, name);
    if (file.empty()) {
        wchar_t buf[MAX_PATH] = L"";
        if (GetPrivateProfileStringW(L"mci", name.c_str(), L"", buf, MAX_PATH, L"system.ini")) file = buf;
    }
    return file;
}

std::wstring device_for_extension(const std::wstring& file) {
    const size_t dot = file.find_last_of(L'.');
    if (dot == std::wstring::npos || file.find_first_of(L"\\/", dot) != std::wstring::npos) return {};
    return registry_string(kExtensions, file.substr(dot + 1));
}

}  // namespace winmm::mci
