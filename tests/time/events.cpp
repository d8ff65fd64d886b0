// timeSetEvent and timeKillEvent: one-shot and periodic timers, events, kills, many timers, the timer thread.
// The machine may be loaded: the checks assert counts, order and lower bounds, with generous upper bounds.
#include <catch.hpp>

#include <windows.h>
#include <mmsystem.h>

#include <atomic>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "time_support.h"

using namespace time_test;

namespace {

struct Recorder {
    std::atomic<long> calls{0};
    std::mutex m;
    std::vector<double> times;  // performance-counter ms of each call
    std::vector<UINT> ids;
    std::vector<UINT> msgs;
    std::vector<DWORD_PTR> users;
    std::set<DWORD> threads;
    std::vector<int> priorities;
};

void CALLBACK record(UINT id, UINT msg, DWORD_PTR user, DWORD_PTR, DWORD_PTR) {
    const double t = now_ms();
    Recorder* r = reinterpret_cast<Recorder*>(user);
    {
        std::lock_guard<std::mutex> g(r->m);
        r->times.push_back(t);
        r->ids.push_back(id);
        r->msgs.push_back(msg);
        r->users.push_back(user);
        r->threads.insert(GetCurrentThreadId());
        r->priorities.push_back(GetThreadPriority(GetCurrentThread()));
    }
    ++r->calls;
}

// Lambdas passed as timer callbacks carry CALLBACK: on x86 a timer callback is stdcall.
LPTIMECALLBACK as_callback(HANDLE event) { return reinterpret_cast<LPTIMECALLBACK>(event); }

}  // namespace

TEST_CASE("timeSetEvent: a one-shot fires once, not early, with its id and user data", "[time]") {
    Recorder r;
    const double t0 = now_ms();
    const UINT id = timeSetEvent(30, 1, record, reinterpret_cast<DWORD_PTR>(&r), TIME_ONESHOT);
    REQUIRE(id != 0);
    REQUIRE(wait_for(r.calls, 1));
    Sleep(100);  // a second call would show here
    CHECK(r.calls.load() == 1);
    CHECK(r.times[0] - t0 >= 29.0);
    CHECK(r.ids[0] == id);
    CHECK(r.msgs[0] == 0);
    CHECK(r.users[0] == reinterpret_cast<DWORD_PTR>(&r));
    // Fired and done: its id is no longer a timer (Windows: TIMERR_NOCANDO).
    CHECK(timeKillEvent(id) == TIMERR_NOCANDO);
}

TEST_CASE("timeSetEvent: one-shots fire in the order of their due times", "[time]") {
    static std::atomic<long> n{0};
    static std::atomic<long> order[3];
    n = 0;
    auto cb = [](UINT, UINT, DWORD_PTR user, DWORD_PTR, DWORD_PTR) CALLBACK {
        const long k = n.fetch_add(1);
        if (k < 3) order[k] = static_cast<long>(user);
    };
    const UINT a = timeSetEvent(150, 0, cb, 3, TIME_ONESHOT);
    const UINT b = timeSetEvent(50, 0, cb, 1, TIME_ONESHOT);
    const UINT c = timeSetEvent(100, 0, cb, 2, TIME_ONESHOT);
    REQUIRE((a && b && c));
    CHECK((a != b && b != c && a != c));
    REQUIRE(wait_for(n, 3));
    CHECK(order[0] == 1);
    CHECK(order[1] == 2);
    CHECK(order[2] == 3);
}

TEST_CASE("timeSetEvent: a periodic timer keeps count and period over a second", "[time]") {
    Recorder r;
    const UINT period = 10;
    const double t0 = now_ms();
    const UINT id = timeSetEvent(period, 0, record, reinterpret_cast<DWORD_PTR>(&r), TIME_PERIODIC);
    REQUIRE(id != 0);
    Sleep(1000);
    REQUIRE(timeKillEvent(id) == TIMERR_NOERROR);
    const double elapsed = now_ms() - t0;
    Sleep(50);
    const long calls = r.calls.load();
    const long expected = static_cast<long>(elapsed / period);
    INFO("calls " << calls << ", elapsed " << elapsed << " ms");
    // Never ahead of the schedule; behind it only by what the thread is late at the moment of the kill.
    CHECK(calls <= expected + 1);
    CHECK(calls >= expected - 15);
    for (long k = 0; k < calls; ++k) CHECK(r.times[k] - t0 >= (k + 1) * double(period) - 1.0);
    const double mean = (r.times.back() - r.times.front()) / double(calls - 1);
    CHECK(mean > period * 0.8);
    CHECK(mean < period * 1.25);
}

