// Circuit breaker state machine and config validation, all on a controlled
// clock: every call gets its `now`, nothing sleeps.
#include "aip/resilience/circuit_breaker.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

namespace aip::test {
namespace {

using namespace std::chrono_literals;
using tp = circuit_breaker::time_point;

struct transition_record {
  circuit_state from;
  circuit_state to;
  std::string why;
};

// A breaker with the hook wired into a list, and helpers that admit and
// finish one call at a given time.
struct breaker_fixture : ::testing::Test {
  tp t0{};
  std::vector<transition_record> log;

  circuit_breaker make(circuit_breaker_config cfg) {
    circuit_breaker cb{cfg};
    cb.set_on_transition(
      [this](circuit_state from, circuit_state to, std::string_view why) {
        log.push_back({from, to, std::string{why}});
      });
    return cb;
  }

  static void succeed(circuit_breaker& cb, tp now) {
    auto a = cb.admit(now);
    ASSERT_TRUE(a.admitted) << to_string(a.reason);
    cb.record_success(now, a);
  }

  static void fail(circuit_breaker& cb, tp now) {
    auto a = cb.admit(now);
    ASSERT_TRUE(a.admitted) << to_string(a.reason);
    cb.record_failure(now, a);
  }
};

// Only the consecutive-failure trigger, so rate tests can switch it off.
circuit_breaker_config consecutive_only(int n) {
  circuit_breaker_config cfg;
  cfg.consecutive_failures = n;
  cfg.min_calls_in_window = 1'000'000;
  return cfg;
}

// Only the rate trigger.
circuit_breaker_config rate_only(double rate, size_t min_calls) {
  circuit_breaker_config cfg;
  cfg.consecutive_failures = 1'000'000;
  cfg.failure_rate = rate;
  cfg.min_calls_in_window = min_calls;
  return cfg;
}

using circuit_breaker_test = breaker_fixture;

TEST_F(circuit_breaker_test, starts_closed_and_admits) {
  auto cb = make({});
  EXPECT_EQ(cb.state(), circuit_state::closed);
  auto a = cb.admit(t0);
  EXPECT_TRUE(a.admitted);
  EXPECT_EQ(a.reason, rejection_reason::none);
  EXPECT_FALSE(a.probe);
  EXPECT_EQ(cb.in_flight(), 1);
  cb.record_success(t0, a);
  EXPECT_EQ(cb.in_flight(), 0);
  EXPECT_EQ(cb.counters().successes, 1u);
  EXPECT_TRUE(log.empty());
}

TEST_F(circuit_breaker_test, opens_after_n_consecutive_failures) {
  auto cb = make(consecutive_only(5));
  for (int i = 0; i < 4; ++i)
    fail(cb, t0 + i * 1ms);
  EXPECT_EQ(cb.state(), circuit_state::closed);
  fail(cb, t0 + 4ms);
  EXPECT_EQ(cb.state(), circuit_state::open);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].from, circuit_state::closed);
  EXPECT_EQ(log[0].to, circuit_state::open);
  EXPECT_EQ(log[0].why, "5 consecutive failures");
  EXPECT_EQ(cb.counters().failures, 5u);
}

TEST_F(circuit_breaker_test, a_success_resets_the_consecutive_count) {
  auto cb = make(consecutive_only(3));
  fail(cb, t0);
  fail(cb, t0);
  succeed(cb, t0);
  fail(cb, t0);
  fail(cb, t0);
  EXPECT_EQ(cb.state(), circuit_state::closed);
  fail(cb, t0);
  EXPECT_EQ(cb.state(), circuit_state::open);
}

TEST_F(circuit_breaker_test, open_rejects_with_retry_after_until_cool_down) {
  auto cfg = consecutive_only(1);
  cfg.open_for = 5s;
  auto cb = make(cfg);
  fail(cb, t0);
  ASSERT_EQ(cb.state(), circuit_state::open);
  auto a = cb.admit(t0 + 2s);
  EXPECT_FALSE(a.admitted);
  EXPECT_EQ(a.reason, rejection_reason::circuit_open);
  EXPECT_EQ(a.retry_after, 3s);
  a = cb.admit(t0 + 4999ms);
  EXPECT_FALSE(a.admitted);
  EXPECT_EQ(a.retry_after, 1ms);
  EXPECT_EQ(cb.counters().rejected_open, 2u);
  EXPECT_EQ(cb.state(), circuit_state::open);
  // Exactly at the end of the cool-down the breaker tries a probe.
  a = cb.admit(t0 + 5s);
  EXPECT_TRUE(a.admitted);
  EXPECT_TRUE(a.probe);
  EXPECT_EQ(cb.state(), circuit_state::half_open);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[1].from, circuit_state::open);
  EXPECT_EQ(log[1].to, circuit_state::half_open);
  EXPECT_EQ(log[1].why, "cool-down 5s passed");
}

