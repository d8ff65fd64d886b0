// The low-level driver loader's numbering and dispatch, through its internal API: this program links the
// driver subsystem's sources itself. The drivers come from a section of its own
// (HKLM\...\CurrentVersion\WinmmNgTestLoader), never from the prefix's Drivers32.
#include <windows.h>

#include <mmddk.h>
#include <mmsystem.h>

#include <catch.hpp>

#include <vector>

#include "loader.h"
#include "wine_midi.h"
#include "support.h"

using driver_test::SectionValues;
using driver_test::TestDriver;
using winmm::driver::lowlevel::DeviceTable;
using winmm::driver::lowlevel::Kind;
using winmm::driver::lowlevel::Route;

namespace {

constexpr const wchar_t* kSection = L"WinmmNgTestLoader";

// td1: aux 2, mixer 1, midi in 1, midi out 2, wave in 1, wave out 3 (tag 1)
// td2: aux 1, mixer 2, midi in 0, midi out 1, wave in 2, wave out 1 (tag 2)
// td3: only midMessage (2 devices) and wodMessage (2 devices) (tag 3)
struct Expect {
    UINT tag;
    UINT local;
};

void check_numbering(const DeviceTable& t, Kind k, const std::vector<Expect>& devices) {
    CAPTURE(static_cast<unsigned>(k));
    REQUIRE(t.count(k) == devices.size());
    for (UINT n = 0; n < devices.size(); ++n) {
        CAPTURE(n);
        CHECK(t.send(k, n, test_driver::kRouteProbe, 0, 0, 0) ==
              test_driver::routed_answer(devices[n].tag, devices[n].local));
        Route r;
        REQUIRE(t.route(k, n, &r));
        CHECK(r.local == devices[n].local);
        CHECK(r.driver != nullptr);
    }
    CHECK(t.send(k, static_cast<UINT>(devices.size()), test_driver::kRouteProbe, 0, 0, 0) == MMSYSERR_BADDEVICEID);
    CHECK(t.send(k, 0xFFFFFFFFu, test_driver::kRouteProbe, 0, 0, 0) == MMSYSERR_BADDEVICEID);
    CHECK_FALSE(t.route(k, static_cast<UINT>(devices.size()), nullptr));
}

}  // namespace

TEST_CASE("devices are numbered per kind across drivers in Drivers32 order, and messages reach the right one") {
    TestDriver td1(L"td1.dll"), td2(L"td2.dll"), td3(L"td3.dll");
    REQUIRE(td1.ok());
    REQUIRE(td2.ok());
    REQUIRE(td3.ok());
    SectionValues section(kSection);
    REQUIRE(section.ok());
    // wave2 is missing (a gap is skipped), wave4 names no file, wave5 repeats td1 (counted once), aux1 is a
    // driver without auxMessage.
    section.set(L"wave", td1.path());
    section.set(L"wave1", td2.path());
    section.set(L"wave3", td3.path());
    section.set(L"wave4", driver_test::beside(L"winmm-ng-no-such-driver.dll"));
    section.set(L"wave5", td1.path());
    section.set(L"midi", td2.path());
    section.set(L"midi1", td3.path());
    section.set(L"midi2", td1.path());
    section.set(L"aux", td1.path());
    section.set(L"aux1", td3.path());
    section.set(L"aux2", td2.path());
    section.set(L"mixer", td2.path());
    section.set(L"mixer1", td1.path());
    td1.clear();
    td2.clear();
    td3.clear();

    DeviceTable table;
    table.load(kSection);

    check_numbering(table, Kind::wave_out, {{1, 0}, {1, 1}, {1, 2}, {2, 0}, {3, 0}, {3, 1}});
    check_numbering(table, Kind::wave_in, {{1, 0}, {2, 0}, {2, 1}});
    check_numbering(table, Kind::midi_out, {{2, 0}, {1, 0}, {1, 1}});
    check_numbering(table, Kind::midi_in, {{3, 0}, {3, 1}, {1, 0}});
    check_numbering(table, Kind::aux, {{1, 0}, {1, 1}, {2, 0}});
    check_numbering(table, Kind::mixer, {{2, 0}, {2, 1}, {1, 0}});

    SECTION("each entry point gets DRVM_INIT, then its GETNUMDEVS, once, before any other message") {
        struct Case {
            const TestDriver* td;
            UINT target;
            UINT getnumdevs;
        };
        const Case cases[] = {
            {&td1, test_driver::wave_out, WODM_GETNUMDEVS}, {&td1, test_driver::wave_in, WIDM_GETNUMDEVS},
            {&td1, test_driver::midi_out, MODM_GETNUMDEVS}, {&td1, test_driver::midi_in, MIDM_GETNUMDEVS},
            {&td1, test_driver::aux, AUXDM_GETNUMDEVS},     {&td1, test_driver::mixer, MXDM_GETNUMDEVS},
            {&td2, test_driver::wave_out, WODM_GETNUMDEVS}, {&td2, test_driver::midi_in, MIDM_GETNUMDEVS},
            {&td3, test_driver::wave_out, WODM_GETNUMDEVS}, {&td3, test_driver::midi_in, MIDM_GETNUMDEVS},
        };
        for (const Case& c : cases) {
            CAPTURE(c.target);
            auto msgs = c.td->messages(c.target);
            REQUIRE(msgs.size() >= 2);
            CHECK(msgs[0] == DRVM_INIT);
            CHECK(msgs[1] == c.getnumdevs);
            for (size_t i = 2; i < msgs.size(); ++i) {
                CHECK(msgs[i] != DRVM_INIT);
                CHECK(msgs[i] != c.getnumdevs);
            }
        }
        // The init messages go to device 0 with no user data.
        for (const auto& r : td1.log()) {
            if (r.target != test_driver::driver_proc && (r.msg == DRVM_INIT || r.msg == WODM_GETNUMDEVS)) {
                CHECK(r.id == 0);
                CHECK(r.user == 0);
                CHECK(r.p1 == 0);
                CHECK(r.p2 == 0);
            }
        }
    }

    SECTION("the drivers were opened as installable drivers first, each module loaded once") {
        auto msgs = td1.messages();
        REQUIRE(msgs.size() >= 3);
        CHECK(std::vector<UINT>(msgs.begin(), msgs.begin() + 3) == std::vector<UINT>{DRV_LOAD, DRV_ENABLE, DRV_OPEN});
        size_t loads = 0;
        for (UINT m : msgs) loads += m == DRV_LOAD;
        CHECK(loads == 1);
        // td3 serves no aux device: the aux1 instance was closed again, the module stays loaded for wave3/midi1.
        auto msgs3 = td3.messages();
        size_t closes = 0;
        for (UINT m : msgs3) closes += m == DRV_CLOSE;
        CHECK(closes == 1);
        for (UINT m : msgs3) CHECK(m != DRV_FREE);
    }

    SECTION("dwUser and both parameters pass through; unload sends DRVM_EXIT and frees every driver") {
        td2.clear();
        CHECK(table.send(Kind::mixer, 1, test_driver::kRouteProbe, 0xAA, 0xBB, 0xCC) ==
              test_driver::routed_answer(2, 1));
        auto log = td2.log();
        REQUIRE(log.size() == 1);
        CHECK(log[0].target == test_driver::mixer);
        CHECK(log[0].id == 1);
        CHECK(log[0].user == 0xAA);
        CHECK(log[0].p1 == 0xBB);
        CHECK(log[0].p2 == 0xCC);

        td1.clear();
        table.unload();
        CHECK(table.count(Kind::wave_out) == 0);
        CHECK(table.send(Kind::wave_out, 0, test_driver::kRouteProbe, 0, 0, 0) == MMSYSERR_BADDEVICEID);
        auto after = td1.messages(test_driver::wave_out);
        CHECK(after == std::vector<UINT>{DRVM_EXIT});
        auto procs = td1.messages();
        REQUIRE(procs.size() >= 2);
        CHECK(procs[procs.size() - 2] == DRV_DISABLE);
        CHECK(procs.back() == DRV_FREE);
    }
    table.unload();
}

