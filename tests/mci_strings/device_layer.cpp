// Cases that need our own device layer behind mciSendString: a driver's own command table
// (string_bridge.h device_custom_table) and the driver's return flags (string_call.h in_string_call) reaching the
// string layer.
#include "support.h"

using namespace mcitest;

TEST_CASE("a driver's own table extends the parser before the type and core tables", "[custom]") {
    Driver d;
    d.configure(MCI_DEVTYPE_WAVEFORM_AUDIO, TRUE);
    REQUIRE(send(L"open mcitest alias c").err == 0);
    state().answer = [](UINT message, DWORD_PTR, void* parms) -> DWORD {
        if (message == MCITD_FROB) {
            auto* p = static_cast<MCITD_FROB_PARMS*>(parms);
            SetRect(&p->rcReturn, 5, 6, 7, 8);
        }
        if (message == MCI_STATUS) static_cast<MCI_STATUS_PARMS*>(parms)->dwReturn = 21;
        return 0;
    };
    Reply r = send(L"frob c level 3 name \"a b\" area 1 2 3 4 loud");
    REQUIRE(r.err == 0);
    CHECK(r.text == L"5 6 7 8");
    const Received* frob = last(MCITD_FROB);
    REQUIRE(frob);
    CHECK(frob->flags == (MCITD_FROB_LEVEL | MCITD_FROB_NAME | MCITD_FROB_AREA | MCITD_FROB_LOUD));
    CHECK(frob->as<MCITD_FROB_PARMS>().dwLevel == 3);
    CHECK(frob->strings[0] == L"a b");
    CHECK(frob->as<MCITD_FROB_PARMS>().rcArea.right == 3);
    // The driver's "status" replaces the waveaudio one: its own item, and no waveaudio items.
    REQUIRE(send(L"status c temperature").err == 0);
    CHECK(last(MCI_STATUS)->as<MCI_STATUS_PARMS>().dwItem == 0x4001);
    CHECK(send(L"status c bitspersample").err == MCIERR_BAD_CONSTANT);
    // Commands the driver's table lacks come from the type's table.
    CHECK(send(L"cue c output").err == 0);
}

TEST_CASE("the driver's return flags: colon formats and the driver's own strings", "[flags]") {
    Driver d;
    REQUIRE(send(L"open mcitest alias c").err == 0);
    state().answer = [](UINT message, DWORD_PTR, void* parms) -> DWORD {
        if (message != MCI_STATUS) return 0;
        auto* p = static_cast<MCI_STATUS_PARMS*>(parms);
        if (p->dwItem == MCI_STATUS_POSITION) {
            p->dwReturn = MCI_MAKE_TMSF(2, 3, 4, 5);
            return MCI_COLONIZED4_RETURN;
        }
        p->dwReturn = MCI_MAKE_HMS(1, 2, 3);
        return MCI_COLONIZED3_RETURN;
    };
    CHECK(send(L"status c position").text == L"02:03:04:05");
    CHECK(send(L"status c length").text == L"01:02:03");
}