TEST_CASE("timeSetEvent: ticks are due at start + n x period, so a stalled callback is caught up", "[time]") {
    // The first callback blocks the timer thread for 200 ms. A drift-free timer delivers the missed ticks at once
    // and is back on its grid; one that schedules "last tick + period" would stay 20 ticks behind.
    static std::atomic<long> calls{0};
    calls = 0;
    auto cb = [](UINT, UINT, DWORD_PTR, DWORD_PTR, DWORD_PTR) CALLBACK {
        if (calls.fetch_add(1) == 0) Sleep(200);
    };
    const double t0 = now_ms();
    const UINT id = timeSetEvent(10, 0, cb, 0, TIME_PERIODIC | TIME_KILL_SYNCHRONOUS);
    REQUIRE(id != 0);
    Sleep(500);
    const long seen = calls.load();
    const double elapsed = now_ms() - t0;
    REQUIRE(timeKillEvent(id) == TIMERR_NOERROR);
    INFO("calls " << seen << " after " << elapsed << " ms");
    CHECK(seen >= static_cast<long>(elapsed / 10) - 12);
    CHECK(seen <= static_cast<long>(elapsed / 10) + 1);
}

TEST_CASE("timeSetEvent: TIME_CALLBACK_EVENT_SET signals the event", "[time]") {
    HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    const double t0 = now_ms();
    const UINT id = timeSetEvent(40, 0, as_callback(ev), 0, TIME_ONESHOT | TIME_CALLBACK_EVENT_SET);
    REQUIRE(id != 0);
    CHECK(WaitForSingleObject(ev, 10000) == WAIT_OBJECT_0);
    CHECK(now_ms() - t0 >= 39.0);
    CHECK(timeKillEvent(id) == TIMERR_NOCANDO);  // the one-shot is gone once it has signalled

    const UINT periodic = timeSetEvent(15, 0, as_callback(ev), 0, TIME_PERIODIC | TIME_CALLBACK_EVENT_SET);
    REQUIRE(periodic != 0);
    for (int i = 0; i < 3; ++i) CHECK(WaitForSingleObject(ev, 10000) == WAIT_OBJECT_0);
    CHECK(timeKillEvent(periodic) == TIMERR_NOERROR);

    // Set, not pulsed: a manual-reset event stays signalled.
    HANDLE manual = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    REQUIRE(timeSetEvent(10, 0, as_callback(manual), 0, TIME_ONESHOT | TIME_CALLBACK_EVENT_SET) != 0);
    CHECK(WaitForSingleObject(manual, 10000) == WAIT_OBJECT_0);
    CHECK(WaitForSingleObject(manual, 0) == WAIT_OBJECT_0);
    CloseHandle(manual);
    CloseHandle(ev);
}

TEST_CASE("timeSetEvent: TIME_CALLBACK_EVENT_PULSE releases a waiter and leaves the event reset", "[time]") {
    HANDLE manual = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    std::atomic<long> released{0};
    std::thread waiter([&] {
        if (WaitForSingleObject(manual, 10000) == WAIT_OBJECT_0) ++released;
    });
    Sleep(50);  // let the waiter wait
    const UINT id = timeSetEvent(20, 0, as_callback(manual), 0, TIME_PERIODIC | TIME_CALLBACK_EVENT_PULSE);
    REQUIRE(id != 0);
    waiter.join();
    CHECK(timeKillEvent(id) == TIMERR_NOERROR);
    CHECK(released.load() == 1);
    CHECK(WaitForSingleObject(manual, 0) == WAIT_TIMEOUT);
    CloseHandle(manual);
}

TEST_CASE("timeKillEvent: a killed timer does not fire", "[time]") {
    Recorder r;
    const UINT one_shot = timeSetEvent(100, 0, record, reinterpret_cast<DWORD_PTR>(&r), TIME_ONESHOT);
    REQUIRE(one_shot != 0);
    CHECK(timeKillEvent(one_shot) == TIMERR_NOERROR);
    CHECK(timeKillEvent(one_shot) == TIMERR_NOCANDO);  // already killed

    Recorder p;
    const UINT periodic =
        timeSetEvent(5, 0, record, reinterpret_cast<DWORD_PTR>(&p), TIME_PERIODIC | TIME_KILL_SYNCHRONOUS);
    REQUIRE(periodic != 0);
    REQUIRE(wait_for(p.calls, 3));
    CHECK(timeKillEvent(periodic) == TIMERR_NOERROR);
    const long after_kill = p.calls.load();
    Sleep(200);
    CHECK(r.calls.load() == 0);
    CHECK(p.calls.load() == after_kill);  // TIME_KILL_SYNCHRONOUS: nothing after the kill returned
}

