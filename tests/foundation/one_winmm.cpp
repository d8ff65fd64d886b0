// A process that loads ours holds exactly one module named winmm.dll, ours, also after Wine DLLs that import winmm
// (and the drivers our own code loads) have come in: a second one would let GetModuleHandle("winmm.dll") find the
// wrong module, whose handles mean nothing to ours.
#include <catch.hpp>

#include <string>
#include <vector>

#include <windows.h>
#include <mmsystem.h>
#include <tlhelp32.h>

#include "loaded_winmm.h"

using namespace winmm_test;

namespace {

// Every module of this process whose base name is winmm.dll, compared case-insensitively.
std::vector<HMODULE> modules_named_winmm() {
    std::vector<HMODULE> found;
    HANDLE snap = CreateToolhelp32Snapshot(TH32CS_SNAPMODULE, 0);
    REQUIRE(snap != INVALID_HANDLE_VALUE);
    MODULEENTRY32W entry;
    entry.dwSize = sizeof entry;
    for (BOOL more = Module32FirstW(snap, &entry); more; more = Module32NextW(snap, &entry)) {
        if (CompareStringOrdinal(entry.szModule, -1, L"winmm.dll", -1, TRUE) == CSTR_EQUAL)
            found.push_back(entry.hModule);
    }
    CloseHandle(snap);
    return found;
}

void require_only_ours() {
    HMODULE ours = loaded_winmm().module;
    REQUIRE(ours);
    REQUIRE(loaded_winmm().ours());
    std::vector<HMODULE> named = modules_named_winmm();
    CHECK(named.size() == 1);
    for (HMODULE m : named) CHECK(m == ours);
    CHECK(GetModuleHandleW(L"winmm.dll") == ours);
    CHECK(GetModuleHandleW(L"WINMM") == ours);
}

}  // namespace

TEST_CASE("one winmm: the process holds ours and no other module named winmm.dll", "[foundation]") {
    // WINMM_BACKEND once named a second winmm that took the exports this DLL did not implement. Every export is
    // implemented here now: naming the system winmm loads nothing.
    wchar_t sysdir[MAX_PATH];
    UINT n = GetSystemDirectoryW(sysdir, MAX_PATH);
    REQUIRE(n > 0);
    REQUIRE(SetEnvironmentVariableW(L"WINMM_BACKEND", (std::wstring(sysdir, n) + L"\\winmm.dll").c_str()));
    // One call from each subsystem, including those that were passed on to the backend until every export was ours.
    CHECK(midiOutGetNumDevs() < 1000);
    CHECK(joyGetNumDevs() == 16);
    wchar_t text[128];
    CHECK(mciGetErrorStringW(MCIERR_INVALID_DEVICE_ID, text, 128));
    CHECK(mciSendStringW(L"sysinfo all quantity", text, 128, nullptr) == 0);
    MMIOINFO info = {};
    HMMIO h = mmioOpenW(nullptr, &info, MMIO_READ);  // no name, no buffer: fails, through our mmio
    CHECK(h == nullptr);
    require_only_ours();
    REQUIRE(SetEnvironmentVariableW(L"WINMM_BACKEND", nullptr));
}

TEST_CASE("one winmm: still one after Wine DLLs that import winmm and our own drivers load", "[foundation]") {
    // Our own code loads the audio endpoints and the Drivers32 drivers, whose modules import winmm themselves.
    waveOutGetNumDevs();
    waveInGetNumDevs();
    mixerGetNumDevs();
    auxGetNumDevs();
    CHECK(timeGetTime() != 0);
    // Wine DLLs that import winmm.dll resolve that import to the module already loaded: ours.
    std::vector<HMODULE> loaded;
    for (const wchar_t* name : {L"msacm32.dll", L"avifil32.dll", L"msvfw32.dll", L"dsound.dll"}) {
        INFO(std::string(name, name + wcslen(name)));
        HMODULE m = LoadLibraryW(name);
        CHECK(m != nullptr);
        if (m) loaded.push_back(m);
    }
    require_only_ours();
    for (HMODULE m : loaded) FreeLibrary(m);
}
