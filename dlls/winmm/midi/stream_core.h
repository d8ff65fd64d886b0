// The portable core of midiStream: reading MIDIEVENTs out of a buffer, the stream clock (ticks <-> time under a
// time division and a tempo, through pauses, tempo changes and starvation), and the notes a stop has to end.
// No Win32 calls: the player thread (stream.cpp) drives it, and tests/midi/stream_core.cpp tests it alone.
#pragma once

#include <cstdint>

namespace winmm::midi::stream_core {

// Event types as the high byte of dwEvent carries them, MEVT_F_CALLBACK masked off (MEVT_F_LONG kept).
constexpr uint8_t kShortMsg = 0x00;
constexpr uint8_t kTempo = 0x01;
constexpr uint8_t kNop = 0x02;
constexpr uint8_t kLongMsg = 0x80;
constexpr uint8_t kComment = 0x82;
constexpr uint8_t kVersion = 0x84;
constexpr uint32_t kFlagLong = 0x80000000u;
constexpr uint32_t kFlagCallback = 0x40000000u;

constexpr uint32_t kDefaultTempo = 500000;  // microseconds per quarter note (120 beats per minute)
constexpr uint32_t kDefaultTimeDiv = 24;    // ticks per quarter note: Windows' default (Wine's tests)

struct Event {
    uint32_t delta = 0;         // ticks after the previous event
    uint8_t type = 0;           // kShortMsg ...
    bool callback = false;      // MEVT_F_CALLBACK: MOM_POSITIONCB before the event is carried out
    uint32_t parm = 0;          // low 24 bits of dwEvent: the message, the tempo, or a long event's length
    const uint8_t* data = nullptr;  // a long event's bytes (parm of them)
    uint32_t size = 0;          // bytes the event takes in the buffer (12 short, 12 + length rounded up to 4 long)
};

// Reads the event at `offset` of a buffer of `length` valid bytes (dwBytesRecorded); false when no whole event
// starts there (the end of the buffer, or a truncated event, which ends the buffer's playback).
bool parse(const uint8_t* buffer, uint32_t length, uint32_t offset, Event* out);

// Whether midiStreamOut accepts dwBytesRecorded: a multiple of 4 (events are DWORD-aligned) and within the
// buffer (Wine's conformance tests: Windows returns MMSYSERR_INVALPARAM otherwise).
bool valid_recorded(uint32_t recorded, uint32_t buffer_length);

// A time division MIDIPROP_TIMEDIV may set: ticks per quarter note (1..32767), or SMPTE (high byte -24, -25,
// -29 or -30 frames per second, low byte ticks per frame > 0).
bool valid_timediv(uint32_t timediv);
// Microseconds per tick. SMPTE ignores the tempo (-29 is 29.97 frames per second, drop-frame).
double us_per_tick(uint32_t timediv, uint32_t tempo);

// The stream clock. Time is in microseconds on any monotonic scale the caller chooses. Event ticks accumulate
// from the deltas; the clock maps a tick to the moment it is due. It runs only while the stream is started and
// has something to play: a pause or an empty queue ("starved") stops it, so the next event's delta counts from
// the moment it resumes instead of bursting to catch up.
class Clock {
public:
    uint32_t tempo() const { return tempo_; }
    uint32_t timediv() const { return timediv_; }
    bool running() const { return running_; }

    // The moment tick `t` (>= the current position) is due; only meaningful while running.
    double due_us(double t) const { return anchor_us_ + (t - anchor_tick_) * per_tick_; }
    // The position (ticks, fractional) at `now_us`.
    double ticks_at(double now_us) const;
    // Microseconds the clock has run since the start (or the last reset), at `now_us`.
    double elapsed_us_at(double now_us) const;

    void resume(double now_us);  // start running from the current position
    void pause(double now_us);   // freeze at the position reached at now_us
    // Freeze at exactly tick `t` (the player's last event: the queue ran dry).
    void freeze_at(double t);
    // A new tempo from tick `t` on (MEVT_TEMPO, carried out at its due moment; or MIDIPROP_TEMPO at the
    // current position).
    void set_tempo_at(double t, uint32_t tempo);
    void set_timediv_at(double t, uint32_t timediv);
    // Position 0, stopped; tempo and time division kept.
    void reset();

private:
    uint32_t tempo_ = kDefaultTempo;
    uint32_t timediv_ = kDefaultTimeDiv;
    double per_tick_ = us_per_tick(kDefaultTimeDiv, kDefaultTempo);
    bool running_ = false;
    double anchor_us_ = 0;      // while running: the moment the clock was at anchor_tick_
    double anchor_tick_ = 0;
    double anchor_elapsed_ = 0; // running time accumulated up to the anchor
    void rebase(double t);      // keeps running/frozen state, moves the anchor to tick t
};

// The note-ons a stream has sent and not yet ended: midiStreamStop sends a note-off for exactly these.
class NoteTracker {
public:
    void observe(uint32_t short_msg);
    // Calls fn(note-off message) for every sounding note, then forgets them.
    template <class Fn>
    void release_all(Fn fn) {
        for (unsigned ch = 0; ch < 16; ++ch)
            for (unsigned key = 0; key < 128; ++key)
                if (on_[ch][key]) {
                    on_[ch][key] = false;
                    fn(0x80u | ch | key << 8);
                }
    }

private:
    bool on_[16][128] = {};
};

// midiStreamPosition's formats: TIME_MS and TIME_TICKS as asked; TIME_MIDI (song position, in sixteenth
// notes) under a ticks-per-quarter-note division; anything else falls back to TIME_MS (Wine's tests on Windows).
struct Position {
    uint32_t type;   // TIME_* value
    uint32_t value;
};
Position position(uint32_t asked_type, double ticks, double elapsed_us, uint32_t timediv);

}  // namespace winmm::midi::stream_core
