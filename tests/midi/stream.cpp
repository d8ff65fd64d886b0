// midiStream through the test driver: every event's order and due time (within a generous bound: the precise
// error is the benchmark's), tempo changes, MOM_POSITIONCB before MOM_DONE, pause/restart/stop, position,
// properties, and the error paths.
#include <cmath>
#include <cstddef>
#include <cstring>

#include "support.h"  // first: windows.h before mmddk.h

#include <mmddk.h>

using namespace midi_test;

static Registration registration;

namespace {

// A buffer of MIDIEVENTs.
struct Events {
    std::vector<DWORD> words;
    void add(DWORD delta, BYTE type, DWORD parm, bool callback = false) {
        words.push_back(delta);
        words.push_back(0);
        words.push_back((static_cast<DWORD>(type) << 24) | (parm & 0xFFFFFF) | (callback ? MEVT_F_CALLBACK : 0));
    }
    void add_long(DWORD delta, BYTE type, const std::vector<BYTE>& bytes, bool callback = false) {
        add(delta, type, static_cast<DWORD>(bytes.size()), callback);
        size_t at = words.size();
        words.resize(at + (bytes.size() + 3) / 4, 0);
        std::memcpy(&words[at], bytes.data(), bytes.size());
    }
    DWORD bytes() const { return static_cast<DWORD>(words.size() * 4); }
};

struct Header {
    MIDIHDR hdr = {};
    explicit Header(Events& e, DWORD user = 0) {
        hdr.lpData = reinterpret_cast<LPSTR>(e.words.data());
        hdr.dwBufferLength = hdr.dwBytesRecorded = e.bytes();
        hdr.dwUser = user;
    }
};

// 1 ms per tick: 100 ticks per quarter note at 100000 microseconds per quarter note.
void one_ms_ticks(HMIDISTRM s) {
    MIDIPROPTIMEDIV div = {sizeof(div), 100};
    REQUIRE(midiStreamProperty(s, reinterpret_cast<LPBYTE>(&div), MIDIPROP_SET | MIDIPROP_TIMEDIV) == MMSYSERR_NOERROR);
    MIDIPROPTEMPO tempo = {sizeof(tempo), 100000};
    REQUIRE(midiStreamProperty(s, reinterpret_cast<LPBYTE>(&tempo), MIDIPROP_SET | MIDIPROP_TEMPO) == MMSYSERR_NOERROR);
}

HMIDISTRM open_stream(Callbacks& cb, UINT id = 0) {
    HMIDISTRM s = nullptr;
    REQUIRE(midiStreamOpen(&s, &id, 1, cb.fn(), cb.instance(), CALLBACK_FUNCTION) == MMSYSERR_NOERROR);
    return s;
}

std::vector<midi_td::Record> played() {
    std::vector<midi_td::Record> out;
    for (const auto& r : records(midi_td::from_mod))
        if (r.msg == MODM_DATA || r.msg == MODM_LONGDATA) out.push_back(r);
    return out;
}

bool wait_done(const MIDIHDR& h, DWORD timeout_ms = 5000) {
    DWORD start = GetTickCount();
    while (!(h.dwFlags & MHDR_DONE) && GetTickCount() - start < timeout_ms) Sleep(5);
    return (h.dwFlags & MHDR_DONE) != 0;
}

// Generous: the machine running the tests may be loaded; the precise error is the benchmark's (docs/performance.md).
constexpr double kSlackMs = 100;

}  // namespace

