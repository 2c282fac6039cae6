#pragma once
/// Checks a worker's `args:` map against its agent type's declared args
/// (known keys, value kinds, required keys) and builds the typed
/// `agent_args`. Internal to the config loader.

#include "aip/agents/agent_args.hpp"
#include "aip/agents/agent_type.hpp"
#include "aip/config/internal/yaml_map.hpp"

#include <memory>

namespace aip::config_internal {

/// `args` is the child's `args:` entry or nullptr when absent; `type_at` is
/// where a missing required arg is reported when there is no `args:` key.
std::shared_ptr<const agent_args> read_agent_args(const yaml_entry* args,
                                                  const agent_type& type,
                                                  source_location type_at,
                                                  error_sink& errors);

} // namespace aip::config_internal
