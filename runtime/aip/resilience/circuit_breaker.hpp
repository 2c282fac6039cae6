#pragma once
/// The circuit breaker state machine (closed / open / half-open) plus a
/// bulkhead, CAF-free and driven by an explicit `now` so tests control time.
/// Owned by one actor, which calls `admit` before forwarding a request and
/// `record_success` / `record_failure` when its reply or timeout arrives.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string_view>
#include <utility>

#include "aip/resilience/circuit_breaker_config.hpp"
#include "aip/resilience/windowed_count.hpp"
#include "aip/core/duration.hpp"

namespace aip {

enum class circuit_state { closed, open, half_open };

/// `closed`, `open` or `half_open`.
std::string_view to_string(circuit_state s);

enum class rejection_reason { none, circuit_open, bulkhead_full };

/// `none`, `circuit_open` or `bulkhead_full`.
std::string_view to_string(rejection_reason r);

/// The answer to `admit`. An admitted call must be finished with exactly one
/// `record_success` or `record_failure` that gets this admission back.
struct admission {
  bool admitted = false;
  rejection_reason reason = rejection_reason::none;
  /// For `circuit_open` while open: time left in the cool-down. Zero while
  /// half-open (admission depends on the probe in flight, not on time) and
  /// for `bulkhead_full` (depends on replies, not on time).
  duration retry_after = duration::zero();
  /// Which period of the breaker admitted the call (it changes with every
  /// transition), so a late reply to a call admitted before the breaker
  /// opened is not mistaken for the outcome of a half-open probe.
  uint64_t generation = 0;
  /// True when admitted as a half-open probe.
  bool probe = false;
};

struct circuit_breaker_counters {
  uint64_t rejected_open = 0;
  uint64_t rejected_bulkhead = 0;
  uint64_t successes = 0;
  uint64_t failures = 0;
};

class circuit_breaker {
public:
  using time_point = std::chrono::steady_clock::time_point;
  /// Called after each transition. `why` is a short human-readable cause,
  /// e.g. `5 consecutive failures`, `failure rate 62% over 10s (26 calls)`,
  /// `cool-down 5s passed`, `probe succeeded`, `probe failed`; it is valid
  /// only during the call.
  using transition_hook
    = std::function<void(circuit_state from, circuit_state to,
                         std::string_view why)>;

  /// @pre `cfg.validate()` returned nullopt (asserted).
  explicit circuit_breaker(circuit_breaker_config cfg);

  /// Decides whether a call may go out now. Open turns half-open here, on
  /// the first `admit` after the cool-down.
  admission admit(time_point now);

  /// Finishes an admitted call (failures are error replies and timeouts; the
  /// caller decides which errors count). Each releases one in-flight slot.
  /// @pre `a.admitted` (asserted).
  void record_success(time_point now, const admission& a);
  void record_failure(time_point now, const admission& a);

  /// The state as of the last call; an open breaker whose cool-down has
  /// passed still reads `open` until the next `admit`.
  circuit_state state() const { return state_; }

  void set_on_transition(transition_hook hook) {
    on_transition_ = std::move(hook);
  }

  const circuit_breaker_counters& counters() const { return counters_; }

  /// Calls admitted and not yet recorded (what the bulkhead limits).
  int in_flight() const { return in_flight_; }

  const circuit_breaker_config& config() const { return cfg_; }

private:
  void record(time_point now, const admission& a, bool failed);
  void record_closed(time_point now, bool failed);
  void transition(time_point now, circuit_state to, std::string_view why);
  bool bulkhead_full() const;

  circuit_breaker_config cfg_;
  circuit_state state_ = circuit_state::closed;
  uint64_t generation_ = 0;
  time_point opened_at_{};
  int in_flight_ = 0;
  int probes_in_flight_ = 0;
  int consecutive_failures_ = 0;
  windowed_count calls_;
  windowed_count failed_calls_;
  circuit_breaker_counters counters_;
  transition_hook on_transition_;
};

} // namespace aip
