#pragma once
/// An agent type: a name usable as `type:` in config files, the arguments it
/// accepts (checked by `aip check` before anything runs) and the function
/// that spawns one incarnation. Types are registered once at start-up in the
/// `agent_type_registry` and read-only afterwards.

#include <functional>
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

/// Spawns one incarnation as a child of `parent` (a supervisor). Returns the
/// new actor, or an error describing why the agent could not start; the
/// supervisor then reports a start failure naming the child's path.
using agent_spawn_fn = std::function<caf::expected<caf::actor>(
  caf::local_actor* parent, const agent_args& args)>;

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
