// timeSetEvent and timeKillEvent: one timer thread per process, at THREAD_PRIORITY_TIME_CRITICAL, delivers every
// timer's ticks (as on Windows, where "the multimedia timer runs in its own thread"). The schedule is the portable
// TimerQueue; this file adds the lock, the thread and the callbacks. Behaviour and decisions: docs/time.md.
#include <windows.h>
#include <mmsystem.h>

#include <new>

#include "clock_win32.h"
#include "resolution.h"
#include "time_limits.h"
#include "timer_queue.h"

namespace winmm::time {
namespace {

// The thread leaves after this long without timers, so an idle process keeps no thread; a process that keeps
// creating one-shots does not pay for a new thread each time.
constexpr DWORD idle_exit_ms = 2000;

SRWLOCK lock = SRWLOCK_INIT;
CONDITION_VARIABLE wake_thread = CONDITION_VARIABLE_INIT;      // a timer was added or killed
CONDITION_VARIABLE callback_returned = CONDITION_VARIABLE_INIT; // for TIME_KILL_SYNCHRONOUS kills
TimerQueue* queue;        // created on first use, never freed: nothing to tear down at DLL unload
bool thread_alive = false;
DWORD thread_id = 0;
uint16_t running_id = 0;  // the timer whose callback runs now on the timer thread, 0 for none

void deliver(const Firing& f) {
    switch (f.spec.kind) {
    case TIME_CALLBACK_EVENT_SET:
        SetEvent(static_cast<HANDLE>(f.spec.target));
        break;
    case TIME_CALLBACK_EVENT_PULSE:
        PulseEvent(static_cast<HANDLE>(f.spec.target));
        break;
    default:
        reinterpret_cast<LPTIMECALLBACK>(f.spec.target)(f.id, 0, f.spec.user, 0, 0);
        break;
    }
}

DWORD ceil_ms(Ticks t) { return t <= 0 ? 0 : DWORD((t + ticks_per_ms - 1) / ticks_per_ms); }

// Holds a reference on this DLL (taken by start_thread_locked) that it drops as it exits, so FreeLibrary by the
// application never unmaps code the thread is running; DllMain never waits for it (no join under the loader lock).
DWORD WINAPI timer_thread(void* module) {
    AcquireSRWLockExclusive(&lock);
    Ticks last_busy = precise_now();
    for (;;) {
        const Ticks now = precise_now();
        if (std::optional<Firing> f = queue->pop_due(now)) {
            last_busy = now;
            const bool one_shot = !f->spec.periodic;
            const bool calls_back = f->spec.kind == TIME_CALLBACK_FUNCTION;
            // A one-shot that only signals an event is gone before the event wakes anyone: its id is then
            // already invalid. One with a callback stays valid until the callback returns (it may kill itself).
            if (one_shot && !calls_back) queue->remove(f->id);
            running_id = f->id;
            ReleaseSRWLockExclusive(&lock);
            if (one_shot && !calls_back) timer_resolution_release(f->spec.resolution_ms);
            deliver(*f);
            AcquireSRWLockExclusive(&lock);
            running_id = 0;
            WakeAllConditionVariable(&callback_returned);
            if (one_shot && calls_back && queue->remove(f->id)) {
                ReleaseSRWLockExclusive(&lock);
                timer_resolution_release(f->spec.resolution_ms);
                AcquireSRWLockExclusive(&lock);
            }
            continue;
        }
        DWORD wait;
        if (std::optional<Ticks> due = queue->next_due()) {
            last_busy = now;
            wait = ceil_ms(*due - now);
        } else {
            const Ticks idle = now - last_busy;
            if (queue->size() == 0 && idle >= Ticks(idle_exit_ms) * ticks_per_ms) break;
            wait = idle_exit_ms - DWORD(idle / ticks_per_ms);
        }
        SleepConditionVariableSRW(&wake_thread, &lock, wait, 0);
    }
    thread_alive = false;
    ReleaseSRWLockExclusive(&lock);
    FreeLibraryAndExitThread(static_cast<HMODULE>(module), 0);
}

bool start_thread_locked() {
    HMODULE self = nullptr;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, reinterpret_cast<LPCWSTR>(&timer_thread), &self))
        return false;
    DWORD id = 0;
    HANDLE thread = CreateThread(nullptr, 0, timer_thread, self, 0, &id);
    if (!thread) {
        FreeLibrary(self);
        return false;
    }
    // Set before the thread can deliver anything: it first waits for the lock held here.
    SetThreadPriority(thread, THREAD_PRIORITY_TIME_CRITICAL);
    CloseHandle(thread);
    thread_alive = true;
    thread_id = id;
    return true;
}

uint16_t add_timer(const TimerSpec& spec) {
    AcquireSRWLockExclusive(&lock);
    uint16_t id = 0;
    try {
        if (!queue) queue = new TimerQueue;
        id = queue->add(spec, precise_now());
    } catch (const std::bad_alloc&) {
        id = 0;
    }
    if (id && !thread_alive && !start_thread_locked()) {
        queue->remove(id);
        id = 0;
    }
    if (id) WakeConditionVariable(&wake_thread);
    ReleaseSRWLockExclusive(&lock);
    return id;
}

}  // namespace
}  // namespace winmm::time

using namespace winmm::time;

extern "C" MMRESULT WINAPI timeSetEvent(UINT delay, UINT resolution, LPTIMECALLBACK callback, DWORD_PTR user,
                                        UINT flags) {
    // Failure is 0 (no timer): a delay outside timeGetDevCaps' range, no callback or event, or both event kinds.
    if (!period_in_range(delay) || !callback) return 0;
    const unsigned kind = flags & (TIME_CALLBACK_EVENT_SET | TIME_CALLBACK_EVENT_PULSE);
    if (kind == (TIME_CALLBACK_EVENT_SET | TIME_CALLBACK_EVENT_PULSE)) return 0;  // [decision] neither can be chosen

    TimerSpec spec;
    spec.delay_ms = delay;
    spec.periodic = (flags & TIME_PERIODIC) != 0;
    spec.kill_synchronous = (flags & TIME_KILL_SYNCHRONOUS) != 0;
    spec.kind = kind;
    spec.target = reinterpret_cast<void*>(callback);
    spec.user = user;
    spec.resolution_ms = timer_resolution_request(resolution);
    const uint16_t id = add_timer(spec);
    if (!id) timer_resolution_release(spec.resolution_ms);
    return id;
}

extern "C" MMRESULT WINAPI timeKillEvent(UINT id) {
    // Windows answers TIMERR_NOCANDO for an id that is not a live timer (also one that has already fired).
    if (id == 0 || id > 0xffff) return TIMERR_NOCANDO;
    AcquireSRWLockExclusive(&lock);
    TimerSpec spec;
    if (!queue || !queue->remove(static_cast<uint16_t>(id), &spec)) {
        ReleaseSRWLockExclusive(&lock);
        return TIMERR_NOCANDO;
    }
    WakeConditionVariable(&wake_thread);
    // TIME_KILL_SYNCHRONOUS: no callback of this timer runs once we return. A kill from the timer thread (from a
    // callback, possibly this timer's own) cannot wait for itself, and nothing else can be running then.
    if (spec.kill_synchronous && GetCurrentThreadId() != thread_id) {
        while (running_id == id) SleepConditionVariableSRW(&callback_returned, &lock, INFINITE, 0);
    }
    ReleaseSRWLockExclusive(&lock);
    timer_resolution_release(spec.resolution_ms);
    return TIMERR_NOERROR;
}
