#pragma once
/// What a supervisor knows about one child before it runs: a worker (an agent
/// type plus args) or a nested supervisor, with its restart, shutdown, health
/// and significance settings. Plain data, built by the config loader or in code.

#include <memory>
#include <optional>
#include <cstdint>
#include <string>

#include <caf/meta/type_name.hpp>

#include "aip/agents/agent_args.hpp"
#include "aip/config/source_location.hpp"
#include "aip/resilience/circuit_breaker_config.hpp"
#include "aip/supervision/restart_policy.hpp"

namespace aip {

struct supervisor_spec;

/// A child that does not answer `interval`-spaced health probes within
/// `timeout`, `failures` times in a row, is killed and handled as crashed.
struct health_spec {
  duration interval = std::chrono::seconds{1};
  duration timeout = std::chrono::milliseconds{100};
  int failures = 3;
};

struct child_spec {
  std::string name;
  /// Registered agent type; empty for a supervisor child.
  std::string type;
  std::shared_ptr<const agent_args> args = std::make_shared<agent_args>();
  /// Set for a supervisor child.
  std::shared_ptr<const supervisor_spec> supervisor;
  restart_type restart = restart_type::permanent;
  /// Unset: 5 s for workers, infinity for supervisors (as OTP).
  std::optional<shutdown_policy> shutdown;
  bool significant = false;
  std::optional<health_spec> health;
  /// Agents only. The principal the agent acts for (`owner:`).
  std::string owner;
  /// Agents only. Mailbox credits (`mailbox:`); 0 = the node's default.
  uint32_t mailbox = 0;
  /// Agents only. Guards calls routed to this agent (`circuit_breaker:`).
  std::optional<circuit_breaker_config> breaker;
  /// Agents only. A non-critical agent's failure degrades its capabilities
  /// (readiness) instead of making the node unready (`critical:`).
  bool critical = true;
  source_location where;

  bool is_supervisor() const { return supervisor != nullptr; }

  shutdown_policy effective_shutdown() const {
    if (shutdown)
      return *shutdown;
    return is_supervisor() ? shutdown_policy::supervisor_default()
                           : shutdown_policy::worker_default();
  }
};

/// A child spec in a message: `(caf::add_atom, new_child)` asks a
/// one_for_one / one_for_all / rest_for_one supervisor to start it (OTP's
/// supervisor:start_child). Local only: the spec does not cross nodes.
struct new_child {
  std::shared_ptr<const child_spec> spec;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, new_child&) {
  return f(caf::meta::type_name("aip.newchild"));
}

} // namespace aip
