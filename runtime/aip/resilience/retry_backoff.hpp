#pragma once
/// Exponential backoff with jitter for retrying a failed call: a plain value
/// that computes delays and nothing else. Retry only requests marked
/// idempotent; the caller checks that flag, this policy cannot see it.

#include <cstdint>
#include <optional>
#include <string>

#include "aip/core/duration.hpp"

namespace aip {

struct retry_backoff {
  /// Delay before the first retry.
  duration initial = std::chrono::milliseconds{50};
  /// Each further retry waits this many times longer.
  double multiplier = 2.0;
  /// No delay exceeds this, jitter included.
  duration max_delay = std::chrono::seconds{5};
  /// Each delay is scaled by a factor in [1 - jitter, 1 + jitter).
  double jitter = 0.2;
  /// Attempts in all, the original call included (3 = 1 call + 2 retries).
  int max_attempts = 3;

  /// Returns nullopt when every field is in range, else one message that
  /// starts with the field's name, e.g. `jitter: expected 0 <= x < 1, got 2`.
  std::optional<std::string> validate() const;

  /// Whether a call whose attempt number `attempt` (1 = the original call)
  /// just failed may be tried again.
  bool may_retry(int attempt) const { return attempt < max_attempts; }

  /// The delay before the attempt after `attempt` (1 = the original call
  /// failed): `min(initial * multiplier^(attempt-1), max_delay)` scaled by the
  /// jitter factor that `random` picks, then capped at `max_delay`. The same
  /// `(attempt, random)` always gives the same delay; pass a uniformly
  /// random 64-bit value (e.g. from std::mt19937_64) for real jitter.
  /// @pre `attempt >= 1` (asserted).
  duration next_delay(int attempt, uint64_t random) const;
};

} // namespace aip
