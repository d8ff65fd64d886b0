// winmm-ng mmio: the tiny OS interface used by the portable core.
// platform_win32.cpp implements it with Win32 (CP_ACP conversions, GlobalHandle/GlobalReAlloc);
// platform_posix.cpp implements it for the native Linux build (UTF-8 as the "ANSI" code page, realloc).
#ifndef WINMM_NG_MMIO_PLATFORM_H
#define WINMM_NG_MMIO_PLATFORM_H

#include <cstddef>
#include <string>

#include "winmm_ng/mmio_abi.h"

namespace wng_mmio {

using wstring16 = std::basic_string<WCHAR>;

namespace platform {

// NUL-terminated ANSI (CP_ACP) string -> UTF-16. False on a conversion failure.
bool acp_to_wide(const char* s, wstring16& out);
// NUL-terminated UTF-16 string -> ANSI (CP_ACP). False on a conversion failure.
bool wide_to_acp(const WCHAR* s, std::string& out);
// Grows an application-supplied memory-file block. `locked` is a pointer the application obtained from
// GlobalAlloc + GlobalLock. Returns the new locked pointer, or nullptr (the old block is then untouched).
void* global_realloc(void* locked, size_t new_size);

}  // namespace platform
}  // namespace wng_mmio

#endif