TEST_CASE("timeKillEvent: TIME_KILL_SYNCHRONOUS waits for the running callback", "[time]") {
    static std::atomic<long> started{0}, finished{0};
    started = 0;
    finished = 0;
    auto slow = [](UINT, UINT, DWORD_PTR, DWORD_PTR, DWORD_PTR) CALLBACK {
        ++started;
        Sleep(150);
        ++finished;
    };
    const UINT id = timeSetEvent(10, 0, slow, 0, TIME_PERIODIC | TIME_KILL_SYNCHRONOUS);
    REQUIRE(id != 0);
    REQUIRE(wait_for(started, 1));
    CHECK(timeKillEvent(id) == TIMERR_NOERROR);
    CHECK(finished.load() == started.load());  // the running call had finished when the kill returned
    const long calls = started.load();
    Sleep(100);
    CHECK(started.load() == calls);
}

TEST_CASE("timeKillEvent: from the timer's own callback, with and without TIME_KILL_SYNCHRONOUS", "[time]") {
    static std::atomic<long> calls{0}, result{-1};
    for (UINT flags : {UINT(TIME_PERIODIC), UINT(TIME_PERIODIC | TIME_KILL_SYNCHRONOUS), UINT(TIME_ONESHOT),
                       UINT(TIME_ONESHOT | TIME_KILL_SYNCHRONOUS)}) {
        calls = 0;
        result = -1;
        auto self_kill = [](UINT id, UINT, DWORD_PTR user, DWORD_PTR, DWORD_PTR) CALLBACK {
            const bool periodic = user != 0;
            if (calls.fetch_add(1) + 1 == (periodic ? 3 : 1)) result = static_cast<long>(timeKillEvent(id));
        };
        const bool periodic = flags & TIME_PERIODIC;
        INFO("flags " << flags);
        const UINT id = timeSetEvent(10, 0, self_kill, periodic ? 1 : 0, flags);
        REQUIRE(id != 0);
        REQUIRE(wait_for(calls, periodic ? 3 : 1));
        Sleep(100);  // a call after the self-kill would show here
        CHECK(calls.load() == (periodic ? 3 : 1));
        CHECK(result.load() == TIMERR_NOERROR);
        CHECK(timeKillEvent(id) == TIMERR_NOCANDO);
    }
}

TEST_CASE("timeSetEvent: 64 timers at once, all on one time-critical thread", "[time]") {
    constexpr int count = 64;
    std::vector<Recorder> recs(count);
    std::vector<UINT> ids;
    for (int i = 0; i < count; ++i) {
        const UINT id = timeSetEvent(10 + i % 7, 0, record, reinterpret_cast<DWORD_PTR>(&recs[i]), TIME_PERIODIC);
        REQUIRE(id != 0);
        ids.push_back(id);
    }
    CHECK(std::set<UINT>(ids.begin(), ids.end()).size() == size_t(count));
    for (auto& r : recs) CHECK(wait_for(r.calls, 3));
    for (UINT id : ids) CHECK(timeKillEvent(id) == TIMERR_NOERROR);
    std::set<DWORD> threads;
    for (auto& r : recs) {
        std::lock_guard<std::mutex> g(r.m);
        threads.insert(r.threads.begin(), r.threads.end());
        for (int p : r.priorities) CHECK(p == THREAD_PRIORITY_TIME_CRITICAL);
    }
    CHECK(threads.size() == 1);
    CHECK(threads.count(GetCurrentThreadId()) == 0);
}

