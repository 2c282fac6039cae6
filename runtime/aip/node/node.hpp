#pragma once
/// A running AIP node: an actor system configured from a `node_spec`, the
/// event stream, and the root supervisor. `run` blocks the calling thread
/// (the program's main) until SIGINT/SIGTERM, `run_for` elapsing, or the root
/// supervisor giving up; the tree is then stopped in reverse order.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "aip/agents/agent_type_registry.hpp"
#include "aip/node/node_spec.hpp"

#include <caf/fwd.hpp>

namespace aip {

/// Exit statuses of `aip up` and of `node::run`.
enum node_status : int {
  node_ok = 0,
  node_start_failed = 1,
  node_config_error = 2,
  node_root_gave_up = 3,
};

struct backbone;
class event_log;

/// Starts the node's message backbone (the broker lives in aip::actors:
/// `aip::broker_starter()` from aip/actors/broker/start_broker.hpp).
using backbone_starter = std::function<std::shared_ptr<const backbone>(
  caf::actor_system&, const node_spec&, std::shared_ptr<event_log>,
  std::shared_ptr<const agent_type_registry>)>;

struct node_options {
  /// Stop gracefully after this long (`aip up --for`).
  std::optional<duration> run_for;
  /// Overrides `node.events` (`aip up --events`).
  std::optional<std::string> events;
  /// Install SIGINT/SIGTERM handlers that stop the node gracefully.
  bool handle_signals = true;
  /// Unset: agents run without a broker (their sends fail loudly).
  backbone_starter start_backbone;
};

class node {
public:
  node(node_spec spec, std::shared_ptr<const agent_type_registry> types);

  /// Runs the tree; returns a `node_status`. Why it stopped is printed on
  /// stderr (and is in the event stream).
  int run(const node_options& opts = {});

  const node_spec& spec() const { return spec_; }

private:
  node_spec spec_;
  std::shared_ptr<const agent_type_registry> types_;
};

} // namespace aip
