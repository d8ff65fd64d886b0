// mci-errors: mciGetErrorStringA/W: a text for every MCIERR_* code of <mmsystem.h>, FALSE for anything else, and
// the buffer rules (cut to fit with a terminator; no buffer or size 0 is FALSE and writes nothing).
#include <catch.hpp>

#include <windows.h>

#include <mmsystem.h>

#include <cstring>
#include <cwchar>
#include <string>
#include <vector>

namespace {

std::vector<MCIERROR> all_codes() {
    std::vector<MCIERROR> codes;
    for (UINT off : {1u, 3u, 5u, 6u, 7u, 8u, 9u, 10u, 11u, 12u, 13u, 14u, 15u, 16u, 17u, 18u, 19u, 20u, 21u, 22u,
                     23u, 24u, 25u, 26u, 28u, 30u, 31u, 32u, 33u, 34u, 35u, 36u, 37u, 38u, 39u, 40u, 41u, 42u, 43u,
                     44u, 45u, 46u, 47u, 48u, 49u, 50u, 51u, 52u, 53u, 54u, 55u, 56u, 64u, 65u, 66u, 67u, 68u, 69u,
                     70u, 71u, 72u, 73u, 80u, 81u, 82u, 83u, 84u, 85u, 86u, 87u, 90u, 91u, 92u, 93u, 94u})
        codes.push_back(MCIERR_BASE + off);
    return codes;
}

}  // namespace

TEST_CASE("every MCIERR_ code has a text, the same in both forms", "[errors]") {
    REQUIRE(all_codes().back() == MCIERR_NO_IDENTITY);
    for (MCIERROR code : all_codes()) {
        INFO("code " << code);
        wchar_t w[MAXERRORLENGTH];
        char a[MAXERRORLENGTH];
        REQUIRE(mciGetErrorStringW(code, w, MAXERRORLENGTH));
        REQUIRE(mciGetErrorStringA(code, a, MAXERRORLENGTH));
        CHECK(wcslen(w) > 10);
        CHECK(std::string(a) == std::string(w, w + wcslen(w)));
    }
    // Different codes, different words (the texts say which error it is).
    wchar_t x[MAXERRORLENGTH], y[MAXERRORLENGTH];
    mciGetErrorStringW(MCIERR_INVALID_DEVICE_ID, x, MAXERRORLENGTH);
    mciGetErrorStringW(MCIERR_FILE_NOT_FOUND, y, MAXERRORLENGTH);
    CHECK(std::wstring(x) != std::wstring(y));
}

TEST_CASE("codes without a text give FALSE and leave the buffer alone", "[errors]") {
    for (MCIERROR code : {1u, 255u, 256u, 258u, 283u, 285u, 313u, 351u, static_cast<unsigned>(
                                                                                MCIERR_CUSTOM_DRIVER_BASE),
                          0x10000u + MCIERR_FILE_NOT_FOUND}) {
        INFO("code " << code);
        wchar_t w[8] = L"keep";
        char a[8] = "keep";
        CHECK_FALSE(mciGetErrorStringW(code, w, 8));
        CHECK_FALSE(mciGetErrorStringA(code, a, 8));
        CHECK(std::wstring(w) == L"keep");
        CHECK(std::string(a) == "keep");
    }
}

TEST_CASE("buffers: the text is cut to fit with a terminator; no buffer or no room is FALSE", "[errors][buffer]") {
    wchar_t full[MAXERRORLENGTH];
    REQUIRE(mciGetErrorStringW(MCIERR_HARDWARE, full, MAXERRORLENGTH));
    wchar_t w[8];
    wmemset(w, L'#', 8);
    CHECK(mciGetErrorStringW(MCIERR_HARDWARE, w, 5));
    CHECK(std::wstring(w) == std::wstring(full, 4));
    CHECK(w[5] == L'#');
    char a[8];
    std::memset(a, '#', 8);
    CHECK(mciGetErrorStringA(MCIERR_HARDWARE, a, 1));
    CHECK(a[0] == '\0');
    CHECK(a[1] == '#');
    CHECK_FALSE(mciGetErrorStringW(MCIERR_HARDWARE, nullptr, 100));
    CHECK_FALSE(mciGetErrorStringA(MCIERR_HARDWARE, nullptr, 100));
    std::memset(a, '#', 8);
    CHECK_FALSE(mciGetErrorStringA(MCIERR_HARDWARE, a, 0));
    CHECK(a[0] == '#');
}

TEST_CASE("[decision] 0 (no error) has no text", "[errors][decision]") {
    wchar_t w[8] = L"keep";
    char a[8] = "keep";
    CHECK_FALSE(mciGetErrorStringW(0, w, 8));
    CHECK_FALSE(mciGetErrorStringA(0, a, 8));
    CHECK(std::wstring(w) == L"keep");
}
