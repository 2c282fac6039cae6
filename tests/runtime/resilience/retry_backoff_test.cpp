// Retry backoff delays (growth, cap, jitter, determinism) and the retry
// budget (exhaustion and refill) on a controlled clock.
#include "aip/resilience/retry_backoff.hpp"
#include "aip/resilience/retry_budget.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <set>

namespace aip::test {
namespace {

using namespace std::chrono_literals;
using tp = retry_budget::time_point;

// The value of `random` that picks the middle of the jitter range (factor 1).
constexpr uint64_t no_jitter = uint64_t{1} << 63;

retry_backoff without_jitter() {
  retry_backoff b;
  b.jitter = 0;
  return b;
}

TEST(retry_backoff_test, defaults_are_valid_and_as_documented) {
  retry_backoff b;
  EXPECT_EQ(b.validate(), std::nullopt);
  EXPECT_EQ(b.initial, 50ms);
  EXPECT_EQ(b.multiplier, 2.0);
  EXPECT_EQ(b.max_delay, 5s);
  EXPECT_EQ(b.jitter, 0.2);
  EXPECT_EQ(b.max_attempts, 3);
}

TEST(retry_backoff_test, delay_grows_by_the_multiplier) {
  auto b = without_jitter();
  EXPECT_EQ(b.next_delay(1, 12345), 50ms);
  EXPECT_EQ(b.next_delay(2, 12345), 100ms);
  EXPECT_EQ(b.next_delay(3, 12345), 200ms);
  EXPECT_EQ(b.next_delay(4, 12345), 400ms);
  b.multiplier = 1.5;
  EXPECT_EQ(b.next_delay(3, 0), 112500us);
  b.multiplier = 1; // constant backoff
  EXPECT_EQ(b.next_delay(7, 0), 50ms);
}

TEST(retry_backoff_test, delay_is_capped_at_max_delay) {
  auto b = without_jitter();
  EXPECT_EQ(b.next_delay(7, 0), 3200ms);
  EXPECT_EQ(b.next_delay(8, 0), 5s); // 6.4 s capped
  EXPECT_EQ(b.next_delay(100, 0), 5s);
  // 2^10000 overflows a double to infinity; still capped, no UB.
  EXPECT_EQ(b.next_delay(10'000, 0), 5s);
  // With jitter the cap still holds: at the cap, jitter only shortens.
  retry_backoff j;
  EXPECT_EQ(j.next_delay(100, std::numeric_limits<uint64_t>::max()), 5s);
  EXPECT_EQ(j.next_delay(100, 0), 4s);
}

TEST(retry_backoff_test, jitter_stays_within_bounds_and_covers_them) {
  retry_backoff b; // +-20%
  std::mt19937_64 rng{42};
  auto base = 200ms; // attempt 3
  duration lo = duration::max();
  duration hi = duration::min();
  for (int i = 0; i < 10'000; ++i) {
    auto d = b.next_delay(3, rng());
    ASSERT_GE(d, 160ms);
    ASSERT_LE(d, 240ms);
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  // Both ends of the range are reached (to within 1%).
  EXPECT_LT(lo, 162ms);
  EXPECT_GT(hi, 238ms);
  // The extremes of `random` map to the extremes of the range.
  EXPECT_EQ(b.next_delay(3, 0), 160ms);
  EXPECT_EQ(b.next_delay(3, no_jitter), base);
  EXPECT_LE(b.next_delay(3, std::numeric_limits<uint64_t>::max()), 240ms);
  EXPECT_GT(b.next_delay(3, std::numeric_limits<uint64_t>::max()), 239ms);
}

TEST(retry_backoff_test, same_inputs_give_same_delay) {
  retry_backoff b;
  std::mt19937_64 rng{7};
  std::set<duration> distinct;
  for (int i = 0; i < 100; ++i) {
    auto r = rng();
    auto d = b.next_delay(2, r);
    EXPECT_EQ(d, b.next_delay(2, r));
    EXPECT_EQ(d, retry_backoff{}.next_delay(2, r));
    distinct.insert(d);
  }
  // ...and different random inputs actually jitter.
  EXPECT_GT(distinct.size(), 90u);
}

TEST(retry_backoff_test, max_attempts_counts_the_original_call) {
  retry_backoff b; // 3 attempts = 1 call + 2 retries
  EXPECT_TRUE(b.may_retry(1));
  EXPECT_TRUE(b.may_retry(2));
  EXPECT_FALSE(b.may_retry(3));
  b.max_attempts = 1; // no retries at all
  EXPECT_FALSE(b.may_retry(1));
}

std::string error_of(const retry_backoff& b) {
  return b.validate().value_or("<valid>");
}

TEST(retry_backoff_test, validation_messages_name_the_field) {
  retry_backoff b;
  b.initial = 0s;
  EXPECT_EQ(error_of(b), "initial: expected x > 0, got 0ns");
  b = {};
  b.multiplier = 0.5;
  EXPECT_EQ(error_of(b), "multiplier: expected x >= 1, got 0.5");
  b = {};
  b.max_delay = 10ms;
  EXPECT_EQ(error_of(b), "max_delay: expected x >= initial (50ms), got 10ms");
  b = {};
  b.jitter = 1;
  EXPECT_EQ(error_of(b), "jitter: expected 0 <= x < 1, got 1");
  b.jitter = -0.1;
  EXPECT_EQ(error_of(b), "jitter: expected 0 <= x < 1, got -0.1");
  b = {};
  b.max_attempts = 0;
  EXPECT_EQ(error_of(b), "max_attempts: expected x >= 1, got 0");
}

// Retry budget.

retry_budget_config ratio_only(double ratio) {
  retry_budget_config cfg;
  cfg.ratio = ratio;
  cfg.min_per_second = 0;
  return cfg;
}

TEST(retry_budget_test, defaults_are_valid_and_as_documented) {
  retry_budget_config cfg;
  EXPECT_EQ(cfg.validate(), std::nullopt);
  EXPECT_EQ(cfg.ratio, 0.1);
  EXPECT_EQ(cfg.min_per_second, 10.0);
  EXPECT_EQ(cfg.window, 10s);
  // The floor alone: 10 per second over 10 s.
  EXPECT_EQ(retry_budget{cfg}.available(tp{}), 100u);
}

TEST(retry_budget_test, empty_budget_refuses) {
  retry_budget rb{ratio_only(0.1)};
  EXPECT_EQ(rb.available(tp{}), 0u);
  EXPECT_FALSE(rb.try_spend(tp{}));
}

TEST(retry_budget_test, ratio_allows_one_retry_per_ten_requests) {
  retry_budget rb{ratio_only(0.1)};
  tp t0{};
  for (int i = 0; i < 9; ++i)
    rb.deposit(t0);
  EXPECT_FALSE(rb.try_spend(t0)); // 0.9 tokens
  rb.deposit(t0);
  EXPECT_TRUE(rb.try_spend(t0)); // 1.0 token
  EXPECT_FALSE(rb.try_spend(t0)); // exhausted
  for (int i = 0; i < 20; ++i)
    rb.deposit(t0 + 1s);
  EXPECT_EQ(rb.available(t0 + 1s), 2u);
  EXPECT_TRUE(rb.try_spend(t0 + 1s));
  EXPECT_TRUE(rb.try_spend(t0 + 1s));
  EXPECT_FALSE(rb.try_spend(t0 + 1s));
}

TEST(retry_budget_test, min_per_second_is_a_floor) {
  retry_budget_config cfg;
  cfg.ratio = 0.1;
  cfg.min_per_second = 0.5; // 5 per 10 s window
  retry_budget rb{cfg};
  tp t0{};
  for (int i = 0; i < 5; ++i)
    EXPECT_TRUE(rb.try_spend(t0)) << i;
  EXPECT_FALSE(rb.try_spend(t0));
  // Deposits add on top of the floor.
  for (int i = 0; i < 10; ++i)
    rb.deposit(t0);
  EXPECT_TRUE(rb.try_spend(t0));
  EXPECT_FALSE(rb.try_spend(t0));
}

TEST(retry_budget_test, refills_as_spent_retries_leave_the_window) {
  retry_budget_config cfg;
  cfg.ratio = 0;
  cfg.min_per_second = 1; // 10 per 10 s window
  retry_budget rb{cfg};
  tp t0{};
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(rb.try_spend(t0 + i * 100ms));
  EXPECT_FALSE(rb.try_spend(t0 + 5s));
  EXPECT_EQ(rb.available(t0 + 9s), 0u);
  // All ten were spent in the first 1 s bucket; it leaves at 10 s.
  EXPECT_EQ(rb.available(t0 + 10s), 10u);
  EXPECT_TRUE(rb.try_spend(t0 + 10s));
  EXPECT_EQ(rb.available(t0 + 10s), 9u);
}

TEST(retry_budget_test, old_deposits_stop_counting) {
  retry_budget rb{ratio_only(0.1)};
  tp t0{};
  for (int i = 0; i < 30; ++i)
    rb.deposit(t0);
  EXPECT_EQ(rb.available(t0 + 9s), 3u);
  // The requests that earned the tokens are 10 s old: the tokens expire.
  EXPECT_EQ(rb.available(t0 + 10s), 0u);
  EXPECT_FALSE(rb.try_spend(t0 + 10s));
}

TEST(retry_budget_test, validation_messages_name_the_field) {
  retry_budget_config c;
  c.ratio = -1;
  EXPECT_EQ(c.validate().value_or(""),
            "ratio: expected 0 <= x <= 1000, got -1");
  c = {};
  c.min_per_second = -2;
  EXPECT_EQ(c.validate().value_or(""),
            "min_per_second: expected 0 <= x <= 1e9, got -2");
  c = {};
  c.window = 0s;
  EXPECT_EQ(c.validate().value_or(""), "window: expected x > 0, got 0ns");
}

} // namespace
} // namespace aip::test
