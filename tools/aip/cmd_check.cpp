#include <iostream>

#include "aip/config/load_config.hpp"
#include "aip/node/node.hpp"
#include "commands.hpp"

namespace aip::cli {

int check(const std::vector<std::string>& files) {
  size_t errors = 0;
  for (auto& file : files) {
    // Each file gets its own registry: one file's plugins are not another's.
    auto types = builtin_types();
    auto res = load_config_file(file, *types, plugins());
    for (auto& e : res.errors)
      std::cout << to_string(e) << '\n';
    errors += res.errors.size();
    if (res.errors.empty())
      std::cout << file << ": ok\n";
  }
  if (errors > 0) {
    std::cout << errors << (errors == 1 ? " error" : " errors") << '\n';
    return node_config_error;
  }
  return node_ok;
}

} // namespace aip::cli
