// Reading a loaded module's export and import directories, the way the loader sees them.
#pragma once

#include <windows.h>

#include <string>
#include <vector>

namespace winmm_test {

inline const IMAGE_DATA_DIRECTORY& data_directory(HMODULE m, int index) {
    auto base = reinterpret_cast<const BYTE*>(m);
    auto dos = reinterpret_cast<const IMAGE_DOS_HEADER*>(base);
    auto nt = reinterpret_cast<const IMAGE_NT_HEADERS*>(base + dos->e_lfanew);
    return nt->OptionalHeader.DataDirectory[index];
}

inline std::vector<std::string> export_names(HMODULE m) {
    std::vector<std::string> names;
    auto base = reinterpret_cast<const BYTE*>(m);
    const IMAGE_DATA_DIRECTORY& dir = data_directory(m, IMAGE_DIRECTORY_ENTRY_EXPORT);
    if (!dir.VirtualAddress) return names;
    auto exp = reinterpret_cast<const IMAGE_EXPORT_DIRECTORY*>(base + dir.VirtualAddress);
    auto rvas = reinterpret_cast<const DWORD*>(base + exp->AddressOfNames);
    for (DWORD i = 0; i < exp->NumberOfNames; ++i) names.emplace_back(reinterpret_cast<const char*>(base + rvas[i]));
    return names;
}

inline std::vector<std::string> imported_dlls(HMODULE m) {
    std::vector<std::string> dlls;
    auto base = reinterpret_cast<const BYTE*>(m);
    const IMAGE_DATA_DIRECTORY& dir = data_directory(m, IMAGE_DIRECTORY_ENTRY_IMPORT);
    if (!dir.VirtualAddress) return dlls;
    for (auto imp = reinterpret_cast<const IMAGE_IMPORT_DESCRIPTOR*>(base + dir.VirtualAddress); imp->Name; ++imp)
        dlls.emplace_back(reinterpret_cast<const char*>(base + imp->Name));
    return dlls;
}

}  // namespace winmm_test
