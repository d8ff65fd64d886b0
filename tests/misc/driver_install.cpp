// mmDrvInstall: every request is refused with 0 and changes no device list (docs/misc.md, [decision]).
#include <windows.h>

#include <mmsystem.h>

#include <catch.hpp>

namespace {

typedef LRESULT(CALLBACK* DriverMsgProc)(DWORD, DWORD, DWORD_PTR, DWORD_PTR, DWORD_PTR);
typedef UINT(WINAPI* MmDrvInstall)(HDRVR, LPCWSTR, DriverMsgProc, UINT);

// The DDK's MMDRVI_* kinds and modifiers (mmddk.h): the request's shape, whatever the answer.
constexpr UINT kWaveOut = 0x0001, kMidiOut = 0x0003, kAux = 0x0005, kMapper = 0x8000, kRemove = 0x4000;

int g_calls = 0;
LRESULT CALLBACK entry(DWORD, DWORD, DWORD_PTR, DWORD_PTR, DWORD_PTR) {
    ++g_calls;
    return MMSYSERR_NOERROR;
}

MmDrvInstall resolve() {
    // MinGW's import library names an older three-argument form (mmDrvInstall@12); the export is looked up by name
    // and called with Microsoft's four arguments, so an x86 build also proves the callee pops 16 bytes.
    return reinterpret_cast<MmDrvInstall>(GetProcAddress(GetModuleHandleW(L"winmm.dll"), "mmDrvInstall"));
}

}  // namespace

TEST_CASE("mmDrvInstall refuses every request and leaves the device lists as they were", "[decision]") {
    MmDrvInstall install = resolve();
    REQUIRE(install);
    const UINT midi_out = midiOutGetNumDevs(), aux = auxGetNumDevs(), wave_out = waveOutGetNumDevs();
    volatile DWORD guard_before = 0x5A5A5A5A;
    CHECK(install(nullptr, nullptr, entry, kMidiOut) == 0);
    CHECK(install(nullptr, L"modMessage", nullptr, kMidiOut) == 0);
    CHECK(install(nullptr, nullptr, entry, kAux) == 0);
    CHECK(install(nullptr, nullptr, entry, kWaveOut | kMapper) == 0);
    CHECK(install(nullptr, nullptr, entry, kMidiOut | kRemove) == 0);
    CHECK(install(nullptr, nullptr, nullptr, 0) == 0);  // nothing to install
    CHECK(install(reinterpret_cast<HDRVR>(static_cast<INT_PTR>(0x1234)), nullptr, nullptr, 0xFFFFFFFF) == 0);
    volatile DWORD guard_after = 0xA5A5A5A5;
    CHECK(guard_before == 0x5A5A5A5A);  // the stack around the calls is intact (x86: the callee popped 16 bytes)
    CHECK(guard_after == 0xA5A5A5A5);
    CHECK(midiOutGetNumDevs() == midi_out);
    CHECK(auxGetNumDevs() == aux);
    CHECK(waveOutGetNumDevs() == wave_out);
    CHECK(g_calls == 0);  // the entry point was never called
}
