// What the test driver DLLs record and export, shared by the drivers and the test programs.
#pragma once

#include <windows.h>

#include <mmsystem.h>

namespace test_driver {

// Which function received a message.
enum Target : UINT { driver_proc = 0, aux = 1, mixer = 2, midi_in = 3, midi_out = 4, wave_in = 5, wave_out = 6 };

struct Record {
    UINT target;
    UINT msg;
    DWORD_PTR id;   // DriverProc: dwDriverId; entry points: local device id
    HDRVR hdrvr;    // DriverProc only
    DWORD_PTR user; // entry points only
    LPARAM p1;
    LPARAM p2;
    BOOL p1_is_text;
    WCHAR text[64]; // DRV_OPEN's lParam1 string (when not NULL)
    HMODULE module_seen;  // GetDriverModuleHandle(hdrvr) from inside DriverProc
};

struct Config {
    LRESULT load_result;   // DRV_LOAD's answer
    LRESULT open_result;   // DRV_OPEN's answer; 0 refuses the open. -1: answer a fresh id per open
    BOOL use_def_proc;     // answer everything else with DefDriverProc
};

// Exports of every test driver (looked up with GetProcAddress):
using LogCountFn = UINT(WINAPI*)();
using LogGetFn = BOOL(WINAPI*)(UINT index, Record* out);
using LogClearFn = void(WINAPI*)();
using ConfigureFn = void(WINAPI*)(const Config*);
using TagFn = UINT(WINAPI*)();  // which variant: its device counts and answers depend on it

// Device entry points answer a message they do not know with (tag << 16) | (local id << 8) | 0x5A, so a test
// sees which driver and local index received a routed message.
constexpr DWORD routed_answer(UINT tag, UINT local) {
    return (tag << 16) | (local << 8) | 0x5A;
}
constexpr UINT kRouteProbe = DRV_USER + 0x77;

}  // namespace test_driver
