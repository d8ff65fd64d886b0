// Delegation to the default backend: the system directory's winmm.dll, which in a Wine prefix is Wine's builtin.
// Runs with WINMM_LOG_LEVEL=debug and WINMM_LOG_PATH set (see meson.build).
#include <catch.hpp>

#include <cctype>

#include <windows.h>
#include <mmsystem.h>

#include "log_file.h"
#include "loaded_winmm.h"

using namespace winmm_test;

TEST_CASE("delegation: timeGetTime and waveOutGetNumDevs reach the system winmm", "[foundation]") {
    std::string log = fresh_log();
    REQUIRE_FALSE(log.empty());
    REQUIRE(loaded_winmm().ours());

    DWORD t0 = timeGetTime();
    Sleep(30);
    DWORD t1 = timeGetTime();
    // Our fallback for timeGetTime is 0: a working backend gives a running clock.
    CHECK(t0 != 0);
    CHECK(t1 - t0 >= 20);
    CHECK(t1 - t0 < 5000);
    UINT devices = waveOutGetNumDevs();
    CHECK(devices < 64);

    std::string text = read_file(log);
    INFO(text);
    CHECK(text.find("backend ") != std::string::npos);
    CHECK(text.find("timeGetTime: delegated to the backend") != std::string::npos);
    CHECK(text.find("waveOutGetNumDevs: delegated to the backend") != std::string::npos);
    CHECK(text.find("is this module") == std::string::npos);
    // The backend is another module than ours.
    HMODULE backend = nullptr;
    void* fn = reinterpret_cast<void*>(GetProcAddress(loaded_winmm().module, "timeGetTime"));
    REQUIRE(fn);
    CHECK(GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                             reinterpret_cast<LPCWSTR>(fn), &backend));
    CHECK(backend == loaded_winmm().module);  // the export itself is our thunk
}

TEST_CASE("delegation: the log records this module's path and the backend chosen", "[foundation]") {
    timeGetTime();
    std::string text = read_file(env("WINMM_LOG_PATH"));
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    INFO(text);
    CHECK(text.find("module ") != std::string::npos);
    CHECK(text.find("\\winmm.dll") != std::string::npos);
}
