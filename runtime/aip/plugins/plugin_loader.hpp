#pragma once
/// Loads agent-type plugins (shared libraries with the AIP_PLUGIN entry
/// points) into a registry. Owned by the node's start-up code (main thread);
/// libraries stay loaded for the life of the process.

#include <optional>
#include <string>
#include <vector>

#include "aip/agents/agent_type_registry.hpp"

namespace aip {

struct loaded_plugin {
  std::string path;
  void* handle = nullptr;
  std::string name;
  std::string version;
  std::vector<std::string> types;
};

class plugin_loader {
public:
  /// Loads `path` (once per process) and registers its types into `types`.
  /// Returns an error message naming the file when it cannot be opened,
  /// lacks an entry point, was built for another plugin ABI, fails to
  /// register, or registers a type name that is already taken.
  std::optional<std::string> load(const std::string& path,
                                  agent_type_registry& types);

  const std::vector<loaded_plugin>& loaded() const { return loaded_; }

private:
  std::vector<loaded_plugin> loaded_;
};

} // namespace aip
