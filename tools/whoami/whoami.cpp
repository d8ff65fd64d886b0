// winmm-whoami: which winmm.dll does a program load here, and is it the only one? Prints the module's path and
// product name, one mmio call and one timer call answered by it, and how many modules named winmm.dll the process
// holds (one: no second winmm, such as a backend, came in beside it). Exits 0 only when all of that holds. Used by
// tools/wine-install verify; handy for checking an app-local install by hand.
#include <windows.h>
#include <mmsystem.h>
#include <tlhelp32.h>

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

// Modules of this process whose base name is winmm.dll (case-insensitive), or -1 when they cannot be listed.
static int modules_named_winmm() {
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    if (snap == INVALID_HANDLE_VALUE) return -1;
    int count = 0;
    MODULEENTRY32W entry;
    entry.dwSize = sizeof entry;
    for (BOOL more = Module32FirstW(snap, &entry); more; more = Module32NextW(snap, &entry))
        if (CompareStringOrdinal(entry.szModule, -1, L"winmm.dll", -1, TRUE) == CSTR_EQUAL) ++count;
    CloseHandle(snap);
    return count;
}

int main() {
    HMODULE m = GetModuleHandleW(L"winmm.dll");
    wchar_t path[MAX_PATH] = L"(not loaded)";
    if (m) GetModuleFileNameW(m, path, MAX_PATH);
    std::wstring product = m ? product_name(path) : L"";
    std::printf("winmm.dll: %ls [%ls]\n", path, product.empty() ? L"no product name" : product.c_str());

    bool mmio = mmioStringToFOURCCA("wave", MMIO_TOUPPER) == mmioFOURCC('W', 'A', 'V', 'E');
    std::printf("mmio: %s\n", mmio ? "ok" : "FAILED");

    DWORD t0 = timeGetTime();
    Sleep(20);
    DWORD t1 = timeGetTime();
    bool timer = t1 - t0 >= 10 && t1 - t0 < 10000;
    std::printf("timer: %s (timeGetTime %lu -> %lu)\n", timer ? "ok" : "FAILED", t0, t1);

    int named = modules_named_winmm();
    std::printf("modules named winmm.dll: %d (%s)\n", named, named == 1 ? "ok" : "FAILED");
    return mmio && timer && named == 1 ? 0 : 1;
}
