// mci-notify: MM_MCINOTIFY codes (successful, superseded, aborted; failure from a driver), exactly one
// notification for open and close whoever posts it, waiting with the yield procedure and MCI_BREAK, two devices at
// once, the "all" device, and the driver's private data.
#include <windows.h>

#include <mmsystem.h>
#include <mmddk.h>

#include <catch.hpp>

#include <vector>

#include "test_device.h"

using namespace test_device;
using mci_support::NotifyWindow;

extern "C" {
BOOL WINAPI mciDriverNotify(HANDLE hwndCallback, MCIDEVICEID wDeviceID, UINT uStatus);
UINT WINAPI mciDriverYield(MCIDEVICEID wDeviceID);
DWORD_PTR WINAPI mciGetDriverData(MCIDEVICEID wDeviceID);
BOOL WINAPI mciSetDriverData(MCIDEVICEID wDeviceID, DWORD_PTR dwData);
}

namespace {

MCIERROR play(MCIDEVICEID id, DWORD flags, DWORD_PTR callback = 0) {
    MCI_PLAY_PARMS p = {};
    p.dwCallback = callback;
    return mciSendCommandW(id, MCI_PLAY, flags, reinterpret_cast<DWORD_PTR>(&p));
}

MCIERROR simple(MCIDEVICEID id, UINT msg, DWORD flags = 0, DWORD_PTR callback = 0) {
    MCI_GENERIC_PARMS p = {callback};
    return mciSendCommandW(id, msg, flags, reinterpret_cast<DWORD_PTR>(&p));
}

struct YieldLog {
    UINT calls = 0;
    MCIDEVICEID id = 0;
    DWORD data = 0;
    UINT break_at = 0;
};
YieldLog yield_log;

UINT CALLBACK counting_yield(MCIDEVICEID id, DWORD data) {
    yield_log.calls++;
    yield_log.id = id;
    yield_log.data = data;
    return yield_log.calls >= yield_log.break_at ? 1 : 0;
}

}  // namespace

TEST_CASE("open and close with notify: one MCI_NOTIFY_SUCCESSFUL each, whoever posts it", "[notify]") {
    for (BOOL driver_posts : {FALSE, TRUE}) {
        mci_test_driver::Config c = kDefaults;
        c.notify_on_open = driver_posts;
        c.notify_on_close = driver_posts;
        setup(c);
        CloseAll guard;
        NotifyWindow w;
        INFO("the driver posts the notifications of open and close itself: " << driver_posts);
        MCIDEVICEID id = open(nullptr, MCI_NOTIFY, nullptr, w.callback());
        REQUIRE(id != 0);
        auto notes = w.drain();
        REQUIRE(notes.size() == 1);
        CHECK(notes[0].status == MCI_NOTIFY_SUCCESSFUL);
        CHECK(notes[0].device == static_cast<LPARAM>(id));
        REQUIRE(close(id, MCI_NOTIFY, w.callback()) == 0);
        notes = w.drain();
        REQUIRE(notes.size() == 1);
        CHECK(notes[0].status == MCI_NOTIFY_SUCCESSFUL);
        CHECK(notes[0].device == static_cast<LPARAM>(id));
    }
}

TEST_CASE("a command that fails notifies nobody", "[notify]") {
    setup();
    CloseAll guard;
    NotifyWindow w;
    MCI_OPEN_PARMSW p = {};
    p.dwCallback = w.callback();
    p.lpstrElementName = mci_test_driver::kMissingElement;
    CHECK(mciSendCommandW(0, MCI_OPEN, MCI_OPEN_ELEMENT | MCI_NOTIFY, reinterpret_cast<DWORD_PTR>(&p)) ==
          MCIERR_FILE_NOT_FOUND);
    CHECK(play(42, MCI_NOTIFY, w.callback()) == MCIERR_INVALID_DEVICE_ID);
    CHECK(w.drain().empty());
}

