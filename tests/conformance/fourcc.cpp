// Conformance: mmioStringToFOURCCA / mmioStringToFOURCCW.
// Spec: mmioStringToFOURCC.md, mmioStringToFOURCCA.md, mmioStringToFOURCCW.md,
// concepts-generating-four-character-codes.md, mmioFOURCC.md.
#include <catch.hpp>

#include "support_files.h"

namespace {

FOURCC fcc(char a, char b, char c, char d) {
    return mmioFOURCC((BYTE)a, (BYTE)b, (BYTE)c, (BYTE)d);
}

}  // namespace

TEST_CASE("mmioStringToFOURCC: the documented WAVE example equals mmioFOURCC", "[mmioStringToFOURCC]") {
    // concepts-generating-four-character-codes.md: "fourccID = mmioStringToFOURCC("WAVE", 0);"
    // gives the same code as "fourccID = mmioFOURCC('W', 'A', 'V', 'E');"
    CHECK(mmioStringToFOURCCA("WAVE", 0) == mmioFOURCC('W', 'A', 'V', 'E'));
    CHECK(mmioStringToFOURCCW(L"WAVE", 0) == mmioFOURCC('W', 'A', 'V', 'E'));
    // mmioFOURCC.md / MAKEFOURCC: the first character is the low-order byte.
    CHECK((mmioStringToFOURCCA("WAVE", 0) & 0xFF) == 'W');
    CHECK((mmioStringToFOURCCA("WAVE", 0) >> 24) == 'E');
}

TEST_CASE("mmioStringToFOURCC: without MMIO_TOUPPER the case is kept", "[mmioStringToFOURCC]") {
    // mmioStringToFOURCC.md: "This function copies the string to a four-character code"
    CHECK(mmioStringToFOURCCA("wave", 0) == fcc('w', 'a', 'v', 'e'));
    CHECK(mmioStringToFOURCCA("WaVe", 0) == fcc('W', 'a', 'V', 'e'));
    CHECK(mmioStringToFOURCCW(L"wave", 0) == fcc('w', 'a', 'v', 'e'));
    CHECK(mmioStringToFOURCCW(L"wAvE", 0) == fcc('w', 'A', 'v', 'E'));
}

TEST_CASE("mmioStringToFOURCC: MMIO_TOUPPER converts all characters to uppercase", "[mmioStringToFOURCC]") {
    // mmioStringToFOURCC.md: "MMIO_TOUPPER | Converts all characters to uppercase."
    CHECK(mmioStringToFOURCCA("wave", MMIO_TOUPPER) == fcc('W', 'A', 'V', 'E'));
    CHECK(mmioStringToFOURCCA("WaVe", MMIO_TOUPPER) == fcc('W', 'A', 'V', 'E'));
    CHECK(mmioStringToFOURCCA("xyz", MMIO_TOUPPER) == fcc('X', 'Y', 'Z', ' '));
    CHECK(mmioStringToFOURCCW(L"wave", MMIO_TOUPPER) == fcc('W', 'A', 'V', 'E'));
    CHECK(mmioStringToFOURCCW(L"riff", MMIO_TOUPPER) == FOURCC_RIFF);
    // concepts-generating-four-character-codes.md: "converts all alphabetic characters in the
    // string to uppercase" (so non-letters are left as they are)
    CHECK(mmioStringToFOURCCA("a1b-", MMIO_TOUPPER) == fcc('A', '1', 'B', '-'));
    CHECK(mmioStringToFOURCCW(L"a1b-", MMIO_TOUPPER) == fcc('A', '1', 'B', '-'));
}

TEST_CASE("mmioStringToFOURCC: short strings are padded with spaces", "[mmioStringToFOURCC]") {
    // mmioStringToFOURCC.md: "pads it with space characters or truncates it if necessary"
    CHECK(mmioStringToFOURCCA("abc", 0) == fcc('a', 'b', 'c', ' '));
    CHECK(mmioStringToFOURCCA("ab", 0) == fcc('a', 'b', ' ', ' '));
    CHECK(mmioStringToFOURCCA("a", 0) == fcc('a', ' ', ' ', ' '));
    CHECK(mmioStringToFOURCCW(L"abc", 0) == fcc('a', 'b', 'c', ' '));
    CHECK(mmioStringToFOURCCW(L"a", 0) == fcc('a', ' ', ' ', ' '));
    CHECK(mmioStringToFOURCCA("dos", MMIO_TOUPPER) == FOURCC_DOS);
    CHECK(mmioStringToFOURCCW(L"mem", MMIO_TOUPPER) == FOURCC_MEM);
}

