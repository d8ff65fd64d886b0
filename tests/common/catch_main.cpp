// The one Catch2 main of the PE tests (its own translation unit: Catch2's runner takes ~10 s to compile).
// Before any test runs it reports which winmm.dll the process loaded, and with WINMM_NG_EXPECT=ours (what
// tools/test sets) refuses to run against anything but this project's DLL, so a mis-set override cannot turn a run
// of Wine's builtin into a green result for ours. WINMM_NG_EXPECT=other demands the opposite; unset, anything goes.
#define CATCH_CONFIG_RUNNER
#include <catch.hpp>

#include <cstdio>
#include <vector>

#include "loaded_winmm.h"

namespace winmm_test {

LoadedWinmm loaded_winmm() {
    LoadedWinmm info;
    info.module = LoadLibraryW(L"winmm.dll");
    if (!info.module) return info;
    wchar_t path[MAX_PATH] = L"";
    GetModuleFileNameW(info.module, path, MAX_PATH);
    info.path = path;
    DWORD ignored = 0;
    DWORD size = GetFileVersionInfoSizeW(path, &ignored);
    if (size == 0) return info;
    std::vector<unsigned char> data(size);
    if (!GetFileVersionInfoW(path, 0, size, data.data())) return info;
    struct Translation { WORD language, codepage; }* tr = nullptr;
    UINT len = 0;
    if (!VerQueryValueW(data.data(), L"\\VarFileInfo\\Translation", reinterpret_cast<void**>(&tr), &len) || len < 4)
        return info;
    wchar_t key[64];
    swprintf(key, 64, L"\\StringFileInfo\\%04x%04x\\ProductName", tr->language, tr->codepage);
    wchar_t* value = nullptr;
    if (VerQueryValueW(data.data(), key, reinterpret_cast<void**>(&value), &len) && value) info.product = value;
    return info;
}

}  // namespace winmm_test

int main(int argc, char* argv[]) {
    winmm_test::LoadedWinmm w = winmm_test::loaded_winmm();
    // stderr: stdout belongs to Catch2's reporter (the conformance runner parses it).
    std::fprintf(stderr, "winmm.dll: %ls [%ls]\n", w.path.empty() ? L"(not loaded)" : w.path.c_str(),
                 w.product.empty() ? L"no product name" : w.product.c_str());
    char expect[16] = "";
    GetEnvironmentVariableA("WINMM_NG_EXPECT", expect, sizeof expect);
    if (std::string(expect) == "ours" && !w.ours()) {
        std::fprintf(stderr, "WINMM_NG_EXPECT=ours, but the loaded winmm.dll is not winmm-ng: refusing to run\n");
        return 2;
    }
    if (std::string(expect) == "other" && w.ours()) {
        std::fprintf(stderr, "WINMM_NG_EXPECT=other, but the loaded winmm.dll is winmm-ng: refusing to run\n");
        return 2;
    }
    return Catch::Session().run(argc, argv);
}
