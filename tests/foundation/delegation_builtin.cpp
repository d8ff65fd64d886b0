// Delegation to the default backend: the system directory's winmm.dll, which in a Wine prefix is Wine's builtin.
// Runs with WINMM_LOG_LEVEL=debug and WINMM_LOG_PATH set (see meson.build).
#include <catch.hpp>

#include <cctype>

#include <windows.h>
#include <mmsystem.h>

#include "log_file.h"
#include "loaded_winmm.h"

using namespace winmm_test;

TEST_CASE("delegation: joyGetNumDevs and joyGetPos reach the system winmm", "[foundation]") {
    std::string log = fresh_log();
    REQUIRE_FALSE(log.empty());
    REQUIRE(loaded_winmm().ours());

    // Our fallbacks are 0 devices and MMSYSERR_NODRIVER: the system winmm (Wine's builtin, like Windows) reports
    // joystick slots and answers for joystick 0 whether or not one is plugged in.
    CHECK(joyGetNumDevs() != 0);
    JOYINFO info;
    CHECK(joyGetPos(0, &info) != MMSYSERR_NODRIVER);

    std::string text = read_file(log);
    INFO(text);
    CHECK(text.find("backend ") != std::string::npos);
    CHECK(text.find("joyGetNumDevs: delegated to the backend") != std::string::npos);
    CHECK(text.find("joyGetPos: delegated to the backend") != std::string::npos);
    CHECK(text.find("is this module") == std::string::npos);
    // The backend is another module than ours.
    HMODULE backend = nullptr;
    void* fn = reinterpret_cast<void*>(GetProcAddress(loaded_winmm().module, "joyGetNumDevs"));
    REQUIRE(fn);
    CHECK(GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS | GET_MODULE_HANDLE_EX_FLAG_UNCHANGED_REFCOUNT,
                             reinterpret_cast<LPCWSTR>(fn), &backend));
    CHECK(backend == loaded_winmm().module);  // the export itself is our thunk
}

TEST_CASE("delegation: the log records this module's path and the backend chosen", "[foundation]") {
    joyGetNumDevs();
    std::string text = read_file(env("WINMM_LOG_PATH"));
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    INFO(text);
    CHECK(text.find("module ") != std::string::npos);
    CHECK(text.find("\\winmm.dll") != std::string::npos);
}
