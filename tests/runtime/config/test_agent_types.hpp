#pragma once
/// Fake agent types for the config loader tests: names and declared args
/// only (the loader never spawns, so the spawn functions stay empty), plus a
/// helper that loads YAML text and returns its errors as printed strings.

#include "aip/agents/agent_type_registry.hpp"
#include "aip/config/load_config.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace aip::test {

inline agent_type_registry make_test_types() {
  agent_type_registry r;
  r.add({"ticker", "ticks", {{"interval", arg_kind::duration, "", false}}, {}});
  r.add(
    {"echo", "echoes", {{"reply_delay", arg_kind::duration, "", false}}, {}});
  r.add({"sink", "swallows", {}, {}});
  r.add({"chaos",
         "crashes on purpose",
         {{"crash_every", arg_kind::duration, "", false},
          {"crash_after_messages", arg_kind::integer, "", false},
          {"exit_normally_after", arg_kind::duration, "", false},
          {"fail_start", arg_kind::boolean, "", false},
          {"hang_after", arg_kind::duration, "", false}},
         {}});
  r.add({"fetcher",
         "needs a url",
         {{"url", arg_kind::string, "", true},
          {"retries", arg_kind::integer, "", false},
          {"ratio", arg_kind::number, "", false}},
         {}});
  return r;
}

inline const agent_type_registry& test_types() {
  static const agent_type_registry types = make_test_types();
  return types;
}

/// Loads `yaml` as file `t.yaml`; returns `to_string` of every error.
inline std::vector<std::string> errors_of(std::string_view yaml) {
  auto result = load_config_string(yaml, "t.yaml", test_types());
  std::vector<std::string> out;
  for (auto& e : result.errors)
    out.push_back(to_string(e));
  return out;
}

} // namespace aip::test
