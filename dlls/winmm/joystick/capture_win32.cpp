// The capture poller: one thread for every captured joystick, which reads each one when its period is due and
// posts what CaptureTracker decides to the capturing window. PostMessage, not a window timer: the thread that
// called joySetCapture need not own the window, and a message posted from here is queued like any input.
// The thread leaves when nothing is captured, holding a reference on this DLL until then (the time subsystem's
// pattern), so DllMain never has a thread to wait for.
#include <windows.h>
#include <mmsystem.h>

#include <optional>

#include "capture_logic.h"
#include "captures.h"
#include "devices.h"
#include "joystick_limits.h"
#include "log.h"

namespace winmm::joystick::captures {
namespace {

struct Capture {
    HWND hwnd = nullptr;
    UINT period = 0;
    ULONGLONG due = 0;
    std::optional<CaptureTracker> tracker;
};

// Lock order: this lock, then the device list's (devices::read_state); the exports never hold the device lock
// while they take this one.
SRWLOCK lock = SRWLOCK_INIT;
CONDITION_VARIABLE wake = CONDITION_VARIABLE_INIT;  // a capture started or stopped
Capture captured[slot_count];
UINT thresholds[slot_count];  // "The threshold is initially zero."
bool thread_alive = false;

bool any_captured() {
    for (const Capture& c : captured)
        if (c.hwnd) return true;
    return false;
}

void poll_locked(UINT id, Capture& c, ULONGLONG now) {
    // "the joystick is automatically released shortly after the capture window is destroyed"
    if (!IsWindow(c.hwnd)) {
        WINMM_DEBUG("joystick: capture of id %u ends, its window is gone", id);
        c = Capture{};
        return;
    }
    DeviceState state;
    if (devices::read_state(id, &state)) {
        for (const JoyMessage& m : c.tracker->poll(to_info(state), thresholds[id]))
            PostMessageW(c.hwnd, m.message, m.wparam, m.lparam);
    }
    // A late poll is not made up for with a burst: the next one is a period after this one.
    c.due += c.period;
    if (c.due <= now) c.due = now + c.period;
}

DWORD WINAPI poll_thread(void* module) {
    AcquireSRWLockExclusive(&lock);
    while (any_captured()) {
        ULONGLONG now = GetTickCount64();
        ULONGLONG next = ~0ull;
        for (UINT id = 0; id < slot_count; ++id) {
            Capture& c = captured[id];
            if (c.hwnd && c.due <= now) poll_locked(id, c, now);
            if (c.hwnd && c.due < next) next = c.due;
        }
        if (next == ~0ull) break;
        now = GetTickCount64();
        if (next > now) SleepConditionVariableSRW(&wake, &lock, DWORD(next - now), 0);
    }
    thread_alive = false;
    ReleaseSRWLockExclusive(&lock);
    FreeLibraryAndExitThread(static_cast<HMODULE>(module), 0);
}

// Lock held. The thread's reference on this DLL is taken here and dropped by the thread as it leaves.
bool start_thread_locked() {
    if (thread_alive) return true;
    HMODULE self = nullptr;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, reinterpret_cast<LPCWSTR>(&poll_thread), &self))
        return false;
    HANDLE t = CreateThread(nullptr, 0, poll_thread, self, 0, nullptr);
    if (!t) {
        FreeLibrary(self);
        return false;
    }
    CloseHandle(t);
    thread_alive = true;
    return true;
}

struct Locked {
    Locked() { AcquireSRWLockExclusive(&lock); }
    ~Locked() { ReleaseSRWLockExclusive(&lock); }
};

}  // namespace

MMRESULT start(HWND hwnd, UINT id, UINT period, bool changed) {
    // The starting position, read before taking our lock (lock order above).
    DeviceState state;
    DeviceInfo info;
    if (!devices::read_info(id, &info) || !devices::read_state(id, &state)) return JOYERR_UNPLUGGED;
    // Windows defines messages for JOYSTICKID1 and JOYSTICKID2 only. [decision] in docs/joystick.md.
    if (id != JOYSTICKID1 && id != JOYSTICKID2) return JOYERR_NOCANDO;

    Locked l;
    Capture& c = captured[id];
    // Capturing a captured joystick again: JOYERR_NOCANDO, as Windows 8 and later answer (Wine's winmm joystick
    // test; the documentation calls it undefined).
    if (c.hwnd) return JOYERR_NOCANDO;
    c.hwnd = hwnd;
    c.period = period;
    c.due = GetTickCount64() + period;
    c.tracker.emplace(id, changed, info.has_axis[axis_z], to_info(state));
    if (!start_thread_locked()) {
        c = Capture{};
        WINMM_WARN("joystick: no polling thread (error %lu)", GetLastError());
        return JOYERR_NOCANDO;  // "a required service (such as a Windows timer) is unavailable"
    }
    WakeConditionVariable(&wake);
    return JOYERR_NOERROR;
}

void stop(UINT id) {
    Locked l;
    captured[id] = Capture{};
    WakeConditionVariable(&wake);
}

UINT threshold(UINT id) {
    Locked l;
    return thresholds[id];
}

void set_threshold(UINT id, UINT value) {
    Locked l;
    thresholds[id] = value;
}

}  // namespace winmm::joystick::captures
