// OpenDriver, CloseDriver, SendDriverMessage, DefDriverProc, GetDriverModuleHandle and the legacy aliases,
// against the test driver td0.dll (no device entry points), through winmm.dll like any application.
#include <windows.h>

#include <mmddk.h>
#include <mmsystem.h>

#include <catch.hpp>

#include <thread>
#include <vector>

#include "support.h"

using driver_test::SectionValues;
using driver_test::TestDriver;
using test_driver::Record;

namespace {

template <typename Fn>
Fn winmm_export(const char* name) {
    return reinterpret_cast<Fn>(reinterpret_cast<void*>(GetProcAddress(GetModuleHandleW(L"winmm.dll"), name)));
}

using OpenDriverAFn = HDRVR(WINAPI*)(LPCSTR, LPCSTR, LPARAM);
using OpenDriverWFn = HDRVR(WINAPI*)(LPCWSTR, LPCWSTR, LPARAM);
using CloseFn = LRESULT(WINAPI*)(HDRVR, LPARAM, LPARAM);
using SendFn = LRESULT(WINAPI*)(HDRVR, UINT, LPARAM, LPARAM);
using DefProcFn = LRESULT(WINAPI*)(DWORD_PTR, HDRVR, UINT, LPARAM, LPARAM);
using FlagsFn = DWORD(WINAPI*)(HDRVR);

const std::vector<UINT> kFirstOpen = {DRV_LOAD, DRV_ENABLE, DRV_OPEN};
const std::vector<UINT> kLastClose = {DRV_CLOSE, DRV_DISABLE, DRV_FREE};

// Handles no open ever returned: NULL, small integers, addresses, all-ones, and values shaped like ours.
std::vector<HDRVR> bogus_handles() {
    static int local;
    return {nullptr, reinterpret_cast<HDRVR>(1), reinterpret_cast<HDRVR>(0xFFFF),
            reinterpret_cast<HDRVR>(&local), reinterpret_cast<HDRVR>(static_cast<INT_PTR>(-1)),
            reinterpret_cast<HDRVR>(0xDEADBEEF), reinterpret_cast<HDRVR>(0x80000000u),
            reinterpret_cast<HDRVR>(0x80010001u), reinterpret_cast<HDRVR>(0x8001FFFFu)};
}

}  // namespace

TEST_CASE("first open sends DRV_LOAD, DRV_ENABLE, DRV_OPEN; last close DRV_CLOSE, DRV_DISABLE, DRV_FREE") {
    TestDriver td(L"td0.dll");
    REQUIRE(td.ok());
    td.configure(1, -1);
    td.clear();

    HDRVR h = OpenDriver(td.path().c_str(), nullptr, 0x1234);
    REQUIRE(h != nullptr);
    auto log = td.log();
    REQUIRE(td.messages() == kFirstOpen);
    for (const Record& r : log) CHECK(r.hdrvr == h);  // even DRV_LOAD carries the instance handle
    CHECK(log[0].id == 0);
    CHECK(log[0].p1 == 0);
    CHECK(log[0].p2 == 0);
    CHECK(log[1].p1 == 0);
    CHECK(log[1].p2 == 0);
    // DRV_OPEN: no configuration text after the file name, and the caller's lParam2.
    CHECK(log[2].id == 0);
    CHECK(log[2].p2 == 0x1234);
    // The handle already works while the driver loads.
    CHECK(log[0].module_seen == td.module());
    CHECK(GetDriverModuleHandle(h) == td.module());
    CHECK(DrvGetModuleHandle(h) == td.module());

    // Later messages carry DRV_OPEN's answer as dwDriverId.
    td.clear();
    LRESULT r = SendDriverMessage(h, test_driver::kRouteProbe, 0x55, 0x66);
    auto sent = td.log();
    REQUIRE(sent.size() == 1);
    DWORD_PTR id = sent[0].id;
    CHECK(id != 0);
    CHECK(r == static_cast<LRESULT>(id + 7));
    CHECK(sent[0].hdrvr == h);
    CHECK(sent[0].p1 == 0x55);
    CHECK(sent[0].p2 == 0x66);

    td.clear();
    CHECK(CloseDriver(h, 0x11, 0x22) != 0);
    log = td.log();
    REQUIRE(td.messages() == kLastClose);
    CHECK(log[0].id == id);
    CHECK(log[0].p1 == 0x11);
    CHECK(log[0].p2 == 0x22);
    CHECK(log[1].p1 == 0);
    CHECK(log[2].p2 == 0);
    // The closed handle is dead.
    CHECK(GetDriverModuleHandle(h) == nullptr);
    CHECK(SendDriverMessage(h, test_driver::kRouteProbe, 0, 0) == 0);
    CHECK(CloseDriver(h, 0, 0) == 0);
}

