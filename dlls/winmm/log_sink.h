// What the portable logger needs from the platform: the environment and a place to put a finished line.
#pragma once

#include <string>

namespace winmm::log::sink {

// The value of an environment variable as the process sees it now; empty when unset.
std::string getenv(const char* name);

// Appends one finished line (ending in '\n') to `path`, or to the platform's debug stream when `path` is empty.
void emit(const std::string& path, const char* line, size_t len);

unsigned long process_id();
unsigned long thread_id();

}  // namespace winmm::log::sink
