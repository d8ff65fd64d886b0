// Log output for the native (Linux) build of the mmio core: a file, or stderr (there is no application to disturb).
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "log_sink.h"

namespace winmm::log::sink {

std::string getenv(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

void emit(const std::string& path, const char* line, size_t len) {
    static std::mutex lock;
    std::lock_guard<std::mutex> guard(lock);
    FILE* f = path.empty() ? stderr : std::fopen(path.c_str(), "a");
    if (!f) return;
    std::fwrite(line, 1, len, f);
    if (f != stderr) std::fclose(f);
}

unsigned long process_id() { return static_cast<unsigned long>(getpid()); }
unsigned long thread_id() { return static_cast<unsigned long>(pthread_self()) & 0xffff; }

}  // namespace winmm::log::sink
