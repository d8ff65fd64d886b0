// Two winmm.dll files (ours and Wine's builtin) in one process, as the bench programs compare them: each is copied
// to a file name of its own first, since the loader would hand back the module already loaded as winmm.dll.
#pragma once

#include <windows.h>

#include <cstring>
#include <string>

namespace side_by_side {

// Copies `source` to `<workdir>\<stem><label>.dll` and loads the copy. The module, with the copy's path in
// `loaded`; nullptr with `why` set when the copy or the load failed.
inline HMODULE load_copy(const std::wstring& workdir, const std::wstring& source, const char* stem, const char* label,
                         std::wstring& loaded, const char*& why) {
    std::string name = std::string(stem) + label;
    loaded = workdir + L"\\" + std::wstring(name.begin(), name.end()) + L".dll";
    if (!CopyFileW(source.c_str(), loaded.c_str(), FALSE)) {
        why = "cannot copy a winmm.dll";
        return nullptr;
    }
    HMODULE mod = LoadLibraryExW(loaded.c_str(), nullptr, LOAD_WITH_ALTERED_SEARCH_PATH);
    if (!mod) why = "LoadLibraryExW";
    return mod;
}

// Wine's own winmm.dll for this architecture, seen through drive Z:.
inline std::wstring builtin_winmm() {
#ifdef _WIN64
    return L"Z:\\usr\\lib\\x86_64-linux-gnu\\wine\\x86_64-windows\\winmm.dll";
#else
    return L"Z:\\usr\\lib\\i386-linux-gnu\\wine\\i386-windows\\winmm.dll";
#endif
}

// A command-line argument (ANSI code page) as a wide string.
inline std::wstring widen(const char* s) {
    int n = MultiByteToWideChar(CP_ACP, 0, s, -1, nullptr, 0);
    if (n <= 0) return std::wstring();
    std::wstring w(size_t(n), L'\0');
    MultiByteToWideChar(CP_ACP, 0, s, -1, &w[0], n);
    w.resize(size_t(n - 1));
    return w;
}

// `fn` = the module's export `name`; false when it has none.
template <typename F>
bool resolve(HMODULE mod, F& fn, const char* name) {
    fn = reinterpret_cast<F>(reinterpret_cast<void*>(GetProcAddress(mod, name)));
    return fn != nullptr;
}

}  // namespace side_by_side