TEST_CASE("midi-stream: defaults, and a stream opens paused", "[midi]") {
    Callbacks cb;
    HMIDISTRM s = open_stream(cb);
    CHECK(cb.messages() == std::vector<UINT>{MOM_OPEN});
    MIDIPROPTEMPO tempo = {sizeof(tempo), 0};
    REQUIRE(midiStreamProperty(s, reinterpret_cast<LPBYTE>(&tempo), MIDIPROP_GET | MIDIPROP_TEMPO) == MMSYSERR_NOERROR);
    CHECK(tempo.dwTempo == 500000);
    MIDIPROPTIMEDIV div = {sizeof(div), 0};
    REQUIRE(midiStreamProperty(s, reinterpret_cast<LPBYTE>(&div), MIDIPROP_GET | MIDIPROP_TIMEDIV) == MMSYSERR_NOERROR);
    CHECK(div.dwTimeDiv == 24);

    Events e;
    e.add(0, MEVT_SHORTMSG, 0x00403C90);
    Header h(e);
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    clear_log();
    REQUIRE(midiStreamOut(s, &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    CHECK((h.hdr.dwFlags & MHDR_INQUEUE) != 0);
    CHECK((h.hdr.dwFlags & MHDR_ISSTRM) != 0);
    Sleep(100);
    CHECK(played().empty());
    CHECK((h.hdr.dwFlags & MHDR_DONE) == 0);
    REQUIRE(midiStreamRestart(s) == MMSYSERR_NOERROR);
    REQUIRE(wait_done(h.hdr));
    auto p = played();
    REQUIRE(p.size() == 1);
    CHECK(p[0].p1 == 0x00403C90);
    CHECK((h.hdr.dwFlags & MHDR_INQUEUE) == 0);
    CHECK(midiOutUnprepareHeader(reinterpret_cast<HMIDIOUT>(s), &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    CHECK(midiStreamClose(s) == MMSYSERR_NOERROR);
    CHECK(cb.messages() == std::vector<UINT>{MOM_OPEN, MOM_DONE, MOM_CLOSE});
}

TEST_CASE("midi-stream: events in order at their due times, tempo changes included", "[midi]") {
    Callbacks cb;
    HMIDISTRM s = open_stream(cb, 1);
    one_ms_ticks(s);
    Events e;
    e.add(0, MEVT_SHORTMSG, 0x00403C90);
    e.add(50, MEVT_SHORTMSG, 0x00003C80);
    e.add_long(50, MEVT_LONGMSG, {0xF0, 0x41, 0x10, 0x42, 0x12, 0xF7});
    e.add(0, MEVT_NOP, 0);
    e.add_long(0, MEVT_COMMENT, {0x00, 'h', 'i'});
    e.add(50, MEVT_TEMPO, 200000);  // from here on 2 ms per tick
    e.add(50, MEVT_SHORTMSG, 0x00503E90);
    e.add(50, MEVT_SHORTMSG, 0x00003E80);
    Header h(e);
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    clear_log();
    REQUIRE(midiStreamRestart(s) == MMSYSERR_NOERROR);
    int64_t start = qpc_now();
    REQUIRE(midiStreamOut(s, &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    REQUIRE(wait_done(h.hdr));
    auto p = played();
    REQUIRE(p.size() == 5);
    const DWORD msgs[] = {0x00403C90, 0x00003C80, 0, 0x00503E90, 0x00003E80};
    const double due_ms[] = {0, 50, 100, 150 + 100, 150 + 200};
    for (size_t i = 0; i < 5; ++i) {
        INFO("event " << i);
        CHECK(p[i].device == 1);
        if (i == 2) {
            CHECK(p[i].msg == MODM_LONGDATA);
            REQUIRE(p[i].length == 6);
            CHECK(p[i].data[1] == 0x41);
        } else {
            CHECK(p[i].msg == MODM_DATA);
            CHECK(p[i].p1 == msgs[i]);
        }
        double at = qpc_ms(p[i].qpc - start);
        CHECK(at >= due_ms[i] - 2);
        CHECK(at <= due_ms[i] + kSlackMs);
    }
    MIDIPROPTEMPO tempo = {sizeof(tempo), 0};
    midiStreamProperty(s, reinterpret_cast<LPBYTE>(&tempo), MIDIPROP_GET | MIDIPROP_TEMPO);
    CHECK(tempo.dwTempo == 200000);
    midiOutUnprepareHeader(reinterpret_cast<HMIDIOUT>(s), &h.hdr, sizeof(h.hdr));
    CHECK(midiStreamClose(s) == MMSYSERR_NOERROR);
}

TEST_CASE("midi-stream: SMPTE time ignores the tempo", "[midi]") {
    Callbacks cb;
    HMIDISTRM s = open_stream(cb);
    // 25 frames per second, 40 ticks per frame: 1 ms per tick whatever the tempo.
    MIDIPROPTIMEDIV div = {sizeof(div), static_cast<DWORD>((static_cast<BYTE>(-25) << 8) | 40)};
    REQUIRE(midiStreamProperty(s, reinterpret_cast<LPBYTE>(&div), MIDIPROP_SET | MIDIPROP_TIMEDIV) == MMSYSERR_NOERROR);
    Events e;
    e.add(0, MEVT_SHORTMSG, 0x00403C90);
    e.add(0, MEVT_TEMPO, 2000000);
    e.add(80, MEVT_SHORTMSG, 0x00003C80);
    Header h(e);
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    clear_log();
    REQUIRE(midiStreamRestart(s) == MMSYSERR_NOERROR);
    int64_t out_before = qpc_now();
    REQUIRE(midiStreamOut(s, &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    int64_t out_after = qpc_now();
    REQUIRE(wait_done(h.hdr));
    auto p = played();
    REQUIRE(p.size() == 2);
    // Due 80 ms after the clock started (at midiStreamOut); under the tempo it would be far later.
    CHECK(qpc_ms(p[1].qpc - out_before) >= 79);
    CHECK(qpc_ms(p[1].qpc - out_after) <= 80 + kSlackMs);
    midiOutUnprepareHeader(reinterpret_cast<HMIDIOUT>(s), &h.hdr, sizeof(h.hdr));
    CHECK(midiStreamClose(s) == MMSYSERR_NOERROR);
}

TEST_CASE("midi-stream: MEVT_F_CALLBACK brings MOM_POSITIONCB before MOM_DONE, with dwOffset", "[midi]") {
    Callbacks cb;
    HMIDISTRM s = open_stream(cb);
    one_ms_ticks(s);
    Events e;
    e.add(0, MEVT_NOP, 0, true);
    e.add(10, MEVT_SHORTMSG, 0x00403C90);
    e.add(10, MEVT_SHORTMSG, 0x00003C80, true);
    Header h(e, 0x55);
    h.hdr.dwOffset = 12345;
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    Events e2;
    e2.add(5, MEVT_NOP, 0, true);
    Header h2(e2);
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h2.hdr, sizeof(h2.hdr)) == MMSYSERR_NOERROR);
    Events none;
    none.add(0, MEVT_NOP, 0, true);
    Header h3(none);
    h3.hdr.dwBytesRecorded = 0;  // dwBytesRecorded, not dwBufferLength, says what is played
    h3.hdr.dwOffset = 777;
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h3.hdr, sizeof(h3.hdr)) == MMSYSERR_NOERROR);
    cb.clear();
    REQUIRE(midiStreamOut(s, &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    REQUIRE(midiStreamOut(s, &h2.hdr, offsetof(MIDIHDR, dwOffset)) == MMSYSERR_NOERROR);
    REQUIRE(midiStreamOut(s, &h3.hdr, sizeof(h3.hdr)) == MMSYSERR_NOERROR);
    REQUIRE(midiStreamRestart(s) == MMSYSERR_NOERROR);
    REQUIRE(cb.wait_for(6));
    auto seen = cb.seen();
    REQUIRE(seen.size() == 6);
    auto hp = [](const Header& x) { return reinterpret_cast<DWORD_PTR>(&x.hdr); };
    CHECK(seen[0].msg == MOM_POSITIONCB);
    CHECK(seen[0].p1 == hp(h));
    CHECK(seen[1].msg == MOM_POSITIONCB);
    CHECK(seen[1].p1 == hp(h));
    CHECK(seen[2].msg == MOM_DONE);
    CHECK(seen[2].p1 == hp(h));
    CHECK(seen[3].msg == MOM_POSITIONCB);
    CHECK(seen[3].p1 == hp(h2));
    CHECK(seen[4].msg == MOM_DONE);
    CHECK(seen[4].p1 == hp(h2));
    CHECK(seen[5].msg == MOM_DONE);
    CHECK(seen[5].p1 == hp(h3));
    for (const Seen& x : seen) CHECK(x.handle == s);
    CHECK(h.hdr.dwOffset == 24);  // the last callback event's offset
    CHECK(h2.hdr.dwOffset == 0);
    CHECK(h3.hdr.dwOffset == 777);  // no callback event: left alone
    CHECK(h.hdr.dwUser == 0x55);
    CHECK(e.words[1] == 0);  // dwStreamID untouched
    CHECK(midiStreamClose(s) == MMSYSERR_NOERROR);
}

TEST_CASE("midi-stream: pause holds the clock, restart resumes it", "[midi]") {
    Callbacks cb;
    HMIDISTRM s = open_stream(cb);
    one_ms_ticks(s);
    Events e;
    e.add(0, MEVT_SHORTMSG, 0x00403C90);
    e.add(150, MEVT_SHORTMSG, 0x00003C80);
    Header h(e);
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    clear_log();
    REQUIRE(midiStreamRestart(s) == MMSYSERR_NOERROR);
    int64_t out_before = qpc_now();
    REQUIRE(midiStreamOut(s, &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    int64_t out_after = qpc_now();
    Sleep(50);
    int64_t pause_before = qpc_now();
    REQUIRE(midiStreamPause(s) == MMSYSERR_NOERROR);
    int64_t pause_after = qpc_now();
    CHECK(midiStreamPause(s) == MMSYSERR_NOERROR);
    MMTIME t1 = {};
    t1.wType = TIME_TICKS;
    REQUIRE(midiStreamPosition(s, &t1, sizeof(t1)) == MMSYSERR_NOERROR);
    CHECK(t1.wType == TIME_TICKS);
    // 1 ms per tick, from the midiStreamOut that started the clock to the pause.
    CHECK(t1.u.ticks + 1 >= qpc_ms(pause_before - out_after));
    CHECK(t1.u.ticks <= qpc_ms(pause_after - out_before) + 1);
    Sleep(200);
    MMTIME t2 = {};
    t2.wType = TIME_TICKS;
    midiStreamPosition(s, &t2, sizeof(t2));
    CHECK(t2.u.ticks == t1.u.ticks);
    CHECK(played().size() == 1);
    int64_t restart_before = qpc_now();
    REQUIRE(midiStreamRestart(s) == MMSYSERR_NOERROR);
    int64_t restart_after = qpc_now();
    REQUIRE(wait_done(h.hdr));
    auto p = played();
    REQUIRE(p.size() == 2);
    // The second event is due after 150 ms of running time, counted from midiStreamOut (which started the clock):
    // the run before the pause, then the rest after the restart.
    double ran_min = qpc_ms(pause_before - out_after), ran_max = qpc_ms(pause_after - out_before);
    CHECK(qpc_ms(p[1].qpc - restart_before) >= 150 - ran_max - 1);
    CHECK(qpc_ms(p[1].qpc - restart_after) <= 150 - ran_min + kSlackMs);
    CHECK(midiStreamClose(s) == MMSYSERR_NOERROR);
}

TEST_CASE("midi-stream: stop returns every queued buffer and ends the notes it started", "[midi]") {
    Callbacks cb;
    HMIDISTRM s = open_stream(cb);
    one_ms_ticks(s);
    Events e;
    e.add(0, MEVT_SHORTMSG, 0x00403C91);
    e.add(0, MEVT_SHORTMSG, 0x00404092);
    e.add(0, MEVT_SHORTMSG, 0x00004092);  // velocity 0: already ended
    e.add(5000, MEVT_SHORTMSG, 0x00003C81);
    Header h1(e), h2(e);
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h1.hdr, sizeof(h1.hdr)) == MMSYSERR_NOERROR);
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h2.hdr, sizeof(h2.hdr)) == MMSYSERR_NOERROR);
    REQUIRE(midiStreamRestart(s) == MMSYSERR_NOERROR);
    REQUIRE(midiStreamOut(s, &h1.hdr, sizeof(h1.hdr)) == MMSYSERR_NOERROR);
    REQUIRE(midiStreamOut(s, &h2.hdr, sizeof(h2.hdr)) == MMSYSERR_NOERROR);
    CHECK(midiStreamOut(s, &h2.hdr, sizeof(h2.hdr)) == MIDIERR_STILLPLAYING);
    CHECK(midiOutUnprepareHeader(reinterpret_cast<HMIDIOUT>(s), &h1.hdr, sizeof(h1.hdr)) == MIDIERR_STILLPLAYING);
    Sleep(80);
    cb.clear();
    clear_log();
    REQUIRE(midiStreamStop(s) == MMSYSERR_NOERROR);
    auto seen = cb.seen();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].msg == MOM_DONE);
    CHECK(seen[0].p1 == reinterpret_cast<DWORD_PTR>(&h1.hdr));
    CHECK(seen[1].p1 == reinterpret_cast<DWORD_PTR>(&h2.hdr));
    CHECK((h1.hdr.dwFlags & (MHDR_DONE | MHDR_INQUEUE)) == MHDR_DONE);
    CHECK((h2.hdr.dwFlags & (MHDR_DONE | MHDR_INQUEUE)) == MHDR_DONE);
    auto p = played();
    REQUIRE(p.size() == 1);
    CHECK(p[0].p1 == 0x00003C81);  // the note-off of the one note still sounding
    MMTIME t = {};
    t.wType = TIME_MS;
    REQUIRE(midiStreamPosition(s, &t, sizeof(t)) == MMSYSERR_NOERROR);
    CHECK(t.u.ms == 0);
    // Stopped means paused: a new buffer waits for midiStreamRestart.
    clear_log();
    REQUIRE(midiStreamOut(s, &h1.hdr, sizeof(h1.hdr)) == MMSYSERR_NOERROR);
    Sleep(50);
    CHECK(played().empty());
    REQUIRE(midiStreamRestart(s) == MMSYSERR_NOERROR);
    for (DWORD start = GetTickCount(); played().size() < 3 && GetTickCount() - start < 2000;) Sleep(5);
    Sleep(20);
    CHECK(played().size() == 3);  // the fourth waits 5 s
    // midiOutReset on a stream returns its buffers as well.
    cb.clear();
    REQUIRE(midiOutReset(reinterpret_cast<HMIDIOUT>(s)) == MMSYSERR_NOERROR);
    CHECK(cb.messages() == std::vector<UINT>{MOM_DONE});
    CHECK(midiStreamClose(s) == MMSYSERR_NOERROR);
}

TEST_CASE("midi-stream: position formats and properties", "[midi]") {
    Callbacks cb;
    HMIDISTRM s = open_stream(cb);
    MMTIME t = {};
    const UINT asked[] = {TIME_MS, TIME_TICKS, TIME_MIDI, TIME_SMPTE, TIME_SAMPLES, TIME_BYTES};
    const UINT given[] = {TIME_MS, TIME_TICKS, TIME_MIDI, TIME_MS, TIME_MS, TIME_MS};
    for (size_t i = 0; i < 6; ++i) {
        t.wType = asked[i];
        REQUIRE(midiStreamPosition(s, &t, sizeof(t)) == MMSYSERR_NOERROR);
        CHECK(t.wType == given[i]);
    }
    CHECK(midiStreamPosition(s, nullptr, sizeof(t)) == MMSYSERR_INVALPARAM);
    CHECK(midiStreamPosition(s, &t, sizeof(t) - 1) == MMSYSERR_INVALPARAM);

    MIDIPROPTEMPO tempo = {sizeof(tempo), 0};
    auto* tp = reinterpret_cast<LPBYTE>(&tempo);
    CHECK(midiStreamProperty(s, tp, MIDIPROP_TEMPO) == MMSYSERR_INVALPARAM);
    CHECK(midiStreamProperty(s, tp, MIDIPROP_GET | MIDIPROP_SET | MIDIPROP_TEMPO) == MMSYSERR_INVALPARAM);
    CHECK(midiStreamProperty(s, tp, MIDIPROP_GET) == MMSYSERR_INVALPARAM);
    CHECK(midiStreamProperty(s, nullptr, MIDIPROP_GET | MIDIPROP_TEMPO) == MMSYSERR_INVALPARAM);
    tempo.cbStruct = sizeof(tempo) - 1;
    CHECK(midiStreamProperty(s, tp, MIDIPROP_GET | MIDIPROP_TEMPO) == MMSYSERR_INVALPARAM);
    tempo.cbStruct = sizeof(tempo);
    tempo.dwTempo = 300000;
    CHECK(midiStreamProperty(s, tp, MIDIPROP_SET | MIDIPROP_TEMPO) == MMSYSERR_NOERROR);
    tempo.dwTempo = 0;
    CHECK(midiStreamProperty(s, tp, MIDIPROP_GET | MIDIPROP_TEMPO) == MMSYSERR_NOERROR);
    CHECK(tempo.dwTempo == 300000);

    MIDIPROPTIMEDIV div = {sizeof(div), 0};
    auto* dp = reinterpret_cast<LPBYTE>(&div);
    CHECK(midiStreamProperty(s, dp, MIDIPROP_SET | MIDIPROP_TIMEDIV) == MMSYSERR_INVALPARAM);  // 0 ticks
    div.dwTimeDiv = (static_cast<BYTE>(-26) << 8) | 10;
    CHECK(midiStreamProperty(s, dp, MIDIPROP_SET | MIDIPROP_TIMEDIV) == MMSYSERR_INVALPARAM);  // no such rate
    div.dwTimeDiv = 480;
    CHECK(midiStreamProperty(s, dp, MIDIPROP_SET | MIDIPROP_TIMEDIV) == MMSYSERR_NOERROR);
    div.dwTimeDiv = 0;
    CHECK(midiStreamProperty(s, dp, MIDIPROP_GET | MIDIPROP_TIMEDIV) == MMSYSERR_NOERROR);
    CHECK(div.dwTimeDiv == 480);

    // Position in ticks and ms follow the clock: 480 ticks per quarter at 300000 us.
    Events e;
    e.add(480, MEVT_NOP, 0);
    Header h(e);
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    REQUIRE(midiStreamOut(s, &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    REQUIRE(midiStreamRestart(s) == MMSYSERR_NOERROR);
    REQUIRE(wait_done(h.hdr));
    t.wType = TIME_TICKS;
    midiStreamPosition(s, &t, sizeof(t));
    CHECK(t.u.ticks == 480);  // played out: the clock waits at the last event
    t.wType = TIME_MS;
    midiStreamPosition(s, &t, sizeof(t));
    CHECK(t.u.ms >= 299);
    CHECK(t.u.ms <= 301);
    t.wType = TIME_MIDI;
    midiStreamPosition(s, &t, sizeof(t));
    CHECK(t.u.midi.songptrpos == 4);  // a quarter note is four sixteenths
    CHECK(midiStreamClose(s) == MMSYSERR_NOERROR);
}

TEST_CASE("midi-stream: error paths", "[midi]") {
    UINT id = 0;
    HMIDISTRM s = nullptr;
    CHECK(midiStreamOpen(nullptr, &id, 1, 0, 0, CALLBACK_NULL) == MMSYSERR_INVALPARAM);
    CHECK(midiStreamOpen(&s, nullptr, 1, 0, 0, CALLBACK_NULL) == MMSYSERR_INVALPARAM);
    CHECK(midiStreamOpen(&s, &id, 2, 0, 0, CALLBACK_NULL) == MMSYSERR_INVALPARAM);
    CHECK(midiStreamOpen(&s, &id, 1, 0xDEADBEEF, 0, CALLBACK_WINDOW) == MMSYSERR_INVALPARAM);
    UINT bad = midi_td::kOutDevices;
    CHECK(midiStreamOpen(&s, &bad, 1, 0, 0, CALLBACK_NULL) == MMSYSERR_BADDEVICEID);
    // A NULL function is accepted (Windows 2000 and later, in Wine's tests).
    REQUIRE(midiStreamOpen(&s, &id, 1, 0, 0, CALLBACK_FUNCTION) == MMSYSERR_NOERROR);

    Events e;
    e.add(0, MEVT_NOP, 0);
    e.add(0, MEVT_NOP, 0);
    Header h(e);
    CHECK(midiStreamOut(s, &h.hdr, sizeof(h.hdr)) == MIDIERR_UNPREPARED);
    CHECK(midiOutLongMsg(reinterpret_cast<HMIDIOUT>(s), &h.hdr, sizeof(h.hdr)) == MIDIERR_UNPREPARED);
    CHECK(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h.hdr, offsetof(MIDIHDR, dwOffset) - 1) ==
          MMSYSERR_INVALPARAM);
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h.hdr, offsetof(MIDIHDR, dwOffset)) ==
            MMSYSERR_NOERROR);
    CHECK(midiStreamOut(s, nullptr, sizeof(h.hdr)) == MMSYSERR_INVALPARAM);
    h.hdr.dwBytesRecorded = h.hdr.dwBufferLength - 1;
    CHECK(midiStreamOut(s, &h.hdr, sizeof(h.hdr)) == MMSYSERR_INVALPARAM);
    h.hdr.dwBytesRecorded = h.hdr.dwBufferLength + 4;
    CHECK(midiStreamOut(s, &h.hdr, sizeof(h.hdr)) == MMSYSERR_INVALPARAM);
    std::vector<char> big(70000);
    MIDIHDR large = {};
    large.lpData = big.data();
    large.dwBufferLength = static_cast<DWORD>(big.size());
    CHECK(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &large, sizeof(large)) == MMSYSERR_INVALPARAM);

    // The midiOut calls Windows allows on a stream handle.
    UINT got = 99;
    CHECK(midiOutGetID(reinterpret_cast<HMIDIOUT>(s), &got) == MMSYSERR_NOERROR);
    CHECK(got == 0);
    clear_log();
    CHECK(midiOutShortMsg(reinterpret_cast<HMIDIOUT>(s), 0x00403C90) == MMSYSERR_NOERROR);
    CHECK(records(midi_td::from_mod, MODM_DATA).size() == 1);

    // Stream calls refuse other handles.
    HMIDIOUT o = nullptr;
    REQUIRE(midiOutOpen(&o, 0, 0, 0, CALLBACK_NULL) == MMSYSERR_NOERROR);
    auto* os = reinterpret_cast<HMIDISTRM>(o);
    CHECK(midiStreamRestart(os) == MMSYSERR_INVALHANDLE);
    CHECK(midiStreamPause(os) == MMSYSERR_INVALHANDLE);
    CHECK(midiStreamStop(os) == MMSYSERR_INVALHANDLE);
    CHECK(midiStreamClose(os) == MMSYSERR_INVALHANDLE);
    CHECK(midiStreamOut(os, &h.hdr, sizeof(h.hdr)) == MMSYSERR_INVALHANDLE);
    MMTIME t = {};
    CHECK(midiStreamPosition(os, &t, sizeof(t)) == MMSYSERR_INVALHANDLE);
    CHECK(midiOutClose(o) == MMSYSERR_NOERROR);

    CHECK(midiStreamClose(s) == MMSYSERR_NOERROR);
    CHECK(midiStreamClose(s) == MMSYSERR_INVALHANDLE);
    CHECK(midiStreamRestart(s) == MMSYSERR_INVALHANDLE);
}

