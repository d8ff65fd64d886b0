// The portable header queue: order, loops, BreakLoop, when headers finish. No audio: the test plays the role of
// the device, taking bytes and reporting how many were played.
#include <catch.hpp>

#include <string>
#include <vector>

#include "header_queue.h"

using winmm::wave::HeaderQueue;

namespace {

// Drains the queue in steps of `step` bytes and returns the byte stream the device got.
std::string drain(HeaderQueue& q, size_t step) {
    std::string out;
    for (;;) {
        HeaderQueue::Chunk c = q.next(step);
        if (!c.bytes) break;
        out.append(reinterpret_cast<const char*>(c.data), c.bytes);
        q.consume(c.bytes);
    }
    return out;
}

WAVEHDR hdr(std::string& s, DWORD flags = 0, DWORD loops = 0) {
    WAVEHDR h = {};
    h.lpData = &s[0];
    h.dwBufferLength = static_cast<DWORD>(s.size());
    h.dwFlags = flags | WHDR_PREPARED | WHDR_INQUEUE;
    h.dwLoops = loops;
    return h;
}

}  // namespace

TEST_CASE("headers play in order and finish when their last byte is played") {
    std::string a = "aaaa", b = "bbbbbb", c = "cc";
    WAVEHDR ha = hdr(a), hb = hdr(b), hc = hdr(c);
    HeaderQueue q(2);
    q.push(&ha);
    q.push(&hb);
    q.push(&hc);
    CHECK(drain(q, 4) == "aaaabbbbbbcc");
    CHECK(q.written() == 12);
    std::vector<WAVEHDR*> done;
    q.take_finished(3, done);
    CHECK(done.empty());
    q.take_finished(4, done);
    REQUIRE(done.size() == 1);
    CHECK(done[0] == &ha);
    q.take_finished(12, done);
    REQUIRE(done.size() == 3);
    CHECK(done[1] == &hb);
    CHECK(done[2] == &hc);
    CHECK(q.empty());
}

TEST_CASE("a partial frame at a header's end is not played") {
    std::string a = "aaaaa";
    WAVEHDR ha = hdr(a);
    HeaderQueue q(2);
    q.push(&ha);
    CHECK(drain(q, 100) == "aaaa");
    std::vector<WAVEHDR*> done;
    q.take_finished(4, done);
    CHECK(done.size() == 1);
}

TEST_CASE("loops: dwLoops passes from BEGINLOOP to ENDLOOP; headers of the loop finish after the last pass") {
    std::string a = "AA", b = "BB", c = "CC", d = "DD";
    WAVEHDR ha = hdr(a), hb = hdr(b, WHDR_BEGINLOOP, 3), hc = hdr(c, WHDR_ENDLOOP), hd = hdr(d);
    HeaderQueue q(1);
    for (WAVEHDR* h : {&ha, &hb, &hc, &hd}) q.push(h);
    CHECK(drain(q, 1) == "AABBCCBBCCBBCCDD");
    std::vector<WAVEHDR*> done;
    q.take_finished(13, done);
    REQUIRE(done.size() == 2);  // A, and B after its third pass (ends at 12)
    q.take_finished(14, done);
    CHECK(done.size() == 3);
    q.take_finished(16, done);
    CHECK(done.size() == 4);
}

TEST_CASE("a single header with both loop flags repeats itself; zero loops plays once") {
    std::string a = "xy";
    WAVEHDR ha = hdr(a, WHDR_BEGINLOOP | WHDR_ENDLOOP, 4);
    HeaderQueue q(1);
    q.push(&ha);
    CHECK(drain(q, 64) == "xyxyxyxy");
    std::string b = "zz";
    WAVEHDR hb = hdr(b, WHDR_BEGINLOOP | WHDR_ENDLOOP, 0);
    HeaderQueue q2(1);
    q2.push(&hb);
    CHECK(drain(q2, 64) == "zz");
}

TEST_CASE("ENDLOOP without BEGINLOOP is ignored; nested BEGINLOOP is ignored") {
    std::string a = "a", b = "b", c = "c";
    WAVEHDR ha = hdr(a, WHDR_ENDLOOP), hb = hdr(b, WHDR_BEGINLOOP, 2), hc = hdr(c, WHDR_BEGINLOOP | WHDR_ENDLOOP, 5);
    HeaderQueue q(1);
    for (WAVEHDR* h : {&ha, &hb, &hc}) q.push(h);
    CHECK(drain(q, 64) == "abcbc");
}

TEST_CASE("break_loop ends the loop after the current pass") {
    std::string a = "ab", b = "cd";
    WAVEHDR ha = hdr(a, WHDR_BEGINLOOP, 100), hb = hdr(b, WHDR_ENDLOOP);
    HeaderQueue q(1);
    q.push(&ha);
    q.push(&hb);
    std::string got;
    for (int i = 0; i < 5; ++i) {  // a pass and a half
        HeaderQueue::Chunk c = q.next(1);
        got.append(reinterpret_cast<const char*>(c.data), c.bytes);
        q.consume(c.bytes);
    }
    q.break_loop();
    got += drain(q, 1);
    CHECK(got == "abcdabcd");
    std::vector<WAVEHDR*> done;
    q.take_finished(8, done);
    CHECK(done.size() == 2);
    CHECK(q.empty());
}

TEST_CASE("take_all returns every header in order and starts the positions again") {
    std::string a = "aaaa", b = "bbbb";
    WAVEHDR ha = hdr(a), hb = hdr(b);
    HeaderQueue q(1);
    q.push(&ha);
    q.push(&hb);
    HeaderQueue::Chunk c = q.next(2);
    q.consume(c.bytes);
    std::vector<WAVEHDR*> all;
    q.take_all(all);
    REQUIRE(all.size() == 2);
    CHECK(all[0] == &ha);
    CHECK(q.empty());
    CHECK(q.written() == 0);
    CHECK(q.next(10).bytes == 0);
}
