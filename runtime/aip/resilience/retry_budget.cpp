#include "aip/resilience/retry_budget.hpp"

#include "aip/resilience/field_error.hpp"

#include <cassert>
#include <cmath>

namespace aip {

std::optional<std::string> retry_budget_config::validate() const {
  // Written as !(in range) so that NaN is rejected too. The upper bounds
  // only keep the token arithmetic far from overflow.
  if (!(ratio >= 0.0 && ratio <= 1000.0))
    return detail::field_error("ratio", "0 <= x <= 1000", ratio);
  if (!(min_per_second >= 0.0 && min_per_second <= 1e9))
    return detail::field_error("min_per_second", "0 <= x <= 1e9", min_per_second);
  if (window <= duration::zero())
    return detail::field_error("window", "x > 0", to_string(window));
  return std::nullopt;
}

retry_budget::retry_budget(retry_budget_config cfg)
  : cfg_(std::move(cfg)), deposits_(cfg_.window), spent_(cfg_.window) {
  assert(!cfg_.validate());
}

void retry_budget::deposit(time_point now) {
  deposits_.add(now);
}

uint64_t retry_budget::available(time_point now) const {
  auto seconds = std::chrono::duration<double>(cfg_.window).count();
  auto tokens = cfg_.ratio * static_cast<double>(deposits_.sum(now))
                + cfg_.min_per_second * seconds;
  // A small epsilon so that 10 deposits at ratio 0.1 make exactly one token
  // despite 0.1 not being exact in binary.
  auto whole = static_cast<uint64_t>(std::floor(tokens + 1e-9));
  auto spent = spent_.sum(now);
  return whole > spent ? whole - spent : 0;
}

bool retry_budget::try_spend(time_point now) {
  if (available(now) == 0)
    return false;
  spent_.add(now);
  return true;
}

} // namespace aip