TEST_CASE("several opens share one module: DRV_LOAD/ENABLE once, DRV_DISABLE/FREE on the last close") {
    TestDriver td(L"td0.dll");
    REQUIRE(td.ok());
    td.configure(1, -1);
    td.clear();
    HDRVR a = OpenDriver(td.path().c_str(), nullptr, 1);
    HDRVR b = OpenDriver(td.path().c_str(), nullptr, 2);
    HDRVR c = OpenDriver(td.path().c_str(), nullptr, 3);
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK(a != b);
    CHECK(b != c);
    CHECK(td.messages() == std::vector<UINT>{DRV_LOAD, DRV_ENABLE, DRV_OPEN, DRV_OPEN, DRV_OPEN});
    auto log = td.log();
    CHECK(log[3].hdrvr == b);
    CHECK(log[3].p2 == 2);
    CHECK(log[4].hdrvr == c);
    CHECK(GetDriverModuleHandle(a) == GetDriverModuleHandle(c));

    // Each instance keeps its own driver id.
    td.clear();
    SendDriverMessage(a, test_driver::kRouteProbe, 0, 0);
    SendDriverMessage(b, test_driver::kRouteProbe, 0, 0);
    log = td.log();
    REQUIRE(log.size() == 2);
    CHECK(log[0].id != log[1].id);

    td.clear();
    CHECK(CloseDriver(b, 0, 0));
    CHECK(CloseDriver(a, 0, 0));
    CHECK(td.messages() == std::vector<UINT>{DRV_CLOSE, DRV_CLOSE});
    CHECK(GetDriverModuleHandle(c) == td.module());
    td.clear();
    CHECK(CloseDriver(c, 0, 0));
    CHECK(td.messages() == kLastClose);

    // A new first open loads the driver again.
    td.clear();
    HDRVR d = OpenDriver(td.path().c_str(), nullptr, 0);
    REQUIRE(d);
    CHECK(td.messages() == kFirstOpen);
    CHECK(CloseDriver(d, 0, 0));
}

TEST_CASE("drivers are found by Drivers32 value name, or in the section OpenDriver names") {
    TestDriver td(L"td0.dll");
    REQUIRE(td.ok());
    td.configure(1, -1);
    SectionValues drivers32(L"Drivers32");
    REQUIRE(drivers32.ok());
    REQUIRE(drivers32.set(L"winmm-ng-test.installable", td.path() + L"   config text 42"));
    SectionValues other(L"WinmmNgTestInstallable");
    REQUIRE(other.set(L"alias", td.path()));

    td.clear();
    HDRVR h = OpenDriver(L"winmm-ng-test.installable", nullptr, 7);
    REQUIRE(h);
    auto log = td.log();
    REQUIRE(log.size() == 3);
    // DRV_OPEN's lParam1: the configuration text after the file name, without the separating spaces.
    REQUIRE(log[2].p1_is_text);
    CHECK(std::wstring(log[2].text) == L"config text 42");
    CHECK(log[2].p2 == 7);
    CHECK(CloseDriver(h, 0, 0));

    h = OpenDriver(L"alias", L"WinmmNgTestInstallable", 0);
    REQUIRE(h);
    CHECK(GetDriverModuleHandle(h) == td.module());
    CHECK(CloseDriver(h, 0, 0));

    // The value exists only in the other section.
    CHECK(OpenDriver(L"alias", nullptr, 0) == nullptr);
    CHECK(OpenDriver(L"alias", L"Drivers32", 0) == nullptr);
    CHECK(OpenDriver(L"winmm-ng-test.installable", L"WinmmNgTestInstallable", 0) == nullptr);
}

TEST_CASE("a driver that refuses DRV_LOAD gets no other message and no handle") {
    TestDriver td(L"td0.dll");
    REQUIRE(td.ok());
    td.configure(0, -1);
    td.clear();
    CHECK(OpenDriver(td.path().c_str(), nullptr, 0) == nullptr);
    CHECK(td.messages() == std::vector<UINT>{DRV_LOAD});
    td.configure(1, -1);
}