TEST_F(circuit_breaker_test, stays_open_without_admit_calls) {
  auto cb = make(consecutive_only(1));
  fail(cb, t0);
  // state() has no clock: the cool-down is noticed by the next admit.
  EXPECT_EQ(cb.state(), circuit_state::open);
  EXPECT_TRUE(cb.admit(t0 + 1h).admitted);
  EXPECT_EQ(cb.state(), circuit_state::half_open);
}

TEST_F(circuit_breaker_test, half_open_admits_at_most_the_probe_limit) {
  auto cfg = consecutive_only(1);
  cfg.half_open_probes = 2;
  auto cb = make(cfg);
  fail(cb, t0);
  auto p1 = cb.admit(t0 + 5s);
  auto p2 = cb.admit(t0 + 5s);
  auto p3 = cb.admit(t0 + 5s);
  EXPECT_TRUE(p1.admitted && p1.probe);
  EXPECT_TRUE(p2.admitted && p2.probe);
  EXPECT_FALSE(p3.admitted);
  EXPECT_EQ(p3.reason, rejection_reason::circuit_open);
  EXPECT_EQ(p3.retry_after, 0s);
  EXPECT_EQ(cb.counters().rejected_open, 1u);
  EXPECT_EQ(cb.state(), circuit_state::half_open);
}

TEST_F(circuit_breaker_test, probe_success_closes_and_resets_counters) {
  auto cb = make(consecutive_only(2));
  fail(cb, t0);
  fail(cb, t0);
  auto probe = cb.admit(t0 + 5s);
  ASSERT_TRUE(probe.probe);
  cb.record_success(t0 + 6s, probe);
  EXPECT_EQ(cb.state(), circuit_state::closed);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[2].from, circuit_state::half_open);
  EXPECT_EQ(log[2].to, circuit_state::closed);
  EXPECT_EQ(log[2].why, "probe succeeded");
  // The two failures from before are forgotten: one more does not reopen.
  fail(cb, t0 + 6s);
  EXPECT_EQ(cb.state(), circuit_state::closed);
  fail(cb, t0 + 6s);
  EXPECT_EQ(cb.state(), circuit_state::open);
}

TEST_F(circuit_breaker_test, probe_failure_reopens_and_restarts_cool_down) {
  auto cb = make(consecutive_only(1));
  fail(cb, t0);
  auto probe = cb.admit(t0 + 5s);
  ASSERT_TRUE(probe.probe);
  cb.record_failure(t0 + 7s, probe);
  EXPECT_EQ(cb.state(), circuit_state::open);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[2].from, circuit_state::half_open);
  EXPECT_EQ(log[2].to, circuit_state::open);
  EXPECT_EQ(log[2].why, "probe failed");
  // The cool-down counts from the probe's failure (7 s), not from t0.
  auto a = cb.admit(t0 + 11s);
  EXPECT_FALSE(a.admitted);
  EXPECT_EQ(a.retry_after, 1s);
  EXPECT_TRUE(cb.admit(t0 + 12s).admitted);
  EXPECT_EQ(cb.state(), circuit_state::half_open);
}

TEST_F(circuit_breaker_test, late_reply_from_before_opening_is_not_a_probe) {
  auto cb = make(consecutive_only(1));
  auto slow = cb.admit(t0); // still in flight when the breaker opens
  fail(cb, t0);
  auto probe = cb.admit(t0 + 5s);
  ASSERT_TRUE(probe.probe);
  EXPECT_EQ(cb.in_flight(), 2);
  // The slow call times out while half-open: counted, slot released, but it
  // does not decide the probe.
  cb.record_failure(t0 + 6s, slow);
  EXPECT_EQ(cb.state(), circuit_state::half_open);
  EXPECT_EQ(cb.in_flight(), 1);
  EXPECT_EQ(cb.counters().failures, 2u);
  cb.record_success(t0 + 6s, probe);
  EXPECT_EQ(cb.state(), circuit_state::closed);
}

TEST_F(circuit_breaker_test, rate_trips_once_min_calls_are_in_the_window) {
  auto cb = make(rate_only(0.5, 20));
  // 19 calls, all failures: below min_calls nothing happens whatever the
  // rate (the consecutive trigger is off here).
  for (int i = 0; i < 19; ++i)
    fail(cb, t0 + i * 100ms);
  EXPECT_EQ(cb.state(), circuit_state::closed);
  // The 20th call, even a success, brings the window to min_calls at 95%.
  succeed(cb, t0 + 1900ms);
  EXPECT_EQ(cb.state(), circuit_state::open);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].why, "failure rate 95% over 10s (20 calls)");
}

