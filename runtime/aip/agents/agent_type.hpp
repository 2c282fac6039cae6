#pragma once
/// An agent type: a name usable as `type:` in config files, the arguments it
/// accepts (checked by `aip check` before anything runs) and the function
/// that spawns one incarnation. Types are registered once at start-up in the
/// `agent_type_registry` and read-only afterwards.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <caf/fwd.hpp>

#include "aip/agents/agent_args.hpp"

namespace aip {

enum class arg_kind { boolean, integer, number, string, duration };

/// Human name of a kind as used in error messages ("integer", "duration", ...).
const char* to_string(arg_kind k);

struct arg_spec {
  std::string name;
  arg_kind kind;
  std::string help;
  bool required = false;
};

struct backbone;
struct circuit_breaker_config;

/// Where and how one incarnation starts: its path in the tree, its args, the
/// node's backbone (null on a node without a broker, e.g. in unit tests of
/// supervision) and the child's agent settings from the config file.
struct spawn_site {
  std::string path;
  std::shared_ptr<const agent_args> args;
  std::shared_ptr<const backbone> net;
  std::string owner;
  /// Mailbox credits; 0 = the backbone's default.
  uint32_t mailbox = 0;
  std::shared_ptr<const circuit_breaker_config> breaker;
  bool critical = true;
};

/// Spawns one incarnation as a child of `parent` (a supervisor). Returns the
/// new actor, or an error describing why the agent could not start; the
/// supervisor then reports a start failure naming the child's path.
/// Agents written with `define_agent` (agent_definition.hpp) get this made
/// for them; raw CAF agent types use `args` and may ignore `site`.
using agent_spawn_fn = std::function<caf::expected<caf::actor>(
  caf::local_actor* parent, const agent_args& args, const spawn_site& site)>;

struct agent_type {
  std::string name;
  std::string summary;
  std::vector<arg_spec> args;
  agent_spawn_fn spawn;
  /// True when the agent handles its own stop request (traps exit messages,
  /// e.g. to finish work first). A supervisor stops such a child alone, and
  /// stops a run of siblings without it in one batch: they end the moment
  /// they read the exit message, so no sibling can tell the batch from OTP's
  /// one-at-a-time order.
  bool traps_exit = false;

  const arg_spec* find_arg(const std::string& key) const {
    for (auto& a : args)
      if (a.name == key)
        return &a;
    return nullptr;
  }
};

} // namespace aip