TEST_CASE("notification codes: successful at the end, superseded by pause, aborted by stop and close", "[notify]") {
    setup();
    CloseAll guard;
    NotifyWindow w;
    MCIDEVICEID id = open();
    REQUIRE(id != 0);

    DWORD start = GetTickCount();
    REQUIRE(play(id, MCI_NOTIFY, w.callback()) == 0);
    auto n = w.next(5000);
    CHECK(n.status == MCI_NOTIFY_SUCCESSFUL);
    CHECK(n.device == static_cast<LPARAM>(id));
    CHECK(GetTickCount() - start >= kDefaults.play_ms - 20);

    REQUIRE(play(id, MCI_NOTIFY, w.callback()) == 0);
    REQUIRE(simple(id, MCI_PAUSE) == 0);
    n = w.next();
    CHECK(n.status == MCI_NOTIFY_SUPERSEDED);

    REQUIRE(play(id, MCI_NOTIFY, w.callback()) == 0);
    REQUIRE(simple(id, MCI_STOP) == 0);
    CHECK(w.next().status == MCI_NOTIFY_ABORTED);

    // A play superseded by a newer play with its own notification.
    REQUIRE(play(id, MCI_NOTIFY, w.callback()) == 0);
    REQUIRE(play(id, MCI_NOTIFY, w.callback()) == 0);
    CHECK(w.next().status == MCI_NOTIFY_SUPERSEDED);
    CHECK(w.next(5000).status == MCI_NOTIFY_SUCCESSFUL);

    REQUIRE(play(id, MCI_NOTIFY, w.callback()) == 0);
    REQUIRE(close(id, MCI_NOTIFY, w.callback()) == 0);
    auto notes = w.drain();
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].status == MCI_NOTIFY_ABORTED);
    CHECK(notes[1].status == MCI_NOTIFY_SUCCESSFUL);
    CHECK(w.drain(kDefaults.play_ms + 100).empty());  // the aborted play posts nothing later
}

TEST_CASE("mciDriverNotify posts MM_MCINOTIFY with the status and the device id", "[notify]") {
    setup();
    CloseAll guard;
    NotifyWindow w;
    MCIDEVICEID id = open();
    REQUIRE(id != 0);
    CHECK(mciDriverNotify(w.hwnd(), id, MCI_NOTIFY_FAILURE));
    auto n = w.next();
    CHECK(n.status == MCI_NOTIFY_FAILURE);
    CHECK(n.device == static_cast<LPARAM>(id));
    CHECK_FALSE(mciDriverNotify(nullptr, id, MCI_NOTIFY_SUCCESSFUL));
}

TEST_CASE("wait: the yield procedure runs in the driver's wait and a nonzero answer breaks it", "[wait][yield]") {
    mci_test_driver::Config c = kDefaults;
    c.play_ms = 3000;
    auto& reg = setup(c);
    CloseAll guard;
    MCIDEVICEID id = open();
    REQUIRE(id != 0);

    REQUIRE(mciSetYieldProc(id, counting_yield, 0x1234));
    DWORD data = 0;
    CHECK(mciGetYieldProc(id, &data) == counting_yield);
    CHECK(data == 0x1234);
    yield_log = YieldLog{};
    yield_log.break_at = 3;
    DWORD start = GetTickCount();
    REQUIRE(play(id, MCI_WAIT) == 0);
    CHECK(GetTickCount() - start < 1500);
    CHECK(yield_log.calls == 3);
    CHECK(yield_log.id == id);
    CHECK(yield_log.data == 0x1234);
    auto r = reg.log.first(MCI_PLAY);
    CHECK(r.broken);
    CHECK(r.yields == 3);
    CHECK(mciDriverYield(id) == 1);  // the same procedure, called directly
    CHECK(mciDriverYield(4321) == 0);
}

TEST_CASE("[decision] a new device yields through winmm's break-key procedure; MCI_BREAK sets and removes it",
          "[wait][break][decision]") {
    mci_test_driver::Config c = kDefaults;
    c.play_ms = 150;
    auto& reg = setup(c);
    CloseAll guard;
    MCIDEVICEID id = open();
    REQUIRE(id != 0);
    DWORD data = 0;
    YIELDPROC builtin = mciGetYieldProc(id, &data);
    CHECK(builtin != nullptr);
    CHECK(data == VK_CANCEL);
    // The key is up: waiting runs to its end.
    REQUIRE(play(id, MCI_WAIT) == 0);
    CHECK_FALSE(reg.log.first(MCI_PLAY).broken);
    CHECK(reg.log.first(MCI_PLAY).yields > 0);

    MCI_BREAK_PARMS b = {};
    b.nVirtKey = VK_ESCAPE;
    REQUIRE(mciSendCommandW(id, MCI_BREAK, MCI_BREAK_KEY, reinterpret_cast<DWORD_PTR>(&b)) == 0);
    CHECK(mciGetYieldProc(id, &data) == builtin);
    CHECK(data == VK_ESCAPE);

    NotifyWindow w;
    b.dwCallback = w.callback();
    REQUIRE(mciSendCommandW(id, MCI_BREAK, MCI_BREAK_OFF | MCI_NOTIFY, reinterpret_cast<DWORD_PTR>(&b)) == 0);
    CHECK(w.next().status == MCI_NOTIFY_SUCCESSFUL);
    CHECK(mciGetYieldProc(id, &data) == nullptr);
    CHECK(mciDriverYield(id) == 0);

    CHECK(mciSendCommandW(id, MCI_BREAK, MCI_BREAK_KEY | MCI_BREAK_OFF, reinterpret_cast<DWORD_PTR>(&b)) ==
          MCIERR_FLAGS_NOT_COMPATIBLE);
    CHECK(mciSendCommandW(id, MCI_BREAK, MCI_BREAK_KEY, 0) == MCIERR_NULL_PARAMETER_BLOCK);
    CHECK(mciSendCommandW(999, MCI_BREAK, MCI_BREAK_OFF, reinterpret_cast<DWORD_PTR>(&b)) ==
          MCIERR_INVALID_DEVICE_ID);
}

