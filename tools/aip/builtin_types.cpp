#include "aip/actors/builtin.hpp"
#include "commands.hpp"

namespace aip::cli {

std::shared_ptr<agent_type_registry> builtin_types() {
  auto types = std::make_shared<agent_type_registry>();
  register_builtin_agents(*types);
  return types;
}

plugin_loader& plugins() {
  static plugin_loader loader;
  return loader;
}

} // namespace aip::cli
