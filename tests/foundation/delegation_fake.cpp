// Delegation to whatever WINMM_BACKEND names (here tests/foundation/fake_backend.dll): arguments arrive intact,
// results come back, the stack stays balanced, and exports the backend lacks return their failure values.
#include <catch.hpp>

#include <windows.h>
#include <mmsystem.h>

#include <cstring>

#include "call_measured.h"
#include "log_file.h"
#include "loaded_winmm.h"
#include "spec_exports.h"

using namespace winmm_test;

TEST_CASE("delegation: a backend named by WINMM_BACKEND serves the calls", "[foundation]") {
    std::string log = fresh_log();
    REQUIRE(loaded_winmm().ours());
    CHECK(joyGetNumDevs() == 42);

    JOYCAPSA caps;
    std::memset(&caps, 0xcc, sizeof caps);
    CHECK(joyGetDevCapsA(7, &caps, sizeof caps) == MMSYSERR_NOERROR);
    CHECK(std::string(caps.szPname) == "fake backend");
    CHECK(caps.wNumButtons == 7);
    CHECK(caps.wMaxAxes == sizeof caps);
    CHECK(joySetThreshold(0x1234, 0x00904030) == 77);

    std::string text = read_file(log);
    INFO(text);
    CHECK(text.find("fake_backend.dll") != std::string::npos);
    CHECK(text.find("joyGetDevCapsA: delegated to the backend") != std::string::npos);
}

TEST_CASE("delegation: exports the backend lacks return their failure value", "[foundation]") {
    JOYINFO info;
    CHECK(joyGetPos(0, &info) == MMSYSERR_NODRIVER);
    CHECK(joyGetDevCapsW(0, nullptr, 0) == MMSYSERR_NODRIVER);
    CHECK(mciSendStringA("open x", nullptr, 0, nullptr) == MCIERR_DEVICE_NOT_INSTALLED);
    std::string text = read_file(env("WINMM_LOG_PATH"));
    INFO(text);
    CHECK(text.find("joyGetPos: missing in the backend") != std::string::npos);
}

TEST_CASE("delegation: calls through the thunk to the backend keep the stack balanced", "[foundation]") {
    HMODULE ours = loaded_winmm().module;
    int delta = -1;
    CHECK(call_measured(reinterpret_cast<void*>(GetProcAddress(ours, "joyGetNumDevs")), 0, &delta) == 42);
    CHECK(delta == 0);
    delta = -1;
    CHECK(call_measured(reinterpret_cast<void*>(GetProcAddress(ours, "joySetThreshold")), 8, &delta) == 78);
    CHECK(delta == 0);
}
