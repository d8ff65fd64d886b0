// Level parsing and line formatting; the platform sinks (log_sink_win32.cpp, log_sink_posix.cpp) do the output.
#include "log.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>

#include "log_sink.h"

namespace winmm::log {

namespace detail {
std::atomic<int> current_level{-1};
}

namespace {

std::mutex path_lock;
std::string log_path;  // guarded by path_lock

const char* const level_names[] = {"none", "error", "warn", "info", "debug", "trace"};
constexpr int default_level = static_cast<int>(Level::error);

int parse_level(const std::string& s) {
    for (int i = 0; i < static_cast<int>(sizeof level_names / sizeof *level_names); ++i)
        if (s == level_names[i]) return i;
    return default_level;
}

}  // namespace

int detail::read_level() {
    std::string value = sink::getenv("WINMM_LOG_LEVEL");
    int level = value.empty() ? default_level : parse_level(value);
    {
        std::lock_guard<std::mutex> guard(path_lock);
        log_path = sink::getenv("WINMM_LOG_PATH");
    }
    current_level.store(level, std::memory_order_relaxed);
    return level;
}

void reset() { detail::read_level(); }

void write(Level l, const char* fmt, ...) {
    char line[1024];
    int head = std::snprintf(line, sizeof line, "winmm-ng:%s:%04lx:%04lx: ", level_names[static_cast<int>(l)],
                             sink::process_id(), sink::thread_id());
    if (head < 0) return;
    va_list ap;
    va_start(ap, fmt);
    int body = std::vsnprintf(line + head, sizeof line - head - 1, fmt, ap);
    va_end(ap);
    size_t len = static_cast<size_t>(head) + (body < 0 ? 0 : static_cast<size_t>(body));
    if (len > sizeof line - 2) len = sizeof line - 2;  // truncated: keep room for the newline
    line[len++] = '\n';
    line[len] = '\0';
    std::string path;
    {
        std::lock_guard<std::mutex> guard(path_lock);
        path = log_path;
    }
    sink::emit(path, line, len);
}

}  // namespace winmm::log
