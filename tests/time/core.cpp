// The portable core of the time subsystem (dlls/winmm/time/timer_queue.*, period_table.*), compiled into this
// test: the schedule on a clock the test drives, so drift, catch-up and id reuse are checked exactly.
#include <catch.hpp>

#include <set>

#include "period_table.h"
#include "timer_queue.h"

using namespace winmm::time;

namespace {

constexpr Ticks ms = ticks_per_ms;

TimerSpec every(uint32_t period_ms) {
    TimerSpec s;
    s.delay_ms = period_ms;
    s.periodic = true;
    return s;
}

TimerSpec once(uint32_t delay_ms) {
    TimerSpec s;
    s.delay_ms = delay_ms;
    return s;
}

}  // namespace

TEST_CASE("core: a periodic timer's n-th tick is due at start + n x period, however late it fires", "[time]") {
    TimerQueue q;
    const Ticks start = 1000 * ms;
    const uint16_t id = q.add(every(10), start);
    REQUIRE(id != 0);
    CHECK(*q.next_due() == start + 10 * ms);
    CHECK_FALSE(q.pop_due(start + 9 * ms));
    // Fired 3 ms late: the next tick is still at start + 20 ms, not 23.
    auto f = q.pop_due(start + 13 * ms);
    REQUIRE(f);
    CHECK(f->id == id);
    CHECK(*q.next_due() == start + 20 * ms);
    // 45 ms late: the missed ticks (20, 30, 40, 50) come back to back, then the grid continues at 60.
    const Ticks late = start + 55 * ms;
    int caught_up = 0;
    while (q.pop_due(late)) ++caught_up;
    CHECK(caught_up == 4);
    CHECK(*q.next_due() == start + 60 * ms);
}

TEST_CASE("core: more than the catch-up limit behind, a timer skips to its next grid tick", "[time]") {
    TimerQueue q;
    const Ticks start = 0;
    q.add(every(10), start);
    const Ticks now = start + catch_up_limit + 505 * ms;
    REQUIRE(q.pop_due(now));  // the overdue tick itself is delivered once
    CHECK(*q.next_due() == start + (catch_up_limit / ms + 510) * ms);
    CHECK_FALSE(q.pop_due(now));
}

TEST_CASE("core: timers due together fire in creation order; earlier due first", "[time]") {
    TimerQueue q;
    const uint16_t late = q.add(once(30), 0);
    const uint16_t a = q.add(once(20), 0);
    const uint16_t b = q.add(once(20), 0);
    std::vector<uint16_t> order;
    while (auto f = q.pop_due(100 * ms)) order.push_back(f->id);
    CHECK(order == std::vector<uint16_t>{a, b, late});
}

TEST_CASE("core: a fired one-shot stays registered until removed, and is not scheduled again", "[time]") {
    TimerQueue q;
    const uint16_t id = q.add(once(5), 0);
    REQUIRE(q.pop_due(5 * ms));
    CHECK(q.contains(id));
    CHECK_FALSE(q.next_due());
    CHECK(q.remove(id));
    CHECK_FALSE(q.remove(id));
    CHECK(q.size() == 0);
}

TEST_CASE("core: removing a timer unschedules it", "[time]") {
    TimerQueue q;
    const uint16_t a = q.add(every(10), 0);
    const uint16_t b = q.add(every(15), 0);
    TimerSpec spec;
    REQUIRE(q.remove(a, &spec));
    CHECK(spec.delay_ms == 10);
    CHECK(*q.next_due() == 15 * ms);
    auto f = q.pop_due(100 * ms);
    REQUIRE(f);
    CHECK(f->id == b);
    CHECK_FALSE(q.remove(0));
    CHECK_FALSE(q.remove(a));
}

TEST_CASE("core: ids count up, wrap within 16 bits, skip live ids, and run out at 65535 live timers", "[time]") {
    TimerQueue q;
    const uint16_t first = q.add(once(1000), 0);
    CHECK(first == 1);
    q.remove(first);
    CHECK(q.add(once(1000), 0) == 2);  // not the id just freed
    std::set<uint16_t> ids{2};
    for (int i = 0; i < 65534; ++i) ids.insert(q.add(once(1000), 0));
    CHECK(ids.size() == 65535);
    CHECK(ids.count(0) == 0);
    CHECK(q.add(once(1000), 0) == 0);  // every id is live
    q.remove(7);
    CHECK(q.add(once(1000), 0) == 7);  // the only free one
}

TEST_CASE("core: period requests are counted per period and per requester", "[time]") {
    PeriodTable t;
    CHECK(t.finest() == 0);
    CHECK_FALSE(t.end(5, Requester::application));
    t.begin(5, Requester::application);
    t.begin(5, Requester::application);
    t.begin(2, Requester::timers);
    CHECK(t.finest() == 2);
    CHECK_FALSE(t.end(2, Requester::application));  // the timers' request is not the application's
    CHECK(t.end(2, Requester::timers));
    CHECK(t.finest() == 5);
    CHECK(t.end(5, Requester::application));
    CHECK(t.finest() == 5);
    CHECK(t.end(5, Requester::application));
    CHECK(t.finest() == 0);
    CHECK_FALSE(t.end(5, Requester::application));
}
