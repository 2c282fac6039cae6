#pragma once
/// Deadlines of workflows and awaits: relative `aip::duration`s on the
/// caller's side, absolute steady-clock points inside. `infinite` means no
/// deadline; adding it to now saturates instead of overflowing. Any thread.

#include <chrono>
#include <cstdint>

#include "aip/core/duration.hpp"

namespace aip {

/// Identifies one workflow within its pool; 0 is never used.
using workflow_id = uint64_t;

/// No deadline (pass as an await's or a workflow's `deadline`).
inline constexpr duration infinite = duration::max();

using deadline_clock = std::chrono::steady_clock;

/// now + d, or time_point::max() for `infinite` or on overflow.
inline deadline_clock::time_point deadline_after(duration d) {
  auto now = deadline_clock::now();
  auto room = deadline_clock::time_point::max() - now;
  if (d >= room)
    return deadline_clock::time_point::max();
  return now + std::chrono::duration_cast<deadline_clock::duration>(d);
}

} // namespace aip
