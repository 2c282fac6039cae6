#include "aip/resilience/circuit_breaker.hpp"

#include <cassert>
#include <cmath>
#include <string>

namespace aip {

std::string_view to_string(circuit_state s) {
  switch (s) {
    case circuit_state::closed:
      return "closed";
    case circuit_state::open:
      return "open";
    case circuit_state::half_open:
      return "half_open";
  }
  return "?";
}

std::string_view to_string(rejection_reason r) {
  switch (r) {
    case rejection_reason::none:
      return "none";
    case rejection_reason::circuit_open:
      return "circuit_open";
    case rejection_reason::bulkhead_full:
      return "bulkhead_full";
  }
  return "?";
}

circuit_breaker::circuit_breaker(circuit_breaker_config cfg)
  : cfg_(std::move(cfg)), calls_(cfg_.window), failed_calls_(cfg_.window) {
  assert(!cfg_.validate());
}

bool circuit_breaker::bulkhead_full() const {
  return cfg_.max_concurrent > 0 && in_flight_ >= cfg_.max_concurrent;
}

admission circuit_breaker::admit(time_point now) {
  admission a;
  if (state_ == circuit_state::open) {
    auto ends = opened_at_ + cfg_.open_for;
    if (now < ends) {
      ++counters_.rejected_open;
      a.reason = rejection_reason::circuit_open;
      a.retry_after = ends - now;
      return a;
    }
    transition(now, circuit_state::half_open,
               "cool-down " + to_string(cfg_.open_for) + " passed");
  }
  if (state_ == circuit_state::half_open
      && probes_in_flight_ >= cfg_.half_open_probes) {
    // Whether the next call gets in depends on the probe's outcome, not on
    // time, so there is no honest retry_after to give.
    ++counters_.rejected_open;
    a.reason = rejection_reason::circuit_open;
    return a;
  }
  if (bulkhead_full()) {
    ++counters_.rejected_bulkhead;
    a.reason = rejection_reason::bulkhead_full;
    return a;
  }
  a.admitted = true;
  a.generation = generation_;
  a.probe = state_ == circuit_state::half_open;
  if (a.probe)
    ++probes_in_flight_;
  ++in_flight_;
  return a;
}

void circuit_breaker::record_success(time_point now, const admission& a) {
  record(now, a, false);
}

void circuit_breaker::record_failure(time_point now, const admission& a) {
  record(now, a, true);
}

void circuit_breaker::record(time_point now, const admission& a, bool failed) {
  assert(a.admitted);
  assert(in_flight_ > 0);
  // The slot is released whatever the breaker did meanwhile: the call did
  // occupy the downstream until now.
  --in_flight_;
  ++(failed ? counters_.failures : counters_.successes);
  // A call admitted in an earlier period (e.g. closed, before the breaker
  // opened) says nothing about the current one: only count it.
  if (a.generation != generation_)
    return;
  switch (state_) {
    case circuit_state::closed:
      record_closed(now, failed);
      break;
    case circuit_state::half_open:
      // Every admission in this generation is a probe. The first outcome
      // decides for all of them; any others still in flight then belong to
      // an old generation.
      --probes_in_flight_;
      if (failed)
        transition(now, circuit_state::open, "probe failed");
      else
        transition(now, circuit_state::closed, "probe succeeded");
      break;
    case circuit_state::open:
      // Nothing is admitted while open, so no current-generation call can
      // finish here.
      assert(false);
      break;
  }
}

void circuit_breaker::record_closed(time_point now, bool failed) {
  calls_.add(now);
  if (failed) {
    failed_calls_.add(now);
    if (++consecutive_failures_ >= cfg_.consecutive_failures) {
      transition(now, circuit_state::open,
                 std::to_string(consecutive_failures_)
                   + " consecutive failures");
      return;
    }
  } else {
    consecutive_failures_ = 0;
  }
  // A success can trip the rate too: it may be the call that brings the
  // window up to min_calls_in_window.
  auto calls = calls_.sum(now);
  if (calls < cfg_.min_calls_in_window)
    return;
  auto failures = failed_calls_.sum(now);
  auto rate = static_cast<double>(failures) / static_cast<double>(calls);
  if (rate >= cfg_.failure_rate)
    transition(now, circuit_state::open,
               "failure rate " + std::to_string(std::lround(rate * 100))
                 + "% over " + to_string(cfg_.window) + " ("
                 + std::to_string(calls) + " calls)");
}

void circuit_breaker::transition(time_point now, circuit_state to,
                                 std::string_view why) {
  auto from = state_;
  state_ = to;
  ++generation_;
  probes_in_flight_ = 0;
  if (to == circuit_state::open)
    opened_at_ = now;
  if (to == circuit_state::closed) {
    // A closed breaker starts from a clean slate: failures from before it
    // opened must not trip it again.
    consecutive_failures_ = 0;
    calls_.clear();
    failed_calls_.clear();
  }
  if (on_transition_)
    on_transition_(from, to, why);
}

} // namespace aip
