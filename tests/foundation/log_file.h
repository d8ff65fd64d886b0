// The tests here run with WINMM_LOG_PATH set by meson; this reads what the DLL wrote there.
#pragma once

#include <windows.h>

#include <string>

namespace winmm_test {

inline std::string env(const char* name) {
    char buf[1024];
    DWORD n = GetEnvironmentVariableA(name, buf, sizeof buf);
    return (n && n < sizeof buf) ? std::string(buf, n) : std::string();
}

inline std::string read_file(const std::string& path) {
    std::string text;
    HANDLE f = CreateFileA(path.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                           nullptr, OPEN_EXISTING, 0, nullptr);
    if (f == INVALID_HANDLE_VALUE) return text;
    char buf[4096];
    DWORD got;
    while (ReadFile(f, buf, sizeof buf, &got, nullptr) && got) text.append(buf, got);
    CloseHandle(f);
    return text;
}

// The DLL reads WINMM_LOG_* on its first log call; tests start from an empty log.
inline std::string fresh_log() {
    std::string path = env("WINMM_LOG_PATH");
    if (!path.empty()) DeleteFileA(path.c_str());
    return path;
}

}  // namespace winmm_test
