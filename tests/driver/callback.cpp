// DriverCallback to every DCB_* target, through winmm.dll.
#include <windows.h>

#include <mmddk.h>
#include <mmsystem.h>

#include <catch.hpp>

#include <atomic>
#include <thread>

namespace {

using DriverCallbackFn = BOOL(WINAPI*)(DWORD_PTR, DWORD, HDRVR, DWORD, DWORD_PTR, DWORD_PTR, DWORD_PTR);

DriverCallbackFn driver_callback() {
    // mmddk.h does not declare it for applications; the export is what drivers call.
    return reinterpret_cast<DriverCallbackFn>(
        reinterpret_cast<void*>(GetProcAddress(GetModuleHandleW(L"winmm.dll"), "DriverCallback")));
}

const HDRVR kDevice = reinterpret_cast<HDRVR>(0x4321);
constexpr DWORD kMsg = WM_APP + 17;

struct Seen {
    int calls = 0;
    HDRVR device = nullptr;
    UINT msg = 0;
    DWORD_PTR user = 0, p1 = 0, p2 = 0;
} seen;

void CALLBACK function_target(HDRVR device, UINT msg, DWORD_PTR user, DWORD_PTR p1, DWORD_PTR p2) {
    seen.calls++;
    seen.device = device;
    seen.msg = msg;
    seen.user = user;
    seen.p1 = p1;
    seen.p2 = p2;
}

struct WindowSeen {
    int calls = 0;
    WPARAM wparam = 0;
    LPARAM lparam = 0;
} window_seen;

LRESULT CALLBACK window_proc(HWND hwnd, UINT msg, WPARAM wp, LPARAM lp) {
    if (msg == kMsg) {
        window_seen.calls++;
        window_seen.wparam = wp;
        window_seen.lparam = lp;
        return 0;
    }
    return DefWindowProcW(hwnd, msg, wp, lp);
}

}  // namespace

TEST_CASE("DCB_FUNCTION calls the function with the device, message, user data and both parameters") {
    auto cb = driver_callback();
    REQUIRE(cb);
    for (DWORD flags : {DWORD(DCB_FUNCTION), DWORD(DCB_FUNCTION | DCB_NOSWITCH)}) {
        seen = Seen{};
        CHECK(cb(reinterpret_cast<DWORD_PTR>(&function_target), flags, kDevice, kMsg, 0x11, 0x22, 0x33) == TRUE);
        CHECK(seen.calls == 1);
        CHECK(seen.device == kDevice);
        CHECK(seen.msg == kMsg);
        CHECK(seen.user == 0x11);
        CHECK(seen.p1 == 0x22);
        CHECK(seen.p2 == 0x33);
    }
}

TEST_CASE("DCB_WINDOW posts the message with wParam = device, lParam = dwParam1") {
    auto cb = driver_callback();
    REQUIRE(cb);
    WNDCLASSW wc = {};
    wc.lpfnWndProc = window_proc;
    wc.hInstance = GetModuleHandleW(nullptr);
    wc.lpszClassName = L"winmm-ng-driver-callback";
    RegisterClassW(&wc);
    HWND hwnd = CreateWindowExW(0, wc.lpszClassName, L"", 0, 0, 0, 0, 0, HWND_MESSAGE, nullptr, wc.hInstance,
                                nullptr);
    REQUIRE(hwnd);
    window_seen = WindowSeen{};
    CHECK(cb(reinterpret_cast<DWORD_PTR>(hwnd), DCB_WINDOW, kDevice, kMsg, 0x11, 0x22, 0x33) == TRUE);
    CHECK(window_seen.calls == 0);  // posted, not sent
    MSG m;
    while (PeekMessageW(&m, hwnd, 0, 0, PM_REMOVE)) DispatchMessageW(&m);
    CHECK(window_seen.calls == 1);
    CHECK(window_seen.wparam == reinterpret_cast<WPARAM>(kDevice));
    CHECK(window_seen.lparam == 0x22);
    DestroyWindow(hwnd);
    // A window that no longer exists: nothing is delivered.
    CHECK(cb(reinterpret_cast<DWORD_PTR>(hwnd), DCB_WINDOW, kDevice, kMsg, 0, 0, 0) == FALSE);
}