TEST_CASE("mmioStringToFOURCC: the empty string gives four spaces", "[mmioStringToFOURCC]") {
    // mmioStringToFOURCC.md: "pads it with space characters ... if necessary"
    CHECK(mmioStringToFOURCCA("", 0) == fcc(' ', ' ', ' ', ' '));
    CHECK(mmioStringToFOURCCA("", MMIO_TOUPPER) == fcc(' ', ' ', ' ', ' '));
    CHECK(mmioStringToFOURCCW(L"", 0) == fcc(' ', ' ', ' ', ' '));
}

TEST_CASE("mmioStringToFOURCC: long strings are truncated to four characters", "[mmioStringToFOURCC]") {
    // mmioStringToFOURCC.md: "or truncates it if necessary"
    CHECK(mmioStringToFOURCCA("ABCDEF", 0) == fcc('A', 'B', 'C', 'D'));
    CHECK(mmioStringToFOURCCA("abcdefghijklmnop", MMIO_TOUPPER) == fcc('A', 'B', 'C', 'D'));
    CHECK(mmioStringToFOURCCA("WAVEfmt ", 0) == fcc('W', 'A', 'V', 'E'));
    CHECK(mmioStringToFOURCCW(L"ABCDEF", 0) == fcc('A', 'B', 'C', 'D'));
    CHECK(mmioStringToFOURCCW(L"abcdef", MMIO_TOUPPER) == fcc('A', 'B', 'C', 'D'));
}

TEST_CASE("mmioStringToFOURCC: the code is not checked for validity", "[mmioStringToFOURCC]") {
    // mmioStringToFOURCC.md: "It does not check whether the code it returns is valid."
    CHECK(mmioStringToFOURCCA("a b", 0) == fcc('a', ' ', 'b', ' '));
    CHECK(mmioStringToFOURCCA(" ab", 0) == fcc(' ', 'a', 'b', ' '));
    CHECK(mmioStringToFOURCCA("?*!#", 0) == fcc('?', '*', '!', '#'));
    CHECK(mmioStringToFOURCCA("1234", MMIO_TOUPPER) == fcc('1', '2', '3', '4'));
    CHECK(mmioStringToFOURCCW(L"?*!#", 0) == fcc('?', '*', '!', '#'));
}

TEST_CASE("mmioStringToFOURCC: A and W agree on ASCII strings", "[mmioStringToFOURCC]") {
    // mmioStringToFOURCCA.md / mmioStringToFOURCCW.md: the ANSI and Unicode versions of one
    // function ("converts a null-terminated string to a four-character code").
    const char* samples[] = {"", "a", "ab", "abc", "abcd", "abcde", "RIFF", "list", "w4v.", " x y"};
    for (const char* s : samples) {
        std::wstring w = confa::toWide(s);
        INFO("string: \"" << s << "\"");
        CHECK(mmioStringToFOURCCA(s, 0) == mmioStringToFOURCCW(w.c_str(), 0));
        CHECK(mmioStringToFOURCCA(s, MMIO_TOUPPER) == mmioStringToFOURCCW(w.c_str(), MMIO_TOUPPER));
    }
}

TEST_CASE("mmioStringToFOURCCW: a non-ASCII character becomes its ANSI code page byte",
          "[mmioStringToFOURCC][decision]") {
    // [decision] The pages do not say how the Unicode version maps characters to the 8-bit
    // code; we expect the ANSI code page byte (as an ANSI caller would have passed it).
    const std::wstring w = L"\u00e9t\u00e9";  // "ete" with acute accents
    bool lossy = false;
    std::string a = confa::toAnsi(w, &lossy);
    if (lossy || a.size() != 3) {
        WARN("the ANSI code page cannot represent U+00E9; comparing with the '?' substitution");
        a = "?t?";
    }
    const FOURCC expected = fcc(a[0], a[1], a[2], ' ');
    CHECK(mmioStringToFOURCCW(w.c_str(), 0) == expected);
    CHECK(mmioStringToFOURCCA(a.c_str(), 0) == expected);
}
