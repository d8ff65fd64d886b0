// winmm-ng mmio: mmioStringToFOURCCA/W.
#include "mmio_internal.h"

namespace wng_mmio {

FOURCC fourcc_from_ansi(const char* s, UINT flags) {
    unsigned char c[4] = {' ', ' ', ' ', ' '};
    if (s) {
        for (int i = 0; i < 4 && s[i] != '\0'; ++i) {
            unsigned char ch = static_cast<unsigned char>(s[i]);
            if ((flags & MMIO_TOUPPER) && ch >= 'a' && ch <= 'z') ch = static_cast<unsigned char>(ch - 'a' + 'A');
            c[i] = ch;
        }
    }
    return mmioFOURCC(c[0], c[1], c[2], c[3]);
}

}  // namespace wng_mmio

using namespace wng_mmio;

static FOURCC mmioStringToFOURCCA_impl(LPCSTR sz, UINT uFlags) {
    return fourcc_from_ansi(sz, uFlags);
}
// mmioStringToFOURCCA: copies up to four characters of sz (stopping at the NUL), pads with spaces.
// Open in the docs, chosen here: MMIO_TOUPPER upper-cases ASCII a-z only (locale independent, so the same
// string always names the same I/O procedure); other flag bits are ignored; sz == NULL gives "    ".
extern "C" FOURCC WINAPI mmioStringToFOURCCA(LPCSTR sz, UINT uFlags) {
    FOURCC r = mmioStringToFOURCCA_impl(sz, uFlags);
    MMIO_TRACE("mmioStringToFOURCCA(%s, 0x%x) = 0x%08lx", sz ? sz : "(null)", uFlags, (unsigned long)r);
    return r;
}

static FOURCC mmioStringToFOURCCW_impl(LPCWSTR sz, UINT uFlags) {
    if (!sz) return fourcc_from_ansi(nullptr, uFlags);
    // Only the first four characters matter; convert a short copy.
    WCHAR head[5] = {0, 0, 0, 0, 0};
    for (int i = 0; i < 4 && sz[i]; ++i) head[i] = sz[i];
    std::string a;
    if (!platform::wide_to_acp(head, a)) return fourcc_from_ansi(nullptr, uFlags);
    return fourcc_from_ansi(a.c_str(), uFlags);
}
// mmioStringToFOURCCW: the string is converted to the ANSI code page first, then handled exactly like
// mmioStringToFOURCCA (a FOURCC is four bytes). An unconvertible string gives "    ".
extern "C" FOURCC WINAPI mmioStringToFOURCCW(LPCWSTR sz, UINT uFlags) {
    FOURCC r = mmioStringToFOURCCW_impl(sz, uFlags);
    MMIO_TRACE("mmioStringToFOURCCW(%p, 0x%x) = 0x%08lx", (const void*)sz, uFlags, (unsigned long)r);
    return r;
}