TEST_F(circuit_breaker_test, rate_below_threshold_stays_closed) {
  auto cb = make(rate_only(0.5, 20));
  // 26 calls, every third one fails: 35% at the 20th call, 9 of 26 (35%)
  // at the end.
  for (int i = 0; i < 26; ++i) {
    if (i % 3 == 0)
      fail(cb, t0 + i * 10ms);
    else
      succeed(cb, t0 + i * 10ms);
  }
  EXPECT_EQ(cb.state(), circuit_state::closed);
  EXPECT_EQ(cb.counters().failures, 9u);
  EXPECT_EQ(cb.counters().successes, 17u);
}

TEST_F(circuit_breaker_test, rate_reason_names_percent_window_and_calls) {
  auto cb = make(rate_only(0.6, 26));
  // 10 successes, then 16 failures: at the 26th call the rate is 16/26.
  for (int i = 0; i < 10; ++i)
    succeed(cb, t0);
  for (int i = 0; i < 16; ++i)
    fail(cb, t0 + 1s);
  EXPECT_EQ(cb.state(), circuit_state::open);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].why, "failure rate 62% over 10s (26 calls)");
}

TEST_F(circuit_breaker_test, old_failures_slide_out_of_the_window) {
  auto cb = make(rate_only(0.5, 10));
  // 9 failures at t0: not enough calls yet.
  for (int i = 0; i < 9; ++i)
    fail(cb, t0);
  // 11 s later they have left the 10 s window; 9 successes and 1 failure
  // make 10 calls at 10%, so the breaker stays closed. Had the old failures
  // still counted, 10 of 19 would have tripped it.
  for (int i = 0; i < 9; ++i)
    succeed(cb, t0 + 11s);
  fail(cb, t0 + 11s);
  EXPECT_EQ(cb.state(), circuit_state::closed);
}

TEST_F(circuit_breaker_test, failures_still_in_the_window_count) {
  auto cb = make(rate_only(0.5, 10));
  for (int i = 0; i < 9; ++i)
    fail(cb, t0);
  // 5 s later the failures are still in the window: the 10th call trips.
  succeed(cb, t0 + 5s);
  EXPECT_EQ(cb.state(), circuit_state::open);
  EXPECT_EQ(log.at(0).why, "failure rate 90% over 10s (10 calls)");
}

TEST_F(circuit_breaker_test, window_slides_bucket_by_bucket) {
  auto cb = make(rate_only(0.5, 4));
  // Failures at 0 s and 3 s, successes at 9 s: at 10.5 s the 0 s bucket
  // has left (10 buckets of 1 s), the 3 s one has not.
  fail(cb, t0);
  fail(cb, t0 + 3s);
  succeed(cb, t0 + 9s);
  EXPECT_EQ(cb.state(), circuit_state::closed); // 3 calls < 4
  succeed(cb, t0 + 10500ms);
  // Window now holds: 3 s fail, 9 s ok, 10.5 s ok = 3 calls < 4.
  EXPECT_EQ(cb.state(), circuit_state::closed);
  fail(cb, t0 + 10500ms);
  // 4 calls, 2 failures = 50%: trips.
  EXPECT_EQ(cb.state(), circuit_state::open);
  EXPECT_EQ(log.at(0).why, "failure rate 50% over 10s (4 calls)");
}

TEST_F(circuit_breaker_test, bulkhead_full_rejects_and_releases) {
  circuit_breaker_config cfg;
  cfg.max_concurrent = 2;
  auto cb = make(cfg);
  auto a = cb.admit(t0);
  auto b = cb.admit(t0);
  ASSERT_TRUE(a.admitted && b.admitted);
  auto c = cb.admit(t0);
  EXPECT_FALSE(c.admitted);
  EXPECT_EQ(c.reason, rejection_reason::bulkhead_full);
  EXPECT_EQ(c.retry_after, 0s);
  EXPECT_EQ(cb.counters().rejected_bulkhead, 1u);
  // A failure releases a slot just as a success does.
  cb.record_failure(t0 + 1ms, a);
  auto d = cb.admit(t0 + 1ms);
  EXPECT_TRUE(d.admitted);
  EXPECT_FALSE(cb.admit(t0 + 1ms).admitted);
  cb.record_success(t0 + 2ms, b);
  cb.record_success(t0 + 2ms, d);
  EXPECT_EQ(cb.in_flight(), 0);
  EXPECT_TRUE(cb.admit(t0 + 2ms).admitted);
  EXPECT_EQ(cb.counters().rejected_bulkhead, 2u);
  EXPECT_EQ(cb.state(), circuit_state::closed); // bulkhead never trips
}