TEST_CASE("midi-stream: window callbacks and the mapper", "[midi]") {
    HWND wnd = make_window();
    REQUIRE(wnd);
    UINT id = MIDI_MAPPER;
    HMIDISTRM s = nullptr;
    REQUIRE(midiStreamOpen(&s, &id, 1, reinterpret_cast<DWORD_PTR>(wnd), 0, CALLBACK_WINDOW) == MMSYSERR_NOERROR);
    Events e;
    e.add(0, MEVT_SHORTMSG, 0x00403C90, true);
    Header h(e);
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    clear_log();
    REQUIRE(midiStreamOut(s, &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    REQUIRE(midiStreamRestart(s) == MMSYSERR_NOERROR);
    REQUIRE(wait_done(h.hdr));
    CHECK(midiStreamClose(s) == MMSYSERR_NOERROR);
    auto m = pump(wnd, MM_MOM_OPEN, MM_MOM_POSITIONCB, 4);
    REQUIRE(m.size() == 4);
    CHECK(m[0].message == MM_MOM_OPEN);
    CHECK(m[1].message == MM_MOM_POSITIONCB);
    CHECK(m[1].lParam == reinterpret_cast<LPARAM>(&h.hdr));
    CHECK(m[2].message == MM_MOM_DONE);
    CHECK(m[3].message == MM_MOM_CLOSE);
    // The note, then the note-off the close sent for it (a closing stream ends the notes it started).
    auto r = records(midi_td::from_mod, MODM_DATA);
    REQUIRE(r.size() == 2);
    CHECK(r[0].device == MIDI_MAPPER);
    CHECK(r[1].device == MIDI_MAPPER);
    CHECK(r[1].p1 == 0x00003C80);
    DestroyWindow(wnd);
}

TEST_CASE("midi-stream: the time division may change while the stream plays", "[midi][decision]") {
    Callbacks cb;
    HMIDISTRM s = open_stream(cb);
    one_ms_ticks(s);
    Events e;
    e.add(0, MEVT_SHORTMSG, 0x00403C90);
    e.add(200, MEVT_SHORTMSG, 0x00003C80);
    Header h(e);
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(s), &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    clear_log();
    REQUIRE(midiStreamRestart(s) == MMSYSERR_NOERROR);
    int64_t out_before = qpc_now();
    REQUIRE(midiStreamOut(s, &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    int64_t out_after = qpc_now();
    Sleep(20);
    // 50 ticks per quarter at 100000 us: 2 ms per tick from now on, so the rest of the wait doubles.
    MIDIPROPTIMEDIV div = {sizeof(div), 50};
    int64_t set_before = qpc_now();
    CHECK(midiStreamProperty(s, reinterpret_cast<LPBYTE>(&div), MIDIPROP_SET | MIDIPROP_TIMEDIV) == MMSYSERR_NOERROR);
    int64_t set_after = qpc_now();
    REQUIRE(wait_done(h.hdr));
    auto p = played();
    REQUIRE(p.size() == 2);
    // Changed t ms after the clock started (at midiStreamOut): t ms at 1 ms per tick, then the remaining 200 - t
    // ticks at 2 ms, so the second event is due 400 - t ms after the start.
    double t_min = qpc_ms(set_before - out_after), t_max = qpc_ms(set_after - out_before);
    CHECK(qpc_ms(p[1].qpc - out_before) >= 400 - t_max - 1);
    CHECK(qpc_ms(p[1].qpc - out_after) <= 400 - t_min + kSlackMs);
    MIDIPROPTEMPO tempo = {sizeof(tempo), 0};
    CHECK(midiStreamProperty(s, reinterpret_cast<LPBYTE>(&tempo), MIDIPROP_SET | MIDIPROP_TEMPO) == MMSYSERR_INVALPARAM);
    CHECK(midiStreamClose(s) == MMSYSERR_NOERROR);
}

namespace {

struct CloseInCallback {
    HMIDISTRM stream = nullptr;
    MMRESULT close_result = 0xFFFF;
    std::vector<UINT> seen;
    HANDLE done = CreateEventW(nullptr, TRUE, FALSE, nullptr);
    static void CALLBACK proc(HMIDISTRM h, UINT msg, DWORD_PTR instance, DWORD_PTR, DWORD_PTR) {
        auto* self = reinterpret_cast<CloseInCallback*>(instance);
        self->seen.push_back(msg);
        if (msg == MOM_DONE) {
            self->close_result = midiStreamClose(h);
            SetEvent(self->done);
        }
    }
};

}  // namespace

TEST_CASE("midi-stream: closing from the stream's own MOM_DONE callback", "[midi]") {
    CloseInCallback c;
    UINT id = 0;
    REQUIRE(midiStreamOpen(&c.stream, &id, 1, reinterpret_cast<DWORD_PTR>(&CloseInCallback::proc),
                           reinterpret_cast<DWORD_PTR>(&c), CALLBACK_FUNCTION) == MMSYSERR_NOERROR);
    Events e;
    e.add(0, MEVT_SHORTMSG, 0x00403C90);
    Header h(e);
    REQUIRE(midiOutPrepareHeader(reinterpret_cast<HMIDIOUT>(c.stream), &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    REQUIRE(midiStreamOut(c.stream, &h.hdr, sizeof(h.hdr)) == MMSYSERR_NOERROR);
    REQUIRE(midiStreamRestart(c.stream) == MMSYSERR_NOERROR);
    REQUIRE(WaitForSingleObject(c.done, 3000) == WAIT_OBJECT_0);
    Sleep(50);
    CHECK(c.close_result == MMSYSERR_NOERROR);
    CHECK(c.seen == std::vector<UINT>{MOM_OPEN, MOM_DONE, MOM_CLOSE});
    CHECK(midiStreamClose(c.stream) == MMSYSERR_INVALHANDLE);
    CloseHandle(c.done);
}
