#pragma once
/// Settings of one circuit breaker: when it opens, how long it stays open,
/// how many probes it lets through half-open, and its bulkhead. A plain value;
/// whoever reads it from YAML calls `validate()` before building a breaker.

#include <cstddef>
#include <optional>
#include <string>

#include "aip/core/duration.hpp"

namespace aip {

struct circuit_breaker_config {
  /// Closed -> open after this many failures in a row.
  int consecutive_failures = 5;
  /// Closed -> open when failures / calls over `window` reach this fraction...
  double failure_rate = 0.5;
  /// ...and the window holds at least this many calls.
  size_t min_calls_in_window = 20;
  /// Sliding window for the failure rate (10 buckets, see windowed_count).
  duration window = std::chrono::seconds{10};
  /// Cool-down: how long the breaker stays open before it tries a probe.
  duration open_for = std::chrono::seconds{5};
  /// Concurrent probes admitted while half-open.
  int half_open_probes = 1;
  /// Bulkhead: calls in flight at once; 0 means unlimited.
  int max_concurrent = 0;

  /// Returns nullopt when every field is in range, else one message that
  /// starts with the field's name, e.g.
  /// `failure_rate: expected 0 < x <= 1, got 1.5`.
  std::optional<std::string> validate() const;
};

} // namespace aip
