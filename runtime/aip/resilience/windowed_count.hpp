#pragma once
/// A count of events over a sliding time window, kept in a fixed ring of time
/// buckets so memory is O(1) however many events arrive. Not thread-safe: the
/// circuit breaker or retry budget that owns it is driven by one actor.

#include <array>
#include <chrono>
#include <cstdint>

#include "aip/core/duration.hpp"

namespace aip {

class windowed_count {
public:
  using time_point = std::chrono::steady_clock::time_point;

  /// Number of buckets per window. The window slides one bucket at a time,
  /// so an event leaves the count between `window - window/buckets` and
  /// `window` after it happened.
  static constexpr int buckets = 10;

  /// @pre `window > 0`.
  explicit windowed_count(duration window);

  /// Adds `n` events at `now`.
  void add(time_point now, uint64_t n = 1);

  /// Events within the window ending at `now`.
  uint64_t sum(time_point now) const;

  /// Forgets every event.
  void clear();

  duration window() const { return width_ * buckets; }

private:
  struct bucket {
    int64_t index = INT64_MIN; // absolute bucket number; INT64_MIN = unused
    uint64_t count = 0;
  };

  int64_t index_of(time_point t) const;

  duration width_;
  std::array<bucket, buckets> ring_;
};

} // namespace aip