TEST_CASE("timeSetEvent: ids are not reused soon after a kill", "[time]") {
    HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    std::set<UINT> seen;
    for (int i = 0; i < 200; ++i) {
        const UINT id = timeSetEvent(10000, 0, as_callback(ev), 0, TIME_CALLBACK_EVENT_SET);
        REQUIRE(id != 0);
        CHECK(seen.insert(id).second);
        REQUIRE(timeKillEvent(id) == TIMERR_NOERROR);
    }
    // And after a one-shot has fired.
    const UINT fired = timeSetEvent(5, 0, as_callback(ev), 0, TIME_CALLBACK_EVENT_SET);
    REQUIRE(fired != 0);
    REQUIRE(WaitForSingleObject(ev, 10000) == WAIT_OBJECT_0);
    const UINT next = timeSetEvent(1000, 0, as_callback(ev), 0, TIME_CALLBACK_EVENT_SET);
    CHECK(next != fired);
    CHECK(timeKillEvent(fired) == TIMERR_NOCANDO);
    CHECK(timeKillEvent(next) == TIMERR_NOERROR);
    CloseHandle(ev);
}

TEST_CASE("timeSetEvent/timeKillEvent: bad input fails without a timer", "[time]") {
    HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    Recorder r;
    const DWORD_PTR user = reinterpret_cast<DWORD_PTR>(&r);
    CHECK(timeSetEvent(0, 0, record, user, TIME_ONESHOT) == 0);        // below wPeriodMin
    CHECK(timeSetEvent(1000001, 0, record, user, TIME_PERIODIC) == 0); // above wPeriodMax
    CHECK(timeSetEvent(UINT_MAX, 0, record, user, TIME_ONESHOT) == 0);
    CHECK(timeSetEvent(10, 0, nullptr, user, TIME_ONESHOT) == 0);
    CHECK(timeSetEvent(10, 0, nullptr, 0, TIME_ONESHOT | TIME_CALLBACK_EVENT_SET) == 0);
    CHECK(timeSetEvent(10, 0, nullptr, 0, TIME_PERIODIC | TIME_CALLBACK_EVENT_PULSE) == 0);
    // The largest delay is accepted (and killed before it fires).
    const UINT longest = timeSetEvent(1000000, 0, as_callback(ev), 0, TIME_CALLBACK_EVENT_SET);
    CHECK(longest != 0);
    CHECK(timeKillEvent(longest) == TIMERR_NOERROR);
    // A huge resolution is not an error.
    const UINT coarse = timeSetEvent(10, UINT_MAX, as_callback(ev), 0, TIME_CALLBACK_EVENT_SET);
    CHECK(coarse != 0);
    CHECK(WaitForSingleObject(ev, 10000) == WAIT_OBJECT_0);

    CHECK(timeKillEvent(0) == TIMERR_NOCANDO);
    CHECK(timeKillEvent(0x12345678) == TIMERR_NOCANDO);
    CHECK(timeKillEvent(UINT_MAX) == TIMERR_NOCANDO);
    Sleep(50);
    CHECK(r.calls.load() == 0);
    CloseHandle(ev);
}

TEST_CASE("timeSetEvent: both event kinds at once is refused", "[time][decision]") {
    HANDLE ev = CreateEventW(nullptr, FALSE, FALSE, nullptr);
    CHECK(timeSetEvent(10, 0, as_callback(ev), 0, TIME_CALLBACK_EVENT_SET | TIME_CALLBACK_EVENT_PULSE) == 0);
    CloseHandle(ev);
}

TEST_CASE("timeSetEvent/timeKillEvent: many threads creating and killing at once", "[time]") {
    static std::atomic<long> fired{0};
    fired = 0;
    auto cb = [](UINT, UINT, DWORD_PTR, DWORD_PTR, DWORD_PTR) CALLBACK { ++fired; };
    std::atomic<long> bad{0};
    auto worker = [&](int seed) {
        for (int i = 0; i < 150; ++i) {
            const UINT flags = (i % 3 == 0 ? TIME_PERIODIC : TIME_ONESHOT) | (i % 2 ? TIME_KILL_SYNCHRONOUS : 0);
            const UINT id = timeSetEvent(1 + (i + seed) % 4, 0, cb, 0, flags);
            if (!id) {
                ++bad;
                continue;
            }
            if (i % 5 == 0) Sleep(1);
            const MMRESULT rc = timeKillEvent(id);
            // A one-shot may have fired (and be gone) before the kill.
            if (rc != TIMERR_NOERROR && !(rc == TIMERR_NOCANDO && !(flags & TIME_PERIODIC))) ++bad;
        }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) threads.emplace_back(worker, t);
    for (auto& t : threads) t.join();
    CHECK(bad.load() == 0);
    Sleep(50);  // a callback that was running at a kill without TIME_KILL_SYNCHRONOUS has returned
    const long settled = fired.load();
    Sleep(100);
    CHECK(fired.load() == settled);  // every timer is gone
}

