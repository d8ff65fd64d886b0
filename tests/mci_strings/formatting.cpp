// return_format's integer texts, linked in directly: the words of MCI_RESOURCE_RETURNED values (from the string
// table compiled into this program, the same return_strings.rc the DLL has) and the colon formats.
#include <windows.h>

#include <mmsystem.h>
#include <mmddk.h>

#include <catch.hpp>

#include "return_format.h"

namespace winmm::module {
HMODULE self() { return GetModuleHandleW(nullptr); }
}  // namespace winmm::module

using winmm::mci::integer_text;

TEST_CASE("integers print in decimal, unsigned", "[format][decision]") {
    CHECK(integer_text(0, 0, nullptr, nullptr) == L"0");
    CHECK(integer_text(4000000000u, 0, nullptr, nullptr) == L"4000000000");
    CHECK(integer_text(12, MCI_INTEGER_RETURNED, nullptr, nullptr) == L"12");
}

TEST_CASE("colon formats: bytes low first, two digits each", "[format]") {
    CHECK(integer_text(MCI_MAKE_HMS(1, 2, 3), MCI_COLONIZED3_RETURN, nullptr, nullptr) == L"01:02:03");
    CHECK(integer_text(MCI_MAKE_MSF(59, 58, 74), MCI_COLONIZED3_RETURN, nullptr, nullptr) == L"59:58:74");
    CHECK(integer_text(MCI_MAKE_TMSF(12, 3, 45, 6), MCI_COLONIZED4_RETURN, nullptr, nullptr) == L"12:03:45:06");
    CHECK(integer_text(0xFFFFFFFFu, MCI_COLONIZED4_RETURN, nullptr, nullptr) == L"255:255:255:255");
}

TEST_CASE("resource values print their word", "[format]") {
    HMODULE self = GetModuleHandleW(nullptr);
    CHECK(integer_text(MAKEMCIRESOURCE(MCI_MODE_STOP, MCI_MODE_STOP), MCI_RESOURCE_RETURNED, self, nullptr) ==
          L"stopped");
    CHECK(integer_text(MAKEMCIRESOURCE(MCI_MODE_PAUSE, MCI_MODE_PAUSE), MCI_RESOURCE_RETURNED, self, nullptr) ==
          L"paused");
    CHECK(integer_text(MAKEMCIRESOURCE(0, MCI_FORMAT_MILLISECONDS_S), MCI_RESOURCE_RETURNED, self, nullptr) ==
          L"milliseconds");
    CHECK(integer_text(MAKEMCIRESOURCE(MCI_FORMAT_TMSF, MCI_FORMAT_TMSF_S), MCI_RESOURCE_RETURNED, self, nullptr) ==
          L"tmsf");
    CHECK(integer_text(MAKEMCIRESOURCE(1, MCI_TRUE), MCI_RESOURCE_RETURNED, self, nullptr) == L"true");
    CHECK(integer_text(MAKEMCIRESOURCE(0, MCI_FALSE), MCI_RESOURCE_RETURNED, self, nullptr) == L"false");
    CHECK(integer_text(MAKEMCIRESOURCE(MCI_DEVTYPE_WAVEFORM_AUDIO, MCI_DEVTYPE_WAVEFORM_AUDIO), MCI_RESOURCE_RETURNED,
                       self, nullptr) == L"waveaudio");
    CHECK(integer_text(MAKEMCIRESOURCE(MCI_CDA_TRACK_AUDIO, MCI_CDA_TRACK_AUDIO), MCI_RESOURCE_RETURNED, self,
                       nullptr) == L"audio");
    CHECK(integer_text(MAKEMCIRESOURCE(MCI_SEQ_DIV_PPQN, MCI_SEQ_DIV_PPQN), MCI_RESOURCE_RETURNED, self, nullptr) ==
          L"PPQN");
    // A driver's string (MCI_RESOURCE_DRIVER) comes from the driver's module; without it, from ours.
    CHECK(integer_text(MAKEMCIRESOURCE(1, WAVE_FORMAT_PCM_S), MCI_RESOURCE_RETURNED | MCI_RESOURCE_DRIVER, nullptr,
                       self) == L"pcm");
    // An id with no string prints the value.
    CHECK(integer_text(MAKEMCIRESOURCE(7, 40000), MCI_RESOURCE_RETURNED, self, nullptr) == L"7");
}
