// winmm-ng PlaySound: what a PlaySound/sndPlaySound call asks for, decoded from its flags (portable, no OS calls).
//
// The flag values are Windows' (playsoundapi.h/mmsystem.h); they are repeated here so the decoding does not depend
// on which SDK header version the build has. Some flags share bits on purpose: SND_RESOURCE includes SND_MEMORY's
// bit and SND_ALIAS_ID includes SND_ALIAS's, so the source is decided from the combinations, not from single bits.
#pragma once

#include <cstdint>

namespace winmm::playsound {

namespace flag {
constexpr uint32_t sync = 0x0000;
constexpr uint32_t async = 0x0001;
constexpr uint32_t nodefault = 0x0002;
constexpr uint32_t memory = 0x0004;
constexpr uint32_t loop = 0x0008;
constexpr uint32_t nostop = 0x0010;
constexpr uint32_t purge = 0x0040;
constexpr uint32_t application = 0x0080;
constexpr uint32_t nowait = 0x2000;
constexpr uint32_t alias = 0x10000;
constexpr uint32_t filename = 0x20000;
constexpr uint32_t resource = 0x40004;  // includes memory's bit
constexpr uint32_t sentry = 0x80000;
constexpr uint32_t id_bit = 0x100000;   // SND_ALIAS_ID = alias | id_bit (alone the bit is SND_RING)
constexpr uint32_t alias_id = 0x110000;
constexpr uint32_t system = 0x200000;
// What sndPlaySound passes on: its documented fuSound values and the source flags SND_ALIAS(_ID), SND_FILENAME,
// SND_RESOURCE. Windows honours SND_ALIAS_ID there (Wine's dlls/winmm/tests/wave.c, test_sndPlaySound, passes
// SND_ALIAS_SYSTEMASTERISK as an identifier on Windows): dropping the flag would read the identifier as a string.
constexpr uint32_t snd_play_sound_mask = async | nodefault | memory | loop | nostop | alias_id | filename | resource;
}  // namespace flag

// Where the sound comes from.
enum class Source {
    none,           // pszSound is NULL: stop the current sound
    memory,         // SND_MEMORY: an in-memory image of a WAVE file
    resource,       // SND_RESOURCE: a "WAVE" resource of hmod
    file,           // SND_FILENAME: a file name (through mmio, so installed I/O procedures serve compound names)
    alias,          // SND_ALIAS: a sound event name; a file name when no event has that name
    alias_id,       // SND_ALIAS_ID: one of the predefined SND_ALIAS_SYSTEM* identifiers
    alias_or_file,  // no source flag: an event name first, then a file name (as sndPlaySound always does)
    invalid,        // contradictory source flags
};

struct Request {
    Source source = Source::invalid;
    bool async = false;
    bool loop = false;
    bool nodefault = false;
    bool nostop = false;
    bool nowait = false;
    bool purge = false;
    bool application = false;
};

// Decodes the flags of a PlaySound call; `has_name` says whether pszSound is non-NULL.
Request decode(uint32_t flags, bool has_name);

}  // namespace winmm::playsound
