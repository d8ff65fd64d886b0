// winmm-whoami: which winmm.dll does a program load here, and do both of its halves work? Prints the module's path
// and product name, one owned mmio call and one delegated call (timeGetTime, which only a backend can answer with a
// running clock). Used by tools/wine-install verify; handy for checking an app-local install by hand.
#include <windows.h>
#include <mmsystem.h>

#include <cstdio>
#include <string>
#include <vector>

static std::wstring product_name(const wchar_t* path) {
    DWORD ignored = 0, size = GetFileVersionInfoSizeW(path, &ignored);
    if (!size) return L"";
    std::vector<unsigned char> data(size);
    wchar_t* value = nullptr;
    UINT len = 0;
    if (!GetFileVersionInfoW(path, 0, size, data.data()) ||
        !VerQueryValueW(data.data(), L"\\StringFileInfo\\040904b0\\ProductName", reinterpret_cast<void**>(&value),
                        &len) || !value)
        return L"";
    return value;
}

int main() {
    HMODULE m = GetModuleHandleW(L"winmm.dll");
    wchar_t path[MAX_PATH] = L"(not loaded)";
    if (m) GetModuleFileNameW(m, path, MAX_PATH);
    std::wstring product = m ? product_name(path) : L"";
    std::printf("winmm.dll: %ls [%ls]\n", path, product.empty() ? L"no product name" : product.c_str());

    bool owned = mmioStringToFOURCCA("wave", MMIO_TOUPPER) == mmioFOURCC('W', 'A', 'V', 'E');
    std::printf("owned (mmio): %s\n", owned ? "ok" : "FAILED");

    DWORD t0 = timeGetTime();
    Sleep(20);
    DWORD t1 = timeGetTime();
    bool delegated = t0 != 0 && t1 != t0;
    std::printf("delegated: %s (timeGetTime %lu -> %lu)\n", delegated ? "ok" : "no backend", t0, t1);
    return owned && delegated ? 0 : 1;
}