TEST_CASE("a driver that refuses DRV_OPEN yields no handle [decision]") {
    TestDriver td(L"td0.dll");
    REQUIRE(td.ok());
    SECTION("on the module's first open, DRV_DISABLE and DRV_FREE balance DRV_LOAD and DRV_ENABLE") {
        td.configure(1, 0);
        td.clear();
        CHECK(OpenDriver(td.path().c_str(), nullptr, 0) == nullptr);
        CHECK(td.messages() == std::vector<UINT>{DRV_LOAD, DRV_ENABLE, DRV_OPEN, DRV_DISABLE, DRV_FREE});
    }
    SECTION("beside an open instance, only DRV_OPEN is sent and the open instance stays usable") {
        td.configure(1, -1);
        HDRVR a = OpenDriver(td.path().c_str(), nullptr, 0);
        REQUIRE(a);
        td.configure(1, 0);
        td.clear();
        CHECK(OpenDriver(td.path().c_str(), nullptr, 0) == nullptr);
        CHECK(td.messages() == std::vector<UINT>{DRV_OPEN});
        CHECK(GetDriverModuleHandle(a) == td.module());
        td.clear();
        CHECK(CloseDriver(a, 0, 0));
        CHECK(td.messages() == kLastClose);
    }
    td.configure(1, -1);
}

TEST_CASE("DefDriverProc answers as the Windows NT DDK tabulates") {
    HDRVR h = nullptr;
    CHECK(DefDriverProc(0, h, DRV_LOAD, 0, 0) == 1);
    CHECK(DefDriverProc(0, h, DRV_FREE, 0, 0) == 1);
    CHECK(DefDriverProc(0, h, DRV_ENABLE, 0, 0) == 1);
    CHECK(DefDriverProc(0, h, DRV_DISABLE, 0, 0) == 1);
    CHECK(DefDriverProc(0, h, DRV_INSTALL, 0, 0) == DRV_OK);
    CHECK(DefDriverProc(0, h, DRV_REMOVE, 0, 0) == DRV_OK);
    const UINT others[] = {DRV_OPEN, DRV_CLOSE, DRV_CONFIGURE, DRV_QUERYCONFIGURE, DRV_EXITSESSION, DRV_POWER,
                           DRV_RESERVED, DRV_USER, 0u, 0xFFFFFFFFu};
    for (UINT msg : others)
        CHECK(DefDriverProc(0x1234, h, msg, 1, 2) == 0);

    auto drv_def = winmm_export<DefProcFn>("DrvDefDriverProc");
    REQUIRE(drv_def);
    CHECK(drv_def(0, nullptr, DRV_LOAD, 0, 0) == 1);
    CHECK(drv_def(0, nullptr, DRV_INSTALL, 0, 0) == DRV_OK);
    CHECK(drv_def(0, nullptr, DRV_OPEN, 0, 0) == 0);

    // Through a driver that hands what it does not handle to DefDriverProc.
    TestDriver td(L"td0.dll");
    REQUIRE(td.ok());
    td.configure(1, -1, TRUE);
    HDRVR d = OpenDriver(td.path().c_str(), nullptr, 0);
    REQUIRE(d);
    CHECK(SendDriverMessage(d, DRV_QUERYCONFIGURE, 0, 0) == 0);
    CHECK(SendDriverMessage(d, DRV_INSTALL, 0, 0) == DRV_OK);
    CHECK(SendDriverMessage(d, DRV_ENABLE, 0, 0) == 1);
    CHECK(CloseDriver(d, 0, 0));
    td.configure(1, -1, FALSE);
}

TEST_CASE("the legacy aliases: OpenDriverA, DrvOpen, DrvOpenA, DrvClose, DrvSendMessage, GetDriverFlags") {
    auto open_a = winmm_export<OpenDriverAFn>("OpenDriverA");
    auto drv_open = winmm_export<OpenDriverWFn>("DrvOpen");
    auto drv_open_a = winmm_export<OpenDriverAFn>("DrvOpenA");
    auto drv_close = winmm_export<CloseFn>("DrvClose");
    auto drv_send = winmm_export<SendFn>("DrvSendMessage");
    auto flags = winmm_export<FlagsFn>("GetDriverFlags");
    REQUIRE(open_a);
    REQUIRE(drv_open);
    REQUIRE(drv_open_a);
    REQUIRE(drv_close);
    REQUIRE(drv_send);
    REQUIRE(flags);

    TestDriver td(L"td0.dll");
    REQUIRE(td.ok());
    td.configure(1, -1);
    char path[MAX_PATH];
    WideCharToMultiByte(CP_ACP, 0, td.path().c_str(), -1, path, MAX_PATH, nullptr, nullptr);

    HDRVR a = open_a(path, nullptr, 0);
    HDRVR b = drv_open(td.path().c_str(), nullptr, 0);
    HDRVR c = drv_open_a(path, nullptr, 0);
    REQUIRE(a);
    REQUIRE(b);
    REQUIRE(c);
    CHECK(GetDriverModuleHandle(a) == td.module());
    CHECK(flags(a) == 0x80000000u);
    td.clear();
    CHECK(drv_send(b, test_driver::kRouteProbe, 3, 4) != 0);
    auto log = td.log();
    REQUIRE(log.size() == 1);
    CHECK(log[0].hdrvr == b);
    CHECK(log[0].p1 == 3);
    CHECK(drv_close(a, 0, 0));
    CHECK(drv_close(b, 0, 0));
    CHECK(CloseDriver(c, 0, 0));
    CHECK(flags(a) == 0);
    CHECK(drv_close(a, 0, 0) == 0);
    CHECK(open_a(nullptr, nullptr, 0) == nullptr);
    CHECK(drv_open(nullptr, nullptr, 0) == nullptr);
    CHECK(drv_open_a("", nullptr, 0) == nullptr);
}

