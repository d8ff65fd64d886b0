// Diagnostics in the style of DXVK_LOG_LEVEL: WINMM_LOG_LEVEL = none|error|warn|info|debug|trace (default error,
// so a healthy process prints nothing); WINMM_LOG_PATH = a file to append to. Without a path the lines go to Wine's
// debug stream (ntdll's __wine_dbg_output) or, on Windows, to OutputDebugString: never to the application's
// stdout/stderr handles. Portable: the mmio core logs through it in native builds too.
#pragma once

#include <atomic>

namespace winmm::log {

enum class Level : int { none = 0, error, warn, info, debug, trace };

namespace detail {
extern std::atomic<int> current_level;  // -1 until the environment has been read
int read_level();
}  // namespace detail

// The cost on a hot path when disabled: one relaxed load and a compare.
inline bool enabled(Level l) {
    int v = detail::current_level.load(std::memory_order_relaxed);
    if (v < 0) v = detail::read_level();
    return static_cast<int>(l) <= v;
}

void write(Level l, const char* fmt, ...) __attribute__((format(printf, 2, 3)));

// Re-reads WINMM_LOG_LEVEL / WINMM_LOG_PATH (tests change them at run time).
void reset();

}  // namespace winmm::log

#define WINMM_LOG(lvl, ...)                                                          \
    do {                                                                             \
        if (::winmm::log::enabled(::winmm::log::Level::lvl))                         \
            ::winmm::log::write(::winmm::log::Level::lvl, __VA_ARGS__);              \
    } while (0)
#define WINMM_ERR(...) WINMM_LOG(error, __VA_ARGS__)
#define WINMM_WARN(...) WINMM_LOG(warn, __VA_ARGS__)
#define WINMM_INFO(...) WINMM_LOG(info, __VA_ARGS__)
#define WINMM_DEBUG(...) WINMM_LOG(debug, __VA_ARGS__)
#define WINMM_TRACE(...) WINMM_LOG(trace, __VA_ARGS__)
