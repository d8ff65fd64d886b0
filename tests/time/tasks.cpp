// mmTaskCreate, mmTaskBlock, mmTaskSignal, mmTaskYield, mmGetCurrentTask: a task is a thread, blocked and woken
// through thread messages.
#include <catch.hpp>

#include <windows.h>
#include <mmsystem.h>
#include <mmddk.h>

#include <atomic>

#include "time_support.h"

using namespace time_test;

namespace {

struct TaskState {
    std::atomic<long> started{0};
    std::atomic<long> unblocked{0};
    std::atomic<DWORD> task{0};
    std::atomic<DWORD> current{0};
    DWORD_PTR instance_seen = 0;
    int sleep_before_block_ms = 0;
};

void task_body(DWORD_PTR instance) {
    TaskState* s = reinterpret_cast<TaskState*>(instance);
    s->instance_seen = instance;
    s->task = GetCurrentThreadId();
    s->current = mmGetCurrentTask();
    ++s->started;
    if (s->sleep_before_block_ms) Sleep(s->sleep_before_block_ms);
    mmTaskBlock(mmGetCurrentTask());
    ++s->unblocked;
}

}  // namespace

TEST_CASE("mmGetCurrentTask: the calling thread's id", "[time]") { CHECK(mmGetCurrentTask() == GetCurrentThreadId()); }

TEST_CASE("mmTaskCreate: runs the callback on a new thread; mmTaskSignal unblocks mmTaskBlock", "[time]") {
    TaskState s;
    HANDLE thread = nullptr;
    REQUIRE(mmTaskCreate(task_body, &thread, reinterpret_cast<DWORD_PTR>(&s)) == 0);
    REQUIRE(thread != nullptr);
    REQUIRE(wait_for(s.started, 1));
    CHECK(s.instance_seen == reinterpret_cast<DWORD_PTR>(&s));
    CHECK(s.task.load() != GetCurrentThreadId());
    CHECK(s.current.load() == s.task.load());
    CHECK(GetThreadId(thread) == s.task.load());
    Sleep(100);
    CHECK(s.unblocked.load() == 0);  // blocked until signalled
    CHECK(WaitForSingleObject(thread, 0) == WAIT_TIMEOUT);
    CHECK(mmTaskSignal(s.task.load()));
    CHECK(WaitForSingleObject(thread, 10000) == WAIT_OBJECT_0);  // the handle is signalled when the task ends
    CHECK(s.unblocked.load() == 1);
    CloseHandle(thread);
}

TEST_CASE("mmTaskSignal: a signal sent before the task blocks is kept", "[time]") {
    TaskState s;
    s.sleep_before_block_ms = 150;
    HANDLE thread = nullptr;
    REQUIRE(mmTaskCreate(task_body, &thread, reinterpret_cast<DWORD_PTR>(&s)) == 0);
    REQUIRE(wait_for(s.started, 1));
    CHECK(mmTaskSignal(s.task.load()));
    CHECK(WaitForSingleObject(thread, 10000) == WAIT_OBJECT_0);
    CHECK(s.unblocked.load() == 1);
    CloseHandle(thread);
}

TEST_CASE("mmTaskCreate: without a handle pointer the task still runs", "[time]") {
    TaskState s;
    REQUIRE(mmTaskCreate(task_body, nullptr, reinterpret_cast<DWORD_PTR>(&s)) == 0);
    REQUIRE(wait_for(s.started, 1));
    CHECK(mmTaskSignal(s.task.load()));
    CHECK(wait_for(s.unblocked, 1));
}

TEST_CASE("mmTaskCreate: no callback is refused", "[time][decision]") {
    HANDLE thread = reinterpret_cast<HANDLE>(1);
    CHECK(mmTaskCreate(nullptr, &thread, 0) == TASKERR_NOTASKSUPPORT);
    CHECK(thread == reinterpret_cast<HANDLE>(1));
}

TEST_CASE("mmTaskSignal: an id that is no thread fails; mmTaskYield returns", "[time]") {
    CHECK_FALSE(mmTaskSignal(0));
    CHECK_FALSE(mmTaskSignal(0xfffffff0));
    const double t0 = now_ms();
    for (int i = 0; i < 100; ++i) mmTaskYield();
    CHECK(now_ms() - t0 < 10000);
}
