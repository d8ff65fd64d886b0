// winmm-ng mmio: platform interface, Win32 implementation (CP_ACP conversions, GlobalReAlloc).
#include "platform.h"

namespace wng_mmio {
namespace platform {

bool acp_to_wide(const char* s, wstring16& out) {
    int n = MultiByteToWideChar(CP_ACP, 0, s, -1, nullptr, 0);
    if (n <= 0) return false;
    out.assign(static_cast<size_t>(n), L'\0');
    if (MultiByteToWideChar(CP_ACP, 0, s, -1, &out[0], n) != n) return false;
    out.resize(static_cast<size_t>(n - 1));
    return true;
}

bool wide_to_acp(const WCHAR* s, std::string& out) {
    int n = WideCharToMultiByte(CP_ACP, 0, s, -1, nullptr, 0, nullptr, nullptr);
    if (n <= 0) return false;
    out.assign(static_cast<size_t>(n), '\0');
    if (WideCharToMultiByte(CP_ACP, 0, s, -1, &out[0], n, nullptr, nullptr) != n) return false;
    out.resize(static_cast<size_t>(n - 1));
    return true;
}

void* global_realloc(void* locked, size_t new_size) {
    HGLOBAL h = GlobalHandle(locked);
    if (!h) return nullptr;
    GlobalUnlock(h);
    HGLOBAL nh = GlobalReAlloc(h, new_size, GMEM_MOVEABLE);
    if (!nh) {
        GlobalLock(h);  // keep the application's block locked as it was
        return nullptr;
    }
    return GlobalLock(nh);
}

}  // namespace platform
}  // namespace wng_mmio
