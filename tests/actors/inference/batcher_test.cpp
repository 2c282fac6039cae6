// The dynamic-batching policy under a chosen clock: batches leave when full
// by count or tokens or when the oldest request has waited max_delay, in
// arrival order; a request alone above the budget still runs; expired
// requests are handed back, never batched; a full queue refuses with a
// retry-after that follows the measured service time.
#include <gtest/gtest.h>

#include "aip/actors/inference/batcher.hpp"

namespace aip {
namespace {

using namespace std::chrono_literals;

constexpr int64_t ms = 1'000'000;

batch_limits limits(size_t max_batch, size_t budget, size_t queue = 100) {
  batch_limits l;
  l.max_batch = max_batch;
  l.token_budget = budget;
  l.max_queue = queue;
  l.max_delay = 2ms;
  return l;
}

TEST(Batcher, WaitsForTheDelayThenCutsInArrivalOrder) {
  batcher b{limits(8, 1000)};
  EXPECT_FALSE(b.due_at());
  ASSERT_TRUE(b.push(1, 10, 0, 0));
  ASSERT_TRUE(b.push(2, 10, 0, 1 * ms));
  EXPECT_FALSE(b.ready(1 * ms));
  EXPECT_EQ(*b.due_at(), 2 * ms);
  EXPECT_TRUE(b.ready(2 * ms));
  std::vector<uint64_t> batch, expired;
  b.take(2 * ms, batch, expired);
  EXPECT_EQ(batch, (std::vector<uint64_t>{1, 2}));
  EXPECT_TRUE(expired.empty());
  EXPECT_EQ(b.queued(), 0u);
  EXPECT_EQ(b.queued_tokens(), 0u);
}

TEST(Batcher, FullByCountOrTokensLeavesAtOnce) {
  batcher by_count{limits(3, 1000)};
  for (uint64_t i = 1; i <= 4; ++i)
    by_count.push(i, 1, 0, 0);
  EXPECT_TRUE(by_count.ready(0));
  std::vector<uint64_t> batch, expired;
  by_count.take(0, batch, expired);
  EXPECT_EQ(batch, (std::vector<uint64_t>{1, 2, 3}));
  EXPECT_EQ(by_count.queued(), 1u);

  batcher by_tokens{limits(64, 100)};
  by_tokens.push(1, 60, 0, 0);
  EXPECT_FALSE(by_tokens.ready(0));
  by_tokens.push(2, 50, 0, 0);
  EXPECT_TRUE(by_tokens.ready(0));
  batch.clear();
  by_tokens.take(0, batch, expired);
  // 60 + 50 would exceed the budget: the second waits for the next batch.
  EXPECT_EQ(batch, (std::vector<uint64_t>{1}));
  EXPECT_EQ(by_tokens.queued_tokens(), 50u);
}

TEST(Batcher, ARequestAboveTheBudgetRunsAlone) {
  batcher b{limits(64, 100)};
  b.push(1, 500, 0, 0);
  b.push(2, 5, 0, 0);
  std::vector<uint64_t> batch, expired;
  b.take(0, batch, expired);
  EXPECT_EQ(batch, (std::vector<uint64_t>{1}));
  batch.clear();
  b.take(0, batch, expired);
  EXPECT_EQ(batch, (std::vector<uint64_t>{2}));
}

TEST(Batcher, ExpiredRequestsAreHandedBackNotBatched) {
  batcher b{limits(8, 1000)};
  b.push(1, 1, 1 * ms, 0);      // expires at 1 ms
  b.push(2, 1, 0, 0);           // no deadline
  b.push(3, 1, 10 * ms, 0);
  b.push(4, 1, 2 * ms, 0);
  std::vector<uint64_t> expired;
  b.drop_expired(2 * ms, expired);
  EXPECT_EQ(expired, (std::vector<uint64_t>{1, 4}));
  EXPECT_EQ(b.queued(), 2u);
  b.push(5, 1, 3 * ms, 0);
  std::vector<uint64_t> batch;
  expired.clear();
  b.take(5 * ms, batch, expired);
  EXPECT_EQ(batch, (std::vector<uint64_t>{2, 3}));
  EXPECT_EQ(expired, (std::vector<uint64_t>{5}));
  EXPECT_EQ(b.queued_tokens(), 0u);
}

TEST(Batcher, FullQueueRefusesWithAServiceTimeEstimate) {
  batcher b{limits(4, 1000, 8)};
  for (uint64_t i = 0; i < 8; ++i)
    ASSERT_TRUE(b.push(i, 1, 0, 0));
  EXPECT_FALSE(b.push(99, 1, 0, 0));
  EXPECT_EQ(b.queued(), 8u);
  // No batch measured yet: at least the max delay.
  EXPECT_EQ(b.retry_after(), 2ms);
  b.record_service(30ms);
  // Two batches of four ahead at 30 ms each.
  EXPECT_EQ(b.retry_after(), 60ms);
  std::vector<uint64_t> batch, expired;
  b.take(0, batch, expired);
  EXPECT_TRUE(b.push(99, 1, 0, 0));
}

TEST(Batcher, ZeroCostCountsAsOneToken) {
  batcher b{limits(64, 2)};
  b.push(1, 0, 0, 0);
  b.push(2, 0, 0, 0);
  EXPECT_EQ(b.queued_tokens(), 2u);
  EXPECT_TRUE(b.ready(0));
}

} // namespace
} // namespace aip
