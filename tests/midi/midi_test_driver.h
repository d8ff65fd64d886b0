// The test MIDI driver (midi_td.dll) and the programs that check what reaches it share this: the log in named
// shared memory (every modMessage/midMessage with a QueryPerformanceCounter timestamp and, for long data, the
// bytes), and the custom messages that make the input device deliver data.
#pragma once

#include <windows.h>

#include <mmsystem.h>

#include <mmddk.h>

#include <cstdint>

namespace midi_td {

constexpr const wchar_t* kLogName = L"winmm-ng-midi-test-driver-log";
constexpr UINT kOutDevices = 2;
constexpr UINT kInDevices = 1;

enum Entry : uint32_t { from_mod = 1, from_mid = 2 };

struct Record {
    uint32_t entry;  // from_mod / from_mid
    uint32_t msg;
    uint32_t device;  // the first argument: local index, or MIDI_MAPPER (0xFFFFFFFF) for the mapper
    uint32_t length;  // bytes of long data copied to data[]
    uint64_t user;
    uint64_t p1;
    uint64_t p2;
    int64_t qpc;
    uint8_t data[48];
};

constexpr uint32_t kCapacity = 65536;

struct Log {
    volatile LONG count;  // records written (may exceed kCapacity: later ones are dropped)
    volatile LONG clear_generation;
    Record records[kCapacity];
};

// Opens (or creates) the shared log; the same for the driver and the test.
inline Log* open_log() {
    static Log* log = [] {
        HANDLE m = CreateFileMappingW(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, 0, sizeof(Log), kLogName);
        if (!m) return static_cast<Log*>(nullptr);
        return static_cast<Log*>(MapViewOfFile(m, FILE_MAP_ALL_ACCESS, 0, 0, sizeof(Log)));
    }();
    return log;
}

// midiInMessage(hmi, msg, p1, p2) to the input device:
//   kInjectShort:   p1 = the MIDI message; MIM_DATA (p2 = milliseconds since midiInStart)
//   kInjectError:   p1 = the message; MIM_ERROR
//   kInjectLong:    p1 = bytes, p2 = length; copied into the first queued buffer, MIM_LONGDATA
//   kInjectLongErr: as kInjectLong, MIM_LONGERROR
//   kInjectMore:    p1 = the message; MIM_MOREDATA when the device was opened with MIDI_IO_STATUS, else MIM_DATA
constexpr UINT kInjectShort = DRVM_USER + 1;
constexpr UINT kInjectError = DRVM_USER + 2;
constexpr UINT kInjectLong = DRVM_USER + 3;
constexpr UINT kInjectLongErr = DRVM_USER + 4;
constexpr UINT kInjectMore = DRVM_USER + 5;

// The out device's volume is kept per device; the caps say MIDICAPS_VOLUME on device 0 only.
constexpr WORD kMid = 0xFF;
constexpr WORD kPidOut = 0x4D0;
constexpr WORD kPidIn = 0x4D1;
constexpr WORD kPidMapper = 0x4DF;

}  // namespace midi_td
