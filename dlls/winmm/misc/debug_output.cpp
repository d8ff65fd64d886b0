// winmmDbgOut and winmmSetDebugLevel: winmm's undocumented debug-output pair (no prototype in any public header).
// winmmDbgOut(format, ...) is cdecl (the caller pops its variable arguments); winmmSetDebugLevel(level) is stdcall.
// What they do here (docs/misc.md, [decision]): winmmDbgOut formats its arguments printf-style and hands the line to
// the debugger (OutputDebugStringA, where any Windows debug text goes) and to this DLL's log at info level, while
// the level last given to winmmSetDebugLevel is above 0 (the default is 1: an application that writes debug text
// without setting a level still gets it out). A NULL format writes nothing.
#include <windows.h>

#include <atomic>
#include <cstdarg>
#include <cstdio>

#include "log.h"

namespace {

std::atomic<int> debug_level{1};

// Longer text is cut: a debug line is not worth an allocation, and a bounded buffer cannot overflow. 512 bytes fit
// whole in one line of this DLL's log (1024 bytes with its prefix), so what the debugger gets is what the log gets.
constexpr size_t kMaxLine = 512;

}  // namespace

extern "C" void WINAPI winmmSetDebugLevel(int level) {
    debug_level.store(level, std::memory_order_relaxed);
    WINMM_INFO("winmmSetDebugLevel(%d)", level);
}

extern "C" void WINAPIV winmmDbgOut(LPCSTR format, ...) {
    if (!format || debug_level.load(std::memory_order_relaxed) <= 0) return;
    char line[kMaxLine];
    va_list args;
    va_start(args, format);
    int n = vsnprintf(line, sizeof line, format, args);
    va_end(args);
    if (n < 0) return;  // an encoding error: nothing sensible to print
    OutputDebugStringA(line);
    WINMM_INFO("winmmDbgOut: %s", line);
}