TEST_CASE("DCB_TASK posts the message to the thread whose id dwCallback holds") {
    auto cb = driver_callback();
    REQUIRE(cb);
    HANDLE ready = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    std::atomic<DWORD> tid{0};
    MSG got = {};
    std::thread worker([&] {
        MSG m;
        PeekMessageW(&m, nullptr, 0, 0, PM_NOREMOVE);  // gives the thread its message queue
        tid = GetCurrentThreadId();
        SetEvent(ready);
        while (GetMessageW(&m, nullptr, 0, 0) > 0) {
            if (m.message == kMsg) {
                got = m;
                break;
            }
        }
    });
    REQUIRE(WaitForSingleObject(ready, 10000) == WAIT_OBJECT_0);
    CHECK(cb(tid.load(), DCB_TASK, kDevice, kMsg, 0x11, 0x22, 0x33) == TRUE);
    worker.join();
    CHECK(got.message == kMsg);
    CHECK(got.wParam == reinterpret_cast<WPARAM>(kDevice));
    CHECK(got.lParam == 0x22);
    CloseHandle(ready);

    // The calling thread itself, pumped afterwards.
    MSG m;
    PeekMessageW(&m, nullptr, 0, 0, PM_NOREMOVE);
    CHECK(cb(GetCurrentThreadId(), DCB_TASK, kDevice, kMsg, 0, 0x44, 0) == TRUE);
    REQUIRE(PeekMessageW(&m, reinterpret_cast<HWND>(-1), kMsg, kMsg, PM_REMOVE));
    CHECK(m.lParam == 0x44);
}

TEST_CASE("DCB_EVENT sets the event") {
    auto cb = driver_callback();
    REQUIRE(cb);
    HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    REQUIRE(ev);
    CHECK(WaitForSingleObject(ev, 0) == WAIT_TIMEOUT);
    CHECK(cb(reinterpret_cast<DWORD_PTR>(ev), DCB_EVENT, kDevice, kMsg, 0, 0, 0) == TRUE);
    CHECK(WaitForSingleObject(ev, 0) == WAIT_OBJECT_0);
    CloseHandle(ev);
}

TEST_CASE("DriverCallback returns FALSE when nothing is notified, never crashing") {
    auto cb = driver_callback();
    REQUIRE(cb);
    seen = Seen{};
    // DCB_NULL: no notification, whatever dwCallback holds.
    CHECK(cb(reinterpret_cast<DWORD_PTR>(&function_target), DCB_NULL, kDevice, kMsg, 0, 0, 0) == FALSE);
    CHECK(seen.calls == 0);
    // A zero target for every type.
    for (DWORD flags : {DWORD(DCB_WINDOW), DWORD(DCB_TASK), DWORD(DCB_FUNCTION), DWORD(DCB_EVENT)})
        CHECK(cb(0, flags, kDevice, kMsg, 0, 0, 0) == FALSE);
    // A type no header defines.
    CHECK(cb(reinterpret_cast<DWORD_PTR>(&function_target), 7, kDevice, kMsg, 0, 0, 0) == FALSE);
    CHECK(seen.calls == 0);
    // Targets that do not exist.
    CHECK(cb(0x0BADF00D, DCB_WINDOW, kDevice, kMsg, 0, 0, 0) == FALSE);
    CHECK(cb(0x7FFFFFF0, DCB_TASK, kDevice, kMsg, 0, 0, 0) == FALSE);
    CHECK(cb(0x0BADF00C, DCB_EVENT, kDevice, kMsg, 0, 0, 0) == FALSE);
}