TEST_F(circuit_breaker_test, zero_max_concurrent_is_unlimited) {
  auto cb = make({});
  for (int i = 0; i < 10'000; ++i)
    ASSERT_TRUE(cb.admit(t0).admitted);
  EXPECT_EQ(cb.in_flight(), 10'000);
}

TEST_F(circuit_breaker_test, transitions_report_every_step_in_order) {
  auto cfg = consecutive_only(2);
  cfg.open_for = 1s;
  auto cb = make(cfg);
  fail(cb, t0);
  fail(cb, t0);
  fail(cb, t0 + 1s); // probe fails
  fail(cb, t0 + 2s); // probe fails again
  succeed(cb, t0 + 3s); // probe succeeds
  std::vector<std::string> seen;
  for (auto& r : log)
    seen.push_back(std::string{to_string(r.from)} + "->"
                   + std::string{to_string(r.to)} + ": " + r.why);
  EXPECT_EQ(seen, (std::vector<std::string>{
                    "closed->open: 2 consecutive failures",
                    "open->half_open: cool-down 1s passed",
                    "half_open->open: probe failed",
                    "open->half_open: cool-down 1s passed",
                    "half_open->open: probe failed",
                    "open->half_open: cool-down 1s passed",
                    "half_open->closed: probe succeeded",
                  }));
}

TEST_F(circuit_breaker_test, works_without_a_hook) {
  circuit_breaker cb{consecutive_only(1)};
  fail(cb, t0);
  EXPECT_EQ(cb.state(), circuit_state::open);
}

TEST(circuit_breaker_names, states_and_reasons) {
  EXPECT_EQ(to_string(circuit_state::closed), "closed");
  EXPECT_EQ(to_string(circuit_state::open), "open");
  EXPECT_EQ(to_string(circuit_state::half_open), "half_open");
  EXPECT_EQ(to_string(rejection_reason::none), "none");
  EXPECT_EQ(to_string(rejection_reason::circuit_open), "circuit_open");
  EXPECT_EQ(to_string(rejection_reason::bulkhead_full), "bulkhead_full");
}

// Config validation: each field's message names the field and its range.

std::string error_of(circuit_breaker_config cfg) {
  return cfg.validate().value_or("<valid>");
}

TEST(circuit_breaker_config_test, defaults_are_valid_and_as_documented) {
  circuit_breaker_config cfg;
  EXPECT_EQ(cfg.validate(), std::nullopt);
  EXPECT_EQ(cfg.consecutive_failures, 5);
  EXPECT_EQ(cfg.failure_rate, 0.5);
  EXPECT_EQ(cfg.min_calls_in_window, 20u);
  EXPECT_EQ(cfg.window, 10s);
  EXPECT_EQ(cfg.open_for, 5s);
  EXPECT_EQ(cfg.half_open_probes, 1);
  EXPECT_EQ(cfg.max_concurrent, 0);
}

TEST(circuit_breaker_config_test, messages_name_the_field) {
  circuit_breaker_config c;
  c.failure_rate = 1.5;
  EXPECT_EQ(error_of(c), "failure_rate: expected 0 < x <= 1, got 1.5");
  c.failure_rate = 0;
  EXPECT_EQ(error_of(c), "failure_rate: expected 0 < x <= 1, got 0");
  c.failure_rate = 1; // every call failed: still a meaningful threshold
  EXPECT_EQ(error_of(c), "<valid>");

  c = {};
  c.consecutive_failures = 0;
  EXPECT_EQ(error_of(c), "consecutive_failures: expected x >= 1, got 0");
  c = {};
  c.min_calls_in_window = 0;
  EXPECT_EQ(error_of(c), "min_calls_in_window: expected x >= 1, got 0");
  c = {};
  c.window = 0s;
  EXPECT_EQ(error_of(c), "window: expected x > 0, got 0ns");
  c = {};
  c.open_for = -1s;
  EXPECT_EQ(error_of(c), "open_for: expected x > 0, got -1s");
  c = {};
  c.half_open_probes = 0;
  EXPECT_EQ(error_of(c), "half_open_probes: expected x >= 1, got 0");
  c = {};
  c.max_concurrent = -3;
  EXPECT_EQ(error_of(c),
            "max_concurrent: expected x >= 0 (0 = unlimited), got -3");
}

TEST(circuit_breaker_config_test, nan_rate_is_rejected) {
  circuit_breaker_config c;
  c.failure_rate = std::numeric_limits<double>::quiet_NaN();
  ASSERT_TRUE(c.validate());
  EXPECT_EQ(c.validate()->rfind("failure_rate: ", 0), 0u);
}

} // namespace
} // namespace aip::test