TEST_CASE("two devices at once: commands and notifications keep to their own device", "[devices]") {
    auto& reg = setup();
    CloseAll guard;
    NotifyWindow w;
    MCIDEVICEID a = open(L"first");
    MCIDEVICEID b = open(L"second");
    REQUIRE(a != 0);
    REQUIRE(b != 0);
    CHECK(a != b);
    CHECK(mciGetDriverData(a) == kDefaults.data_base + a);
    CHECK(mciGetDriverData(b) == kDefaults.data_base + b);
    REQUIRE(play(a, MCI_NOTIFY, w.callback()) == 0);
    REQUIRE(play(b, MCI_NOTIFY, w.callback()) == 0);
    reg.log.clear();
    REQUIRE(simple(a, MCI_STOP) == 0);
    auto n = w.next();
    CHECK(n.status == MCI_NOTIFY_ABORTED);
    CHECK(n.device == static_cast<LPARAM>(a));
    REQUIRE(reg.log.count(MCI_STOP) == 1);
    CHECK(reg.log.first(MCI_STOP).driver_id == a);
    n = w.next(5000);
    CHECK(n.status == MCI_NOTIFY_SUCCESSFUL);
    CHECK(n.device == static_cast<LPARAM>(b));
}

TEST_CASE("the all device: sent to every open device; not for commands that return information", "[all]") {
    auto& reg = setup();
    CloseAll guard;
    NotifyWindow w;
    MCIDEVICEID a = open(L"one");
    MCIDEVICEID b = open(L"two");
    REQUIRE(a != 0);
    REQUIRE(b != 0);
    reg.log.clear();
    CHECK(simple(MCI_ALL_DEVICE_ID, MCI_STOP) == 0);
    auto records = reg.log.records();
    std::vector<DWORD_PTR> stopped;
    for (const auto& r : records)
        if (r.msg == MCI_STOP) stopped.push_back(r.driver_id);
    CHECK(stopped == std::vector<DWORD_PTR>{a, b});
    // One error from every device is that error.
    CHECK(simple(MCI_ALL_DEVICE_ID, 0x0899) == MCIERR_UNRECOGNIZED_COMMAND);
    MCI_STATUS_PARMS st = {};
    st.dwItem = MCI_STATUS_MODE;
    CHECK(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_STATUS, MCI_STATUS_ITEM, reinterpret_cast<DWORD_PTR>(&st)) ==
          MCIERR_CANNOT_USE_ALL);
    MCI_INFO_PARMSW info = {};
    CHECK(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_INFO, MCI_INFO_PRODUCT, reinterpret_cast<DWORD_PTR>(&info)) ==
          MCIERR_CANNOT_USE_ALL);
    // The 16-bit "all" works too.
    reg.log.clear();
    CHECK(simple(0xFFFF, MCI_PAUSE) == 0);
    CHECK(reg.log.count(MCI_PAUSE) == 2);

    CHECK(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_CLOSE, MCI_WAIT, 0) == 0);  // MCI_CLOSE's page: NULL parameters
    CHECK(mciGetDeviceIDW(L"one") == 0);
    CHECK(mciGetDeviceIDW(L"two") == 0);
    MCI_GENERIC_PARMS g = {w.callback()};
    CHECK(mciSendCommandW(MCI_ALL_DEVICE_ID, MCI_CLOSE, MCI_NOTIFY, reinterpret_cast<DWORD_PTR>(&g)) == 0);
    CHECK(w.drain().empty());  // nothing was open: nothing to notify
}

TEST_CASE("driver data: mciSetDriverData and mciGetDriverData", "[driverdata]") {
    setup();
    CloseAll guard;
    MCIDEVICEID id = open();
    REQUIRE(id != 0);
    CHECK(mciSetDriverData(id, 77));
    CHECK(mciGetDriverData(id) == 77);
    const DWORD_PTR big = static_cast<DWORD_PTR>(-2);
    CHECK(mciSetDriverData(id, big));
    CHECK(mciGetDriverData(id) == big);
}
