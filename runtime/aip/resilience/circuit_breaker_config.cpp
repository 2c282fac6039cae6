#include "aip/resilience/circuit_breaker_config.hpp"

#include "aip/resilience/field_error.hpp"

namespace aip {

std::optional<std::string> circuit_breaker_config::validate() const {
  if (consecutive_failures < 1)
    return detail::field_error("consecutive_failures", "x >= 1", consecutive_failures);
  // Written as !(in range) so that NaN is rejected too.
  if (!(failure_rate > 0.0 && failure_rate <= 1.0))
    return detail::field_error("failure_rate", "0 < x <= 1", failure_rate);
  if (min_calls_in_window < 1)
    return detail::field_error("min_calls_in_window", "x >= 1", min_calls_in_window);
  if (window <= duration::zero())
    return detail::field_error("window", "x > 0", to_string(window));
  if (open_for <= duration::zero())
    return detail::field_error("open_for", "x > 0", to_string(open_for));
  if (half_open_probes < 1)
    return detail::field_error("half_open_probes", "x >= 1", half_open_probes);
  if (max_concurrent < 0)
    return detail::field_error("max_concurrent", "x >= 0 (0 = unlimited)", max_concurrent);
  return std::nullopt;
}

} // namespace aip
