// Unit tests of the portable stream core (dlls/winmm/midi/stream_core.*): event parsing, the clock's tick/time
// arithmetic through tempo changes, pauses and starvation, time divisions, note tracking and position formats.
#include <catch.hpp>

#include <cstring>
#include <vector>

#include "stream_core.h"

using namespace winmm::midi::stream_core;

namespace {

std::vector<uint8_t> words(std::initializer_list<uint32_t> w) {
    std::vector<uint8_t> out(w.size() * 4);
    size_t i = 0;
    for (uint32_t v : w) std::memcpy(&out[4 * i++], &v, 4);
    return out;
}

}  // namespace

TEST_CASE("midi-stream-core: parsing short and long events", "[midi]") {
    auto b = words({5, 0, 0x00403C90u, 7, 0, 0xC0000000u | 0x000005u, 0x030201F0u, 0x000000F7u, 0, 0,
                    0x02000000u | kFlagCallback});
    Event e;
    REQUIRE(parse(b.data(), static_cast<uint32_t>(b.size()), 0, &e));
    CHECK(e.delta == 5);
    CHECK(e.type == kShortMsg);
    CHECK(e.parm == 0x403C90);
    CHECK(!e.callback);
    CHECK(e.size == 12);
    // MEVT_LONGMSG | MEVT_F_CALLBACK, five bytes padded to eight.
    REQUIRE(parse(b.data(), static_cast<uint32_t>(b.size()), 12, &e));
    CHECK(e.type == kLongMsg);
    CHECK(e.callback);
    CHECK(e.parm == 5);
    CHECK(e.size == 20);
    CHECK(e.data[0] == 0xF0);
    CHECK(e.data[4] == 0xF7);
    REQUIRE(parse(b.data(), static_cast<uint32_t>(b.size()), 32, &e));
    CHECK(e.type == kNop);
    CHECK(e.callback);
    CHECK(!parse(b.data(), static_cast<uint32_t>(b.size()), 44, &e));  // the end
    // A long event whose data runs past dwBytesRecorded is no event.
    CHECK(!parse(b.data(), 28, 12, &e));
    CHECK(!parse(b.data(), 8, 0, &e));
    // A huge length does not wrap around.
    auto h = words({0, 0, 0x80FFFFFFu});
    CHECK(!parse(h.data(), 12, 0, &e));
}

TEST_CASE("midi-stream-core: recorded lengths and time divisions", "[midi]") {
    CHECK(valid_recorded(0, 0));
    CHECK(valid_recorded(24, 24));
    CHECK(!valid_recorded(23, 24));
    CHECK(!valid_recorded(28, 24));
    CHECK(valid_timediv(24));
    CHECK(valid_timediv(0x7FFF));
    CHECK(!valid_timediv(0));
    CHECK(!valid_timediv(0x10000));
    CHECK(valid_timediv(0xE728));   // -25 fps, 40 ticks per frame
    CHECK(valid_timediv(0xE350));   // -29 fps
    CHECK(!valid_timediv(0xE600));  // no ticks per frame
    CHECK(!valid_timediv(0xE60A));  // -26 is no SMPTE rate
    CHECK(us_per_tick(24, 500000) == Approx(500000.0 / 24));
    CHECK(us_per_tick(0xE728, 123) == Approx(1000.0));
    CHECK(us_per_tick(0xE301, 1) == Approx(1e6 / (30000.0 / 1001.0)));
    CHECK(us_per_tick(100, 0) > 0);  // tempo 0 never stops the clock
}

TEST_CASE("midi-stream-core: the clock through tempo changes, pauses and starvation", "[midi]") {
    Clock c;
    CHECK(c.tempo() == kDefaultTempo);
    CHECK(c.timediv() == kDefaultTimeDiv);
    c.set_timediv_at(0, 100);
    c.set_tempo_at(0, 100000);  // 1000 us per tick
    CHECK(!c.running());
    CHECK(c.ticks_at(5e6) == 0);
    c.resume(1e6);
    CHECK(c.due_us(0) == Approx(1e6));
    CHECK(c.due_us(50) == Approx(1e6 + 50000));
    CHECK(c.ticks_at(1e6 + 25000) == Approx(25));
    // A tempo change at tick 50: twice as slow from there.
    c.set_tempo_at(50, 200000);
    CHECK(c.due_us(50) == Approx(1.05e6));
    CHECK(c.due_us(100) == Approx(1.05e6 + 100000));
    CHECK(c.elapsed_us_at(1.05e6) == Approx(50000));
    // Pause at tick 75 (time 1.1 s); nothing moves while paused.
    c.pause(1.1e6);
    CHECK(c.ticks_at(1.1e6) == Approx(75));
    CHECK(c.ticks_at(9e6) == Approx(75));
    CHECK(c.elapsed_us_at(9e6) == Approx(100000));
    c.resume(2e6);
    CHECK(c.due_us(100) == Approx(2e6 + 50000));
    // Starved after the event at tick 100: the clock stops exactly there.
    c.freeze_at(100);
    CHECK(c.ticks_at(5e6) == Approx(100));
    CHECK(c.elapsed_us_at(5e6) == Approx(150000));
    c.resume(3e6);
    CHECK(c.due_us(110) == Approx(3e6 + 20000));
    c.reset();
    CHECK(c.ticks_at(4e6) == 0);
    CHECK(c.elapsed_us_at(4e6) == 0);
    CHECK(c.tempo() == 200000);
}

TEST_CASE("midi-stream-core: note tracking", "[midi]") {
    NoteTracker n;
    n.observe(0x00403C90);  // on, channel 0
    n.observe(0x00404095);  // on, channel 5
    n.observe(0x00004095);  // velocity 0: off
    n.observe(0x00404199);
    n.observe(0x00004189);  // off
    n.observe(0x000A07B0);  // a controller: ignored
    std::vector<uint32_t> offs;
    n.release_all([&](uint32_t m) { offs.push_back(m); });
    CHECK(offs == std::vector<uint32_t>{0x00003C80});
    offs.clear();
    n.release_all([&](uint32_t m) { offs.push_back(m); });
    CHECK(offs.empty());
}

TEST_CASE("midi-stream-core: position formats", "[midi]") {
    // TIME_MS 1, TIME_MIDI 0x10, TIME_TICKS 0x20, TIME_SMPTE 8, TIME_BYTES 4.
    CHECK(position(0x20, 480.7, 0, 480).value == 480);
    CHECK(position(0x20, 480.7, 0, 480).type == 0x20);
    CHECK(position(0x01, 0, 2500.0, 480).value == 2);
    Position m = position(0x10, 480, 0, 480);
    CHECK(m.type == 0x10);
    CHECK(m.value == 4);
    CHECK(position(0x10, 480, 7000, 0xE728).type == 0x01);  // SMPTE division: no song position
    CHECK(position(0x08, 0, 7000, 480).type == 0x01);
    CHECK(position(0x04, 0, 7000, 480).value == 7);
}