TEST_CASE("bad handles and unknown names get NULL or 0, never a crash") {
    auto flags = winmm_export<FlagsFn>("GetDriverFlags");
    REQUIRE(flags);
    for (HDRVR h : bogus_handles()) {
        CAPTURE(reinterpret_cast<UINT_PTR>(h));
        CHECK(SendDriverMessage(h, DRV_QUERYCONFIGURE, 0, 0) == 0);
        CHECK(GetDriverModuleHandle(h) == nullptr);
        CHECK(DrvGetModuleHandle(h) == nullptr);
        CHECK(flags(h) == 0);
        CHECK(CloseDriver(h, 0, 0) == 0);
    }
    CHECK(OpenDriver(nullptr, nullptr, 0) == nullptr);
    CHECK(OpenDriver(nullptr, L"Drivers32", 0) == nullptr);
    CHECK(OpenDriver(L"", nullptr, 0) == nullptr);
    CHECK(OpenDriver(L"winmm-ng-no-such-driver", nullptr, 0) == nullptr);
    CHECK(OpenDriver(L"winmm-ng-no-such-driver.dll", L"Drivers32", 0) == nullptr);
    CHECK(OpenDriver(L"anything", L"WinmmNgNoSuchSection", 0) == nullptr);
    // A DLL that is no driver: it exports no DriverProc.
    CHECK(OpenDriver(driver_test::beside(L"td_noproc.dll").c_str(), nullptr, 0) == nullptr);
    CHECK(OpenDriver(L"kernel32.dll", nullptr, 0) == nullptr);
}

TEST_CASE("a closed handle stays invalid after its slot is reused") {
    TestDriver td(L"td0.dll");
    REQUIRE(td.ok());
    td.configure(1, -1);
    HDRVR a = OpenDriver(td.path().c_str(), nullptr, 0);
    REQUIRE(a);
    REQUIRE(CloseDriver(a, 0, 0));
    HDRVR b = OpenDriver(td.path().c_str(), nullptr, 0);
    REQUIRE(b);
    CHECK(a != b);
    CHECK(GetDriverModuleHandle(a) == nullptr);
    CHECK(SendDriverMessage(a, test_driver::kRouteProbe, 0, 0) == 0);
    CHECK(CloseDriver(a, 0, 0) == 0);
    CHECK(GetDriverModuleHandle(b) == td.module());
    CHECK(CloseDriver(b, 0, 0));
}

TEST_CASE("threads opening and closing one driver keep DRV_LOAD ... DRV_FREE balanced and in order") {
    TestDriver td(L"td0.dll");
    REQUIRE(td.ok());
    td.configure(1, -1);
    td.clear();
    constexpr int kThreads = 4, kRounds = 40;
    std::vector<std::thread> threads;
    std::vector<int> failures(kThreads, 0);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < kRounds; ++i) {
                HDRVR h = OpenDriver(td.path().c_str(), nullptr, t);
                if (!h) {
                    failures[t]++;
                    continue;
                }
                if (SendDriverMessage(h, test_driver::kRouteProbe, 0, 0) == 0) failures[t]++;
                if (!CloseDriver(h, 0, 0)) failures[t]++;
            }
        });
    }
    for (auto& th : threads) th.join();
    for (int f : failures) CHECK(f == 0);
    // Replay the log: the module is loaded between DRV_LOAD and DRV_FREE only, and instances open only then.
    bool loaded = false;
    int open_instances = 0, loads = 0, opens = 0, closes = 0;
    bool in_order = true;
    for (UINT msg : td.messages()) {
        switch (msg) {
        case DRV_LOAD: in_order = in_order && !loaded; loaded = true; ++loads; break;
        case DRV_FREE: in_order = in_order && loaded && open_instances == 0; loaded = false; break;
        case DRV_OPEN: in_order = in_order && loaded; ++open_instances; ++opens; break;
        case DRV_CLOSE: in_order = in_order && loaded && open_instances > 0; --open_instances; ++closes; break;
        default: break;
        }
    }
    CHECK(in_order);
    CHECK_FALSE(loaded);
    CHECK(opens == kThreads * kRounds);
    CHECK(closes == opens);
    CHECK(loads >= 1);
}
