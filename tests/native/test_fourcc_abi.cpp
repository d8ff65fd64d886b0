// mmioStringToFOURCC and the ABI (layout asserts are compile-time in mmio_abi.h; these repeat the key ones).
#include <catch.hpp>
#include <cstddef>

#include "winmm_ng/mmio_abi.h"

TEST_CASE("mmioStringToFOURCCA: copy up to 4, stop at NUL, pad with spaces, MMIO_TOUPPER", "[fourcc]") {
    REQUIRE(mmioStringToFOURCCA("WAVE", 0) == mmioFOURCC('W', 'A', 'V', 'E'));
    REQUIRE(mmioStringToFOURCCA("wave", 0) == mmioFOURCC('w', 'a', 'v', 'e'));
    REQUIRE(mmioStringToFOURCCA("wave", MMIO_TOUPPER) == mmioFOURCC('W', 'A', 'V', 'E'));
    REQUIRE(mmioStringToFOURCCA("ab", 0) == mmioFOURCC('a', 'b', ' ', ' '));
    REQUIRE(mmioStringToFOURCCA("", 0) == mmioFOURCC(' ', ' ', ' ', ' '));
    REQUIRE(mmioStringToFOURCCA("toolong", 0) == mmioFOURCC('t', 'o', 'o', 'l'));
    REQUIRE(mmioStringToFOURCCA("a1-z", MMIO_TOUPPER) == mmioFOURCC('A', '1', '-', 'Z'));
    REQUIRE(mmioStringToFOURCCA(nullptr, 0) == mmioFOURCC(' ', ' ', ' ', ' '));
}

TEST_CASE("mmioStringToFOURCCW", "[fourcc]") {
    REQUIRE(mmioStringToFOURCCW(u"avi", MMIO_TOUPPER) == mmioFOURCC('A', 'V', 'I', ' '));
    REQUIRE(mmioStringToFOURCCW(u"RIFFX", 0) == FOURCC_RIFF);
    REQUIRE(mmioStringToFOURCCW(u"", 0) == mmioFOURCC(' ', ' ', ' ', ' '));
    REQUIRE(mmioStringToFOURCCW(nullptr, 0) == mmioFOURCC(' ', ' ', ' ', ' '));
}

TEST_CASE("MMIOINFO / MMCKINFO layout matches Windows (pack 1)", "[abi]") {
    REQUIRE(sizeof(MMIOINFO) == (sizeof(void*) == 8 ? 100u : 72u));
    REQUIRE(offsetof(MMIOINFO, lDiskOffset) == (sizeof(void*) == 8 ? 68u : 44u));
    REQUIRE(offsetof(MMIOINFO, hmmio) == (sizeof(void*) == 8 ? 92u : 68u));
    REQUIRE(sizeof(MMCKINFO) == 20u);
    REQUIRE(FOURCC_DOS == mmioFOURCC('D', 'O', 'S', ' '));
    REQUIRE(MMIO_DEFAULTBUFFER == 8192);
}
