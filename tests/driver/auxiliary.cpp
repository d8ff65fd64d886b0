// The aux* API through winmm.dll, on the process's loader (Drivers32). This program adds "aux9" = td1.dll (two
// aux devices) to the prefix's Drivers32 before its first aux call, and removes it at the end.
#include <windows.h>

#include <mmddk.h>
#include <mmsystem.h>

#include <catch.hpp>

#include <cstring>
#include <memory>

#include "support.h"

using driver_test::SectionValues;
using driver_test::TestDriver;

namespace {

struct Fixture {
    TestDriver td{L"td1.dll"};
    SectionValues drivers32{L"Drivers32"};
    UINT first = 0;  // our devices are the last two: aux9 loads last
    UINT count = 0;
    Fixture() {
        drivers32.set(L"aux9", td.path());
        count = auxGetNumDevs();
        first = count >= 2 ? count - 2 : 0;
    }
};

Fixture& fixture() {
    static std::unique_ptr<Fixture> f(new Fixture);
    return *f;
}

}  // namespace

TEST_CASE("auxGetNumDevs counts the aux driver Drivers32 names; the loader sent it DRVM_INIT, then AUXDM_GETNUMDEVS") {
    Fixture& f = fixture();
    REQUIRE(f.td.ok());
    REQUIRE(f.count >= 2);
    auto msgs = f.td.messages(test_driver::aux);
    REQUIRE(msgs.size() >= 2);
    CHECK(msgs[0] == DRVM_INIT);
    CHECK(msgs[1] == AUXDM_GETNUMDEVS);
    CHECK(auxGetNumDevs() == f.count);  // loaded once
}

TEST_CASE("auxGetDevCapsW/A ask the driver for the local device and convert the name") {
    Fixture& f = fixture();
    REQUIRE(f.count >= 2);
    AUXCAPSW w = {};
    REQUIRE(auxGetDevCapsW(f.first + 1, &w, sizeof(w)) == MMSYSERR_NOERROR);
    CHECK(std::wstring(w.szPname) == L"td1 aux 1");
    CHECK(w.wPid == 17);
    CHECK(w.dwSupport == (AUXCAPS_VOLUME | AUXCAPS_LRVOLUME));
    AUXCAPSA a = {};
    REQUIRE(auxGetDevCapsA(f.first, &a, sizeof(a)) == MMSYSERR_NOERROR);
    CHECK(std::string(a.szPname) == "td1 aux 0");
    CHECK(a.wPid == 16);
    CHECK(a.wTechnology == AUXCAPS_AUXIN);
    CHECK(a.dwSupport == (AUXCAPS_VOLUME | AUXCAPS_LRVOLUME));
    // A short size: only that many bytes are written.
    AUXCAPSA part;
    std::memset(&part, 0xCC, sizeof(part));
    REQUIRE(auxGetDevCapsA(f.first, &part, 4) == MMSYSERR_NOERROR);
    CHECK(part.wMid == 0xFF);
    CHECK(part.wPid == 16);
    CHECK(static_cast<unsigned char>(part.szPname[0]) == 0xCC);
}

TEST_CASE("auxSetVolume/auxGetVolume and auxOutMessage reach the local device") {
    Fixture& f = fixture();
    REQUIRE(f.count >= 2);
    CHECK(auxSetVolume(f.first, 0x12345678) == MMSYSERR_NOERROR);
    CHECK(auxSetVolume(f.first + 1, 0x0000FFFF) == MMSYSERR_NOERROR);
    DWORD v = 0;
    CHECK(auxGetVolume(f.first, &v) == MMSYSERR_NOERROR);
    CHECK(v == 0x12345678);
    CHECK(auxGetVolume(f.first + 1, &v) == MMSYSERR_NOERROR);
    CHECK(v == 0x0000FFFF);
    f.td.clear();
    CHECK(auxOutMessage(f.first + 1, test_driver::kRouteProbe, 5, 6) == test_driver::routed_answer(1, 1));
    auto log = f.td.log();
    REQUIRE(log.size() == 1);
    CHECK(log[0].target == test_driver::aux);
    CHECK(log[0].id == 1);
    CHECK(log[0].user == 0);
    CHECK(log[0].p1 == 5);
    CHECK(log[0].p2 == 6);
}

TEST_CASE("bad device ids get MMSYSERR_BADDEVICEID, NULL pointers MMSYSERR_INVALPARAM") {
    Fixture& f = fixture();
    for (UINT id : {f.count, f.count + 1, static_cast<UINT>(AUX_MAPPER), 0xFFFFu}) {
        CAPTURE(id);
        AUXCAPSW w;
        AUXCAPSA a;
        DWORD v;
        CHECK(auxGetDevCapsW(id, &w, sizeof(w)) == MMSYSERR_BADDEVICEID);
        CHECK(auxGetDevCapsA(id, &a, sizeof(a)) == MMSYSERR_BADDEVICEID);
        CHECK(auxGetVolume(id, &v) == MMSYSERR_BADDEVICEID);
        CHECK(auxSetVolume(id, 0) == MMSYSERR_BADDEVICEID);
        CHECK(auxOutMessage(id, test_driver::kRouteProbe, 0, 0) == MMSYSERR_BADDEVICEID);
    }
    REQUIRE(f.count >= 2);
#ifdef _WIN64
    // The caps functions take a pointer-sized id: a valid id with high bits set is still a bad id.
    AUXCAPSW high;
    CHECK(auxGetDevCapsW((UINT_PTR(1) << 32) | f.first, &high, sizeof(high)) == MMSYSERR_BADDEVICEID);
#endif
    CHECK(auxGetDevCapsW(f.first, nullptr, sizeof(AUXCAPSW)) == MMSYSERR_INVALPARAM);
    CHECK(auxGetDevCapsA(f.first, nullptr, sizeof(AUXCAPSA)) == MMSYSERR_INVALPARAM);
    CHECK(auxGetVolume(f.first, nullptr) == MMSYSERR_INVALPARAM);
}
