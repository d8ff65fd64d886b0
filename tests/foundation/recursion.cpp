// The self-recursion guard: when the backend path leads back to this DLL, delegated calls return their failure
// values instead of calling themselves forever. Two ways to get there:
//  - WINMM_BACKEND names the very file this process loaded as winmm.dll ([self]);
//  - the DLL is installed as the prefix's system winmm.dll and WINMM_BACKEND names that file, as a comparison run
//    against the system winmm would ([system32]; this test runs in a prefix of its own because it overwrites the
//    prefix's winmm.dll).
#include <catch.hpp>

#include <windows.h>
#include <mmsystem.h>

#include "call_measured.h"
#include "log_file.h"
#include "loaded_winmm.h"

using namespace winmm_test;

namespace {

void require_fallbacks_without_recursion() {
    HMODULE ours = loaded_winmm().module;
    int delta = -1;
    // mciGetErrorStringA's fallback is FALSE (here with zeroed arguments: no buffer). A recursing thunk would
    // overflow the stack.
    CHECK(call_measured(reinterpret_cast<void*>(GetProcAddress(ours, "mciGetErrorStringA")), 12, &delta) == FALSE);
    CHECK(delta == 0);
    JOYINFO info;
    CHECK(joyGetPos(0, &info) == MMSYSERR_NODRIVER);
    CHECK(joyGetDevCapsW(0, nullptr, 0) == MMSYSERR_NODRIVER);
}

}  // namespace

TEST_CASE("recursion: WINMM_BACKEND naming this DLL gives no backend", "[foundation][self]") {
    std::string log = fresh_log();
    std::wstring self = loaded_winmm().path;
    REQUIRE_FALSE(self.empty());
    REQUIRE(SetEnvironmentVariableW(L"WINMM_BACKEND", self.c_str()));
    require_fallbacks_without_recursion();
    std::string text = read_file(log);
    INFO(text);
    CHECK(text.find("is this module") != std::string::npos);
}

TEST_CASE("recursion: installed as the system winmm.dll, delegated calls return", "[foundation][system32]") {
    fresh_log();
    wchar_t sysdir[MAX_PATH];
    UINT n = GetSystemDirectoryW(sysdir, MAX_PATH);
    REQUIRE(n > 0);
    std::wstring target = std::wstring(sysdir, n) + L"\\winmm.dll";
    REQUIRE(CopyFileW(loaded_winmm().path.c_str(), target.c_str(), FALSE));
    require_fallbacks_without_recursion();
}
