#pragma once
/// A supervisor actor with Erlang/OTP semantics (strategies, restart types,
/// intensity/period, escalation, shutdown order, significant children,
/// health checks). One actor per supervisor; nested supervisors are children.
///
/// Messages (request -> reply):
///   (start_atom)                 -> ok_atom | error naming the failed child
///   (caf::add_atom)              -> caf::actor  (simple_one_for_one: new child)
///   (caf::add_atom, uint64_t n)  -> uint64_t    (simple_one_for_one: n children)
///   (caf::delete_atom, caf::actor child) -> ok_atom | error (terminate_child)
///   (caf::get_atom, std::string name) -> caf::actor (current incarnation)
///   (which_atom)                 -> std::vector<caf::actor> (running, in order)
///   (count_atom)                 -> uint64_t
///   (health_atom)                -> ok_atom
/// Exit reasons it uses: `normal` for an auto_shutdown, `user_shutdown`
/// (spelled `shutdown` in events) when intensity is exceeded or it is told to
/// stop.

#include <memory>
#include <string>

#include <caf/fwd.hpp>

#include "aip/agents/agent_type_registry.hpp"
#include "aip/core/duration.hpp"
#include "aip/events/event_log.hpp"
#include "aip/supervision/supervisor_spec.hpp"

namespace aip {

struct backbone;

/// What every supervisor in a tree shares: agent types, the event stream and
/// the node's message backbone (null: agents run without a broker).
struct supervision_context {
  std::shared_ptr<const agent_type_registry> types;
  std::shared_ptr<event_log> events;
  std::shared_ptr<const backbone> net;
};

/// Spawns a supervisor for `spec` at `path` (e.g. "root"); it starts nothing
/// until it receives (start_atom). Usable from any thread.
caf::actor spawn_supervisor(caf::actor_system& sys,
                            std::shared_ptr<const supervisor_spec> spec,
                            supervision_context ctx, std::string path);

/// Spawns and starts a supervisor, blocking the caller until all its
/// children run (or `timeout`). On failure the supervisor is gone and the
/// error names the child that failed to start.
caf::expected<caf::actor> start_supervisor(
  caf::actor_system& sys, std::shared_ptr<const supervisor_spec> spec,
  supervision_context ctx, std::string path,
  duration timeout = std::chrono::minutes{5});

} // namespace aip
