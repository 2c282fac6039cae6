#pragma once
/// The dynamic-batching policy of the inference agent, apart from any actor
/// or clock so tests drive it with chosen times. Requests wait in one FIFO
/// queue (bounded: `max_queue`) and leave in batches of at most `max_batch`
/// requests and `token_budget` tokens; a batch is cut as soon as it is full,
/// or when its oldest request has waited `max_delay`. A request whose
/// deadline passed while waiting is handed back as expired, never run.
/// Owned by one actor; not thread-safe.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>
#include <vector>

#include "aip/core/duration.hpp"

namespace aip {

struct batch_limits {
  size_t max_batch = 64;
  duration max_delay = std::chrono::milliseconds{2};
  size_t token_budget = 16384;
  size_t max_queue = 1024;
};

class batcher {
public:
  explicit batcher(batch_limits limits) : limits_(limits) {}

  const batch_limits& limits() const { return limits_; }

  /// Queues request `ticket` costing `tokens` (at least 1 is counted), with
  /// an absolute deadline (0 = none). False when the queue is full: answer
  /// `overloaded` with retry_after().
  bool push(uint64_t ticket, size_t tokens, int64_t deadline_ns,
            int64_t now_ns);

  /// True when a batch should leave now: full by count or tokens, or the
  /// oldest request has waited max_delay.
  bool ready(int64_t now_ns) const;

  /// When the oldest waiting request's delay runs out; nullopt when empty.
  std::optional<int64_t> due_at() const;

  /// Cuts the next batch (FIFO; at least one request even if it alone
  /// exceeds the token budget) into `batch`, moving expired requests met on
  /// the way into `expired`.
  void take(int64_t now_ns, std::vector<uint64_t>& batch,
            std::vector<uint64_t>& expired);

  /// Moves every expired request out (the agent sweeps while all workers
  /// are busy, so deadlines are honoured promptly).
  void drop_expired(int64_t now_ns, std::vector<uint64_t>& expired);

  size_t queued() const { return queue_.size(); }
  size_t queued_tokens() const { return tokens_; }

  /// Feeds the service-time estimate behind retry_after().
  void record_service(duration took);
  /// About how long until the queue has room: the batches ahead × the
  /// mean batch service time (at least max_delay).
  duration retry_after() const;

private:
  struct entry {
    uint64_t ticket;
    size_t tokens;
    int64_t deadline_ns;
    int64_t arrived_ns;
  };

  batch_limits limits_;
  std::deque<entry> queue_;
  size_t tokens_ = 0;
  double mean_service_ns_ = 0;
};

} // namespace aip
