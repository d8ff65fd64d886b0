// Log output on Windows and under Wine. Wine's ntdll exports __wine_dbg_output, which writes to Wine's debug
// stream; it does not exist on Windows, so it is looked up at run time and OutputDebugStringA is the fallback.
#include <windows.h>

#include <mutex>

#include "log_sink.h"

namespace winmm::log::sink {

namespace {

using wine_dbg_output_fn = int(__cdecl*)(const char*);

wine_dbg_output_fn wine_dbg_output() {
    static wine_dbg_output_fn fn = [] {
        HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
        return ntdll ? reinterpret_cast<wine_dbg_output_fn>(
                           reinterpret_cast<void*>(GetProcAddress(ntdll, "__wine_dbg_output")))
                     : nullptr;
    }();
    return fn;
}

std::mutex file_lock;

}  // namespace

std::string getenv(const char* name) {
    // GetEnvironmentVariable, not the CRT's getenv: the CRT keeps a copy that SetEnvironmentVariable does not update.
    char buf[1024];
    DWORD n = GetEnvironmentVariableA(name, buf, sizeof buf);
    if (n == 0 || n >= sizeof buf) return std::string();
    return std::string(buf, n);
}

void emit(const std::string& path, const char* line, size_t len) {
    if (!path.empty()) {
        std::lock_guard<std::mutex> guard(file_lock);
        HANDLE f = CreateFileA(path.c_str(), FILE_APPEND_DATA, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                               nullptr, OPEN_ALWAYS, FILE_ATTRIBUTE_NORMAL, nullptr);
        if (f != INVALID_HANDLE_VALUE) {
            DWORD written;
            WriteFile(f, line, static_cast<DWORD>(len), &written, nullptr);
            CloseHandle(f);
            return;
        }
    }
    if (wine_dbg_output_fn out = wine_dbg_output())
        out(line);
    else
        OutputDebugStringA(line);
}

unsigned long process_id() { return GetCurrentProcessId(); }
unsigned long thread_id() { return GetCurrentThreadId(); }

}  // namespace winmm::log::sink