TEST_CASE("a section without driver values gives no devices and sends nothing") {
    DeviceTable table;
    table.load(L"WinmmNgTestLoaderEmpty");
    for (unsigned k = 0; k < winmm::driver::lowlevel::kKindCount; ++k) {
        CHECK(table.count(static_cast<Kind>(k)) == 0);
        CHECK(table.send(static_cast<Kind>(k), 0, 0, 0, 0, 0) == MMSYSERR_BADDEVICEID);
    }
}

TEST_CASE("under Wine, the process's table also has the MIDI driver mmdevapi names, like Wine's builtin winmm") {
    HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
    REQUIRE(ntdll);
    if (!GetProcAddress(ntdll, "wine_get_version")) {
        WARN("not running under Wine: Drivers32 alone names the MIDI drivers");
        return;
    }
    // The prefix's Drivers32 names no midi driver (this is the case the fallback is for).
    HKEY key;
    bool named = false;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"Software\\Microsoft\\Windows NT\\CurrentVersion\\Drivers32", 0,
                      KEY_QUERY_VALUE, &key) == ERROR_SUCCESS) {
        named = RegQueryValueExW(key, L"midi", nullptr, nullptr, nullptr, nullptr) == ERROR_SUCCESS;
        RegCloseKey(key);
    }
    REQUIRE_FALSE(named);
    std::wstring driver = winmm::driver::lowlevel::wine_audio_driver();
    INFO("mmdevapi's driver: " << std::string(driver.begin(), driver.end()));
    CHECK_FALSE(driver.empty());

    const DeviceTable& ours = winmm::driver::lowlevel::devices();
    UINT ours_out = ours.count(Kind::midi_out), ours_in = ours.count(Kind::midi_in);
    // Wine's builtin, as the prefix's system32 winmm.dll (WINEDLLOVERRIDES=winmm=n,b finds no native file there).
    wchar_t system[MAX_PATH];
    GetSystemDirectoryW(system, MAX_PATH);
    HMODULE builtin = LoadLibraryW((std::wstring(system) + L"\\winmm.dll").c_str());
    REQUIRE(builtin);
    auto out_count = reinterpret_cast<UINT(WINAPI*)()>(reinterpret_cast<void*>(GetProcAddress(builtin, "midiOutGetNumDevs")));
    auto in_count = reinterpret_cast<UINT(WINAPI*)()>(reinterpret_cast<void*>(GetProcAddress(builtin, "midiInGetNumDevs")));
    REQUIRE(out_count);
    REQUIRE(in_count);
    CHECK(ours_out == out_count());
    CHECK(ours_in == in_count());
}
