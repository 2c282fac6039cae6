#include <iostream>

#include "aip/actors/broker/start_broker.hpp"
#include "aip/config/load_config.hpp"
#include "aip/node/node.hpp"
#include "commands.hpp"

namespace aip::cli {

int up(const up_options& opts) {
  auto types = builtin_types();
  auto res = opts.file ? load_config_file(*opts.file, *types, plugins())
                       : load_config_string(default_tree_yaml(),
                                            "<embedded default tree>", *types);
  for (auto& e : res.errors)
    std::cerr << to_string(e) << '\n';
  if (!res.ok())
    return node_config_error;
  node_options nopts;
  if (opts.run_for) {
    auto d = parse_duration(*opts.run_for);
    if (!d) {
      std::cerr << "aip up: --for: expected a duration like 10s, got '"
                << *opts.run_for << "'\n";
      return node_config_error;
    }
    nopts.run_for = *d;
  }
  nopts.events = opts.events;
  nopts.start_backbone = broker_starter();
  node n{std::move(*res.spec), types};
  return n.run(nopts);
}

int types() {
  auto reg = builtin_types();
  for (auto& name : reg->names()) {
    auto* t = reg->find(name);
    std::cout << name << ": " << t->summary << '\n';
    for (auto& a : t->args)
      std::cout << "  " << a.name << " (" << to_string(a.kind)
                << (a.required ? ", required" : "") << "): " << a.help << '\n';
  }
  return 0;
}

} // namespace aip::cli
