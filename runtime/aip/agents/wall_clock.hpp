#pragma once
/// Deadlines in envelopes are wall-clock nanoseconds since the Unix epoch
/// (they cross nodes); this is the one place that reads that clock.

#include <chrono>
#include <cstdint>

namespace aip {

inline int64_t wall_clock_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

} // namespace aip
