// ANSI (CP_ACP) text to UTF-16, for the A forms of the exports that pass names on to their W forms.
#pragma once

#include <windows.h>

#include <string>

namespace winmm {

// An empty string for NULL or for text the code page cannot convert.
inline std::wstring widen_acp(LPCSTR s) {
    if (!s) return std::wstring();
    int n = MultiByteToWideChar(CP_ACP, 0, s, -1, nullptr, 0);
    if (n <= 0) return std::wstring();
    std::wstring w(static_cast<size_t>(n), L'\0');
    if (MultiByteToWideChar(CP_ACP, 0, s, -1, &w[0], n) != n) return std::wstring();
    w.resize(static_cast<size_t>(n - 1));
    return w;
}

}  // namespace winmm
