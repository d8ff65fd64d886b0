// winmm-ng PlaySound: sources of sounds on Win32 (see sources.h).
#include "sources.h"

#include <mmsystem.h>

#include <vector>

#include "log.h"

namespace winmm::playsound {

namespace {

std::optional<WaveImage> read_from(HMMIO h) {
    if (!h) return std::nullopt;
    WaveImage w;
    bool ok = read_wave(h, w);
    mmioClose(h, 0);
    if (!ok) return std::nullopt;
    return w;
}

std::optional<WaveImage> read_memory(const void* p, DWORD size) {
    MMIOINFO info = {};
    info.fccIOProc = FOURCC_MEM;
    info.pchBuffer = static_cast<HPSTR>(const_cast<void*>(p));
    info.cchBuffer = LONG(size);
    return read_from(mmioOpenW(nullptr, &info, MMIO_READ));
}

std::optional<std::wstring> search_wav(const std::wstring& name) {
    DWORD n = SearchPathW(nullptr, name.c_str(), L".wav", 0, nullptr, nullptr);
    if (n == 0) return std::nullopt;
    std::vector<wchar_t> buf(n + 1);
    DWORD m = SearchPathW(nullptr, name.c_str(), L".wav", DWORD(buf.size()), buf.data(), nullptr);
    if (m == 0 || m >= buf.size()) return std::nullopt;
    return std::wstring(buf.data(), m);
}

std::wstring expand(const std::wstring& s) {
    DWORD n = ExpandEnvironmentStringsW(s.c_str(), nullptr, 0);
    if (n == 0) return s;
    std::vector<wchar_t> buf(n);
    if (ExpandEnvironmentStringsW(s.c_str(), buf.data(), n) == 0) return s;
    return buf.data();
}

std::optional<std::wstring> registry_event(const std::wstring& app, const std::wstring& alias) {
    std::wstring key = L"AppEvents\\Schemes\\Apps\\" + app + L"\\" + alias + L"\\.Current";
    HKEY h;
    if (RegOpenKeyExW(HKEY_CURRENT_USER, key.c_str(), 0, KEY_QUERY_VALUE, &h) != ERROR_SUCCESS) return std::nullopt;
    DWORD type = 0, bytes = 0;
    std::optional<std::wstring> out;
    if (RegQueryValueExW(h, nullptr, nullptr, &type, nullptr, &bytes) == ERROR_SUCCESS &&
        (type == REG_SZ || type == REG_EXPAND_SZ)) {
        std::vector<wchar_t> buf(bytes / sizeof(wchar_t) + 1, L'\0');
        DWORD got = bytes;
        if (RegQueryValueExW(h, nullptr, nullptr, &type, reinterpret_cast<BYTE*>(buf.data()), &got) ==
            ERROR_SUCCESS) {
            std::wstring v(buf.data());
            out = type == REG_EXPAND_SZ ? expand(v) : v;
        }
    } else {
        out = std::wstring();  // the event's key without a file: "no sound"
    }
    RegCloseKey(h);
    return out;
}

std::optional<std::wstring> profile_event(const std::wstring& alias) {
    // A sentinel that no [sounds] entry holds tells a missing key from an empty one.
    static const wchar_t kMissing[] = L"\x1\x2winmm-ng-missing";
    wchar_t buf[1024];
    GetProfileStringW(L"sounds", alias.c_str(), kMissing, buf, ARRAYSIZE(buf));
    if (wcscmp(buf, kMissing) == 0) return std::nullopt;
    return expand(buf);
}

}  // namespace

std::optional<WaveImage> load_file(const std::wstring& name) {
    if (name.empty()) return std::nullopt;
    std::wstring path = name;
    if (auto found = search_wav(name)) path = *found;
    std::vector<wchar_t> buf(path.begin(), path.end());
    buf.push_back(L'\0');
    HMMIO h = mmioOpenW(buf.data(), nullptr, MMIO_READ | MMIO_ALLOCBUF | MMIO_DENYWRITE);
    if (!h) {
        WINMM_INFO("PlaySound: cannot open %ls", path.c_str());
        return std::nullopt;
    }
    return read_from(h);
}

std::optional<WaveImage> load_memory_image(const void* image) {
    // The caller gives only a pointer; the RIFF header says how far the image goes. A pointer that cannot be
    // read fails here instead of faulting in mmio.
    const DWORD head_bytes = 12;
    if (!image || IsBadReadPtr(image, head_bytes)) return std::nullopt;
    const auto* b = static_cast<const uint8_t*>(image);
    if (memcmp(b, "RIFF", 4) != 0) return std::nullopt;
    DWORD riff_size = DWORD(b[4]) | DWORD(b[5]) << 8 | DWORD(b[6]) << 16 | DWORD(b[7]) << 24;
    if (riff_size > 0x7ffffff0u - 8) return std::nullopt;
    DWORD total = riff_size + 8;
    if (IsBadReadPtr(image, total)) return std::nullopt;
    return read_memory(image, total);
}

std::optional<WaveImage> load_resource(HMODULE module, LPCWSTR name) {
    if (!module) module = GetModuleHandleW(nullptr);
    HRSRC info = FindResourceW(module, name, L"WAVE");
    if (!info) return std::nullopt;
    DWORD size = SizeofResource(module, info);
    HGLOBAL res = LoadResource(module, info);
    const void* p = res ? LockResource(res) : nullptr;
    if (!p || size == 0) return std::nullopt;
    return read_memory(p, size);
}

AliasStores system_alias_stores() { return AliasStores{registry_event, profile_event}; }

std::wstring application_name() {
    wchar_t path[MAX_PATH];
    DWORD n = GetModuleFileNameW(nullptr, path, MAX_PATH);
    if (n == 0 || n >= MAX_PATH) return L"";
    std::wstring s(path, n);
    size_t slash = s.find_last_of(L"\\/");
    if (slash != std::wstring::npos) s.erase(0, slash + 1);
    size_t dot = s.rfind(L'.');
    if (dot != std::wstring::npos) s.resize(dot);
    return s;
}

}  // namespace winmm::playsound
