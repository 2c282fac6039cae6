#pragma once
/// A retry budget: retries may add at most `ratio` extra calls per original
/// request over a sliding `window`, plus a floor of `min_per_second` so a
/// quiet client can still retry. Owned by one actor; not thread-safe.

#include <chrono>
#include <optional>
#include <string>

#include "aip/resilience/windowed_count.hpp"
#include "aip/core/duration.hpp"

namespace aip {

struct retry_budget_config {
  /// Retries allowed per original request (0.1 = one retry per ten calls).
  double ratio = 0.1;
  /// Retries allowed per second of the window whatever the traffic.
  double min_per_second = 10.0;
  /// Deposits and retries older than this no longer count.
  duration window = std::chrono::seconds{10};

  /// Returns nullopt when every field is in range, else one message that
  /// starts with the field's name, e.g.
  /// `ratio: expected 0 <= x <= 1000, got -1`.
  std::optional<std::string> validate() const;
};

/// Token bucket whose tokens expire: each original request deposits `ratio`
/// tokens, the window holds `min_per_second * window` more, and each retry
/// spends one. Tokens come back as deposits and retries leave the window.
class retry_budget {
public:
  using time_point = std::chrono::steady_clock::time_point;

  /// @pre `cfg.validate()` returned nullopt (asserted).
  explicit retry_budget(retry_budget_config cfg);

  /// Records one original request (not a retry) at `now`.
  void deposit(time_point now);

  /// Spends one token for a retry at `now`; returns false, spending nothing,
  /// when the budget is exhausted (the caller then fails the call instead).
  bool try_spend(time_point now);

  /// Whole retries that `try_spend` would allow right now.
  uint64_t available(time_point now) const;

  const retry_budget_config& config() const { return cfg_; }

private:
  retry_budget_config cfg_;
  windowed_count deposits_;
  windowed_count spent_;
};

} // namespace aip
