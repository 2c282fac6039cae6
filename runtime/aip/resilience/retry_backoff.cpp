#include "aip/resilience/retry_backoff.hpp"

#include "aip/resilience/field_error.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace aip {

std::optional<std::string> retry_backoff::validate() const {
  if (initial <= duration::zero())
    return detail::field_error("initial", "x > 0", to_string(initial));
  // Written as !(in range) so that NaN is rejected too.
  if (!(multiplier >= 1.0 && std::isfinite(multiplier)))
    return detail::field_error("multiplier", "x >= 1", multiplier);
  if (max_delay < initial) {
    auto expected = "x >= initial (" + to_string(initial) + ")";
    return detail::field_error("max_delay", expected.c_str(), to_string(max_delay));
  }
  if (!(jitter >= 0.0 && jitter < 1.0))
    return detail::field_error("jitter", "0 <= x < 1", jitter);
  if (max_attempts < 1)
    return detail::field_error("max_attempts", "x >= 1", max_attempts);
  return std::nullopt;
}

duration retry_backoff::next_delay(int attempt, uint64_t random) const {
  assert(attempt >= 1);
  // Grow in double and cap before converting back: initial * 2^70 does not
  // fit a 64-bit nanosecond count.
  auto max_ns = static_cast<double>(max_delay.count());
  auto base = static_cast<double>(initial.count())
              * std::pow(multiplier, attempt - 1);
  base = std::min(base, max_ns);
  // The top 53 bits of `random` as a uniform fraction u in [0, 1), so the
  // factor 1 + jitter * (2u - 1) lies in [1 - jitter, 1 + jitter).
  auto u = static_cast<double>(random >> 11) * 0x1.0p-53;
  auto scaled = base * (1.0 + jitter * (2.0 * u - 1.0));
  scaled = std::min(scaled, max_ns);
  return duration{static_cast<int64_t>(std::llround(scaled))};
}

} // namespace aip
