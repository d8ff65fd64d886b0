// The deprecated task helpers drivers use: mmTaskCreate starts a thread, mmTaskBlock/mmTaskSignal block and wake a
// thread through thread messages (a task is a thread id), mmTaskYield and mmGetCurrentTask. Decisions: docs/time.md.
#include <windows.h>
#include <mmsystem.h>
#include <mmddk.h>

#include <new>

namespace {

// The message mmTaskSignal posts and mmTaskBlock waits for.
constexpr UINT task_signal_message = WM_USER;

// user32, bound on first use: most processes that load winmm never call these, and this DLL does not import
// user32 for them (its load would cost every process).
struct User32 {
    decltype(&::PeekMessageW) peek = nullptr;
    decltype(&::GetMessageW) get = nullptr;
    decltype(&::TranslateMessage) translate = nullptr;
    decltype(&::DispatchMessageW) dispatch = nullptr;
    decltype(&::PostQuitMessage) post_quit = nullptr;
    decltype(&::PostThreadMessageW) post_thread = nullptr;
    bool ok = false;
};

template <typename F>
void bind(HMODULE module, F& fn, const char* name) {
    fn = reinterpret_cast<F>(reinterpret_cast<void*>(GetProcAddress(module, name)));
}

const User32& user32() {
    static const User32 api = [] {
        User32 u;
        HMODULE m = LoadLibraryW(L"user32.dll");
        if (!m) return u;
        bind(m, u.peek, "PeekMessageW");
        bind(m, u.get, "GetMessageW");
        bind(m, u.translate, "TranslateMessage");
        bind(m, u.dispatch, "DispatchMessageW");
        bind(m, u.post_quit, "PostQuitMessage");
        bind(m, u.post_thread, "PostThreadMessageW");
        u.ok = u.peek && u.get && u.translate && u.dispatch && u.post_quit && u.post_thread;
        return u;
    }();
    return api;
}

struct TaskStart {
    LPTASKCALLBACK callback;
    DWORD_PTR instance;
    HMODULE module;  // a reference on this DLL, dropped when the task ends
};

void call_task(LPTASKCALLBACK callback, DWORD_PTR instance) {
#if defined(__i386__)
    // <mmddk.h> gives TASKCALLBACK no calling convention: cdecl and stdcall callbacks both exist. Restoring the
    // stack pointer from a callee-saved register after the call serves both.
    asm volatile("movl %%esp, %%esi\n\t"
                 "pushl %1\n\t"
                 "call *%0\n\t"
                 "movl %%esi, %%esp"
                 :
                 : "r"(callback), "r"(instance)
                 : "esi", "eax", "ecx", "edx", "memory", "cc");
#else
    callback(instance);
#endif
}

DWORD WINAPI task_thread(void* param) {
    TaskStart start = *static_cast<TaskStart*>(param);
    delete static_cast<TaskStart*>(param);
    // Give the thread its message queue before the task runs, so an mmTaskSignal posted before the task first
    // blocks is kept rather than refused.
    MSG msg;
    if (user32().ok) user32().peek(&msg, nullptr, 0, 0, PM_NOREMOVE);
    call_task(start.callback, start.instance);
    FreeLibraryAndExitThread(start.module, 0);
}

}  // namespace

extern "C" UINT WINAPI mmTaskCreate(LPTASKCALLBACK callback, HANDLE* thread_handle, DWORD_PTR instance) {
    // [decision] No callback: TASKERR_NOTASKSUPPORT instead of a thread that would crash.
    if (!callback) return TASKERR_NOTASKSUPPORT;
    auto* start = new (std::nothrow) TaskStart{callback, instance, nullptr};
    if (!start) return TASKERR_OUTOFMEMORY;
    if (!GetModuleHandleExW(GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS, reinterpret_cast<LPCWSTR>(&task_thread),
                            &start->module)) {
        delete start;
        return TASKERR_OUTOFMEMORY;
    }
    HMODULE module = start->module;
    HANDLE thread = CreateThread(nullptr, 0, task_thread, start, 0, nullptr);
    if (!thread) {
        FreeLibrary(module);
        delete start;
        return TASKERR_OUTOFMEMORY;
    }
    // [decision] The handle given back is the task's thread: waitable until the task returns, and GetThreadId
    // of it is the task id mmTaskSignal takes.
    if (thread_handle)
        *thread_handle = thread;
    else
        CloseHandle(thread);
    return 0;
}

extern "C" VOID WINAPI mmTaskBlock(DWORD) {
    // Blocks the calling task until mmTaskSignal; window messages that arrive meanwhile are dispatched.
    const User32& u = user32();
    if (!u.ok) return;
    MSG msg;
    for (;;) {
        const BOOL got = u.get(&msg, nullptr, 0, 0);
        if (got == -1) return;
        if (got == 0) {  // WM_QUIT: leave it for the thread's own loop
            u.post_quit(static_cast<int>(msg.wParam));
            return;
        }
        if (!msg.hwnd && msg.message == task_signal_message) return;
        if (msg.hwnd) {
            u.translate(&msg);
            u.dispatch(&msg);
        }
    }
}

extern "C" BOOL WINAPI mmTaskSignal(DWORD task) {
    // No thread has id 0 (Wine's PostThreadMessageW would accept it).
    return task != 0 && user32().ok && user32().post_thread(task, task_signal_message, 0, 0);
}

extern "C" VOID WINAPI mmTaskYield() { SwitchToThread(); }

extern "C" DWORD WINAPI mmGetCurrentTask() { return GetCurrentThreadId(); }

// The version of the multimedia system: 3.10, as Windows reports it.
extern "C" UINT WINAPI mmsystemGetVersion() { return 0x030A; }
