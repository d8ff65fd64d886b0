// The legacy undocumented exports return their fixed failure values (winmm-ng answers them itself; winmm.spec
// no longer delegates them).
#include <windows.h>

#include <mmsystem.h>

#include <catch.hpp>

namespace {

FARPROC winmm_export(const char* name) {
    return GetProcAddress(GetModuleHandleW(L"winmm.dll"), name);
}

using Msg32Fn = DWORD(WINAPI*)(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR);

}  // namespace

TEST_CASE("*32Message exports answer MMSYSERR_NODRIVER") {
    for (const char* name : {"aux32Message", "joy32Message", "mci32Message", "mid32Message", "mod32Message",
                             "mxd32Message", "tid32Message", "wid32Message", "wod32Message"}) {
        CAPTURE(name);
        auto fn = reinterpret_cast<Msg32Fn>(reinterpret_cast<void*>(winmm_export(name)));
        REQUIRE(fn);
        CHECK(fn(0, 1, 2, 3, 4) == MMSYSERR_NODRIVER);
    }
}

TEST_CASE("the WOW and notification exports answer 0") {
    auto notify = reinterpret_cast<Msg32Fn>(reinterpret_cast<void*>(winmm_export("NotifyCallbackData")));
    auto wow_cb = reinterpret_cast<DWORD(WINAPI*)(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR,
                                                  DWORD_PTR)>(reinterpret_cast<void*>(winmm_export("WOW32DriverCallback")));
    auto wow_resolve = reinterpret_cast<DWORD(WINAPI*)(DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR, DWORD_PTR,
                                                       DWORD_PTR)>(
        reinterpret_cast<void*>(winmm_export("WOW32ResolveMultiMediaHandle")));
    auto wow_exit = reinterpret_cast<DWORD(WINAPI*)(DWORD_PTR)>(reinterpret_cast<void*>(winmm_export("WOWAppExit")));
    REQUIRE(notify);
    REQUIRE(wow_cb);
    REQUIRE(wow_resolve);
    REQUIRE(wow_exit);
    CHECK(notify(1, 2, 3, 4, 5) == 0);
    CHECK(wow_cb(1, 2, 3, 4, 5, 6, 7) == 0);
    CHECK(wow_resolve(1, 2, 3, 4, 5, 6) == 0);
    CHECK(wow_exit(1) == 0);
}

#ifdef _WIN64
TEST_CASE("the x64-only gfx*, WinmmLogon/Logoff and Migrate* exports answer 0") {
    for (const char* name : {"gfxAddGfx", "gfxBatchChange", "gfxCreateGfxFactoriesList", "gfxCreateZoneFactoriesList",
                             "gfxDestroyDeviceInterfaceList", "gfxEnumerateGfxs", "gfxLogoff", "gfxLogon",
                             "gfxModifyGfx", "gfxOpenGfx", "gfxRemoveGfx", "WinmmLogon", "WinmmLogoff",
                             "MigrateAllDrivers", "MigrateSoundEvents"}) {
        CAPTURE(name);
        auto fn = reinterpret_cast<DWORD(WINAPI*)()>(reinterpret_cast<void*>(winmm_export(name)));
        REQUIRE(fn);
        CHECK(fn() == 0);
    }
}
#endif
