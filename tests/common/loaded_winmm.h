// Which winmm.dll did this process load? Tests must know they are testing the implementation they think they are.
#pragma once

#include <windows.h>

#include <string>

namespace winmm_test {

struct LoadedWinmm {
    HMODULE module = nullptr;
    std::wstring path;
    std::wstring product;  // the version resource's ProductName; "winmm-ng" for ours
    bool ours() const { return product == L"winmm-ng"; }
};

// Loads (or finds) winmm.dll the way an application's import would.
LoadedWinmm loaded_winmm();

}  // namespace winmm_test
