// winmm-ng mmio: platform interface for the native (Linux) build of the core.
// The "ANSI code page" is UTF-8 here, and application-supplied memory-file blocks come from malloc.
#include <cstdlib>

#include "platform.h"

namespace wng_mmio {
namespace platform {

bool acp_to_wide(const char* s, wstring16& out) {
    out.clear();
    const unsigned char* p = reinterpret_cast<const unsigned char*>(s);
    while (*p) {
        uint32_t c = *p++;
        int extra = 0;
        if (c >= 0xF0) { c &= 0x07; extra = 3; }
        else if (c >= 0xE0) { c &= 0x0F; extra = 2; }
        else if (c >= 0xC0) { c &= 0x1F; extra = 1; }
        else if (c >= 0x80) return false;
        for (int i = 0; i < extra; ++i) {
            if ((*p & 0xC0) != 0x80) return false;
            c = (c << 6) | (*p++ & 0x3F);
        }
        if (c >= 0x10000) {
            c -= 0x10000;
            out.push_back(static_cast<WCHAR>(0xD800 + (c >> 10)));
            out.push_back(static_cast<WCHAR>(0xDC00 + (c & 0x3FF)));
        } else {
            out.push_back(static_cast<WCHAR>(c));
        }
    }
    return true;
}

bool wide_to_acp(const WCHAR* s, std::string& out) {
    out.clear();
    for (; *s; ++s) {
        uint32_t c = static_cast<uint16_t>(*s);
        if (c >= 0xD800 && c < 0xDC00) {
            uint32_t lo = static_cast<uint16_t>(s[1]);
            if (lo < 0xDC00 || lo >= 0xE000) return false;
            c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
            ++s;
        }
        if (c < 0x80) {
            out.push_back(static_cast<char>(c));
        } else if (c < 0x800) {
            out.push_back(static_cast<char>(0xC0 | (c >> 6)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else if (c < 0x10000) {
            out.push_back(static_cast<char>(0xE0 | (c >> 12)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        } else {
            out.push_back(static_cast<char>(0xF0 | (c >> 18)));
            out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
            out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
        }
    }
    return true;
}

void* global_realloc(void* locked, size_t new_size) { return std::realloc(locked, new_size); }

}  // namespace platform
}  // namespace wng_mmio