TEST_CASE("timers: FreeLibrary with a live timer neither crashes nor deadlocks; the DLL leaves with its thread",
          "[time]") {
    // A second copy of our DLL under another name (the loader matches modules by base name).
    wchar_t path[MAX_PATH];
    const HMODULE ours = GetModuleHandleW(L"winmm.dll");
    REQUIRE(ours);
    REQUIRE(GetModuleFileNameW(ours, path, MAX_PATH));
    wchar_t tmp[MAX_PATH];
    GetTempPathW(MAX_PATH, tmp);
    const std::wstring copy = std::wstring(tmp) + L"winmm_time_unload_" + std::to_wstring(GetCurrentProcessId()) + L".dll";
    REQUIRE(CopyFileW(path, copy.c_str(), FALSE));
    HMODULE second = LoadLibraryW(copy.c_str());
    REQUIRE(second);
    auto set_event = reinterpret_cast<decltype(&timeSetEvent)>(reinterpret_cast<void*>(GetProcAddress(second, "timeSetEvent")));
    auto kill_event = reinterpret_cast<decltype(&timeKillEvent)>(reinterpret_cast<void*>(GetProcAddress(second, "timeKillEvent")));
    REQUIRE((set_event && kill_event));
    Recorder r;
    const UINT id = set_event(5, 0, record, reinterpret_cast<DWORD_PTR>(&r), TIME_PERIODIC | TIME_KILL_SYNCHRONOUS);
    REQUIRE(id != 0);
    REQUIRE(wait_for(r.calls, 2));
    REQUIRE(FreeLibrary(second));
    // The timer thread's reference keeps the code mapped: the timer keeps running and can still be killed.
    const long before = r.calls.load();
    CHECK(wait_for(r.calls, before + 2));
    CHECK(kill_event(id) == TIMERR_NOERROR);
    // Without timers the thread leaves (after its idle time) and takes the last reference with it.
    const double end = now_ms() + 15000;
    while (GetModuleHandleW(copy.c_str()) && now_ms() < end) Sleep(20);
    CHECK(GetModuleHandleW(copy.c_str()) == nullptr);
    DeleteFileW(copy.c_str());
}

TEST_CASE("timers: a process may exit with timers running, even from inside a callback", "[time]") {
    // Each child ends itself with its own exit code, which also proves that the child test ran.
    wchar_t exe[MAX_PATH];
    REQUIRE(GetModuleFileNameW(nullptr, exe, MAX_PATH));
    const std::pair<const wchar_t*, DWORD> children[] = {{L"\"timers: child exits with a live timer\"", 5},
                                                         {L"\"timers: child exits from a callback\"", 7}};
    for (const auto& child : children) {
        std::wstring cmd = L"\"" + std::wstring(exe) + L"\" " + child.first;
        STARTUPINFOW si{};
        si.cb = sizeof si;
        PROCESS_INFORMATION pi{};
        REQUIRE(CreateProcessW(nullptr, &cmd[0], nullptr, nullptr, FALSE, 0, nullptr, nullptr, &si, &pi));
        CHECK(WaitForSingleObject(pi.hProcess, 60000) == WAIT_OBJECT_0);
        DWORD code = 1;
        GetExitCodeProcess(pi.hProcess, &code);
        CHECK(code == child.second);
        CloseHandle(pi.hThread);
        CloseHandle(pi.hProcess);
    }
}

// Run only as the children of the test above ("[.]": hidden from a plain run).
static std::atomic<long> child_ticks{0};

TEST_CASE("timers: child exits with a live timer", "[.][child]") {
    auto tick = [](UINT, UINT, DWORD_PTR, DWORD_PTR, DWORD_PTR) CALLBACK { ++child_ticks; };
    REQUIRE(timeSetEvent(1, 0, tick, 0, TIME_PERIODIC) != 0);
    REQUIRE(wait_for(child_ticks, 3));
    ExitProcess(5);
}

TEST_CASE("timers: child exits from a callback", "[.][child]") {
    auto exit_now = [](UINT, UINT, DWORD_PTR, DWORD_PTR, DWORD_PTR) CALLBACK { ExitProcess(7); };
    REQUIRE(timeSetEvent(10, 0, exit_now, 0, TIME_ONESHOT) != 0);
    Sleep(30000);
    FAIL("the callback did not end the process");
}
