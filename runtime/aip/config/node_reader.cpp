#include "aip/agents/tool_spec.hpp"
#include "aip/config/internal/breaker_reader.hpp"
#include "aip/config/internal/scalar_reader.hpp"
#include "aip/config/internal/spec_readers.hpp"

#include <cstdint>
#include <limits>

namespace aip::config_internal {

namespace {

const std::vector<std::string> top_keys = {"node", "supervisor"};
const std::vector<std::string> node_keys
  = {"name",         "threads", "scheduler", "events",
     "debug_events", "plugins", "broker",    "tools"};
const std::vector<std::string> broker_keys
  = {"shards", "mailbox", "lookahead", "dead_letters"};
const std::vector<std::string> tool_keys = {"circuit_breaker"};

constexpr int64_t max_u32 = std::numeric_limits<uint32_t>::max();
constexpr int64_t max_i64 = std::numeric_limits<int64_t>::max();
// MCP's rule for tool names (the tool catalog checks the same).
const std::vector<std::string> scheduler_names = {"sharing", "stealing"};

std::vector<std::string> read_plugins(const yaml_entry& e, reader_env& env) {
  auto& errors = env.errors;
  std::vector<std::string> out;
  if (e.value.IsNull())
    return out;
  if (!e.value.IsSequence()) {
    errors.add(value_at(e, errors),
               "plugins: expected a list of paths, got " + describe(e.value));
    return out;
  }
  for (const auto& item : e.value) {
    if (!item.IsScalar() || item.Scalar().empty()) {
      errors.add(errors.at(item),
                 "plugins: expected a path, got " + describe(item));
      continue;
    }
    // Loaded here, before `supervisor:` is read, so that the types a plugin
    // brings are known when children are checked.
    if (env.load_plugin)
      if (auto err = env.load_plugin(item.Scalar()))
        errors.add(errors.at(item), *err);
    out.push_back(item.Scalar());
  }
  return out;
}

void read_broker(const yaml_entry& e, broker_spec& out, error_sink& errors) {
  yaml_map map{e.value, "broker", "node.broker", broker_keys, errors};
  if (auto v = map.find("shards"))
    if (auto n = read_integer(*v, "broker.shards", 0, max_i64, errors))
      out.shards = static_cast<size_t>(*n);
  if (auto v = map.find("mailbox"))
    if (auto n = read_integer(*v, "broker.mailbox", 1, max_u32, errors))
      out.mailbox = static_cast<uint32_t>(*n);
  if (auto v = map.find("lookahead"))
    if (auto n = read_integer(*v, "broker.lookahead", 1, max_u32, errors))
      out.lookahead = static_cast<uint32_t>(*n);
  if (auto v = map.find("dead_letters"))
    if (auto n = read_integer(*v, "broker.dead_letters", 1, max_i64, errors))
      out.dead_letters = static_cast<size_t>(*n);
}

// `tools: {<tool name>: {circuit_breaker: {...}}}`; an empty value is no
// tools, as for `plugins:`.
std::map<std::string, circuit_breaker_config> read_tools(const yaml_entry& e,
                                                         error_sink& errors) {
  std::map<std::string, circuit_breaker_config> out;
  if (e.value.IsNull())
    return out;
  yaml_map tools{e.value, "tools", "node.tools", {}, errors, /*any_key=*/true};
  for (auto& t : tools.entries()) {
    if (!is_valid_tool_name(t.name)) {
      errors.add(errors.at(t.key), "tools: '" + t.name
                                     + "' is not a valid tool name (expected "
                                       "1-128 characters of [A-Za-z0-9_.-])");
      continue;
    }
    auto label = "tools." + t.name;
    yaml_map tool{t.value, label, "tool '" + t.name + "'", tool_keys, errors};
    if (auto b = tool.find("circuit_breaker"))
      if (auto cfg = read_breaker_config(
            *b, label + ".circuit_breaker",
            "circuit_breaker of tool '" + t.name + "'", errors))
        out.emplace(t.name, *cfg);
  }
  return out;
}

void read_node_keys(const yaml_entry& node_entry, node_spec& spec,
                    reader_env& env) {
  auto& errors = env.errors;
  yaml_map map{node_entry.value, "node", "node", node_keys, errors};
  spec.where = map.where();
  if (auto e = map.find("name"))
    if (auto n = read_name(*e, "name", errors))
      spec.name = *n;
  if (auto e = map.find("threads"))
    if (auto n = read_integer(*e, "threads", 1, 4096, errors))
      spec.threads = static_cast<size_t>(*n);
  // Only the two CAF policies AIP supports; a typo is caught here rather
  // than inside CAF at start-up.
  if (auto e = map.find("scheduler")) {
    auto s = read_string(*e, "scheduler", errors);
    if (s && (*s == "sharing" || *s == "stealing"))
      spec.scheduler = *s;
    else if (s)
      report_unknown_choice(*e, "scheduler", *s, scheduler_names, errors);
  }
  if (auto e = map.find("events")) {
    auto s = read_string(*e, "events", errors);
    if (s && s->empty())
      errors.add(value_at(*e, errors), "events: expected stdout, stderr, off "
                                       "or a file path, got ''");
    else if (s)
      spec.events = *s;
  }
  if (auto e = map.find("debug_events"))
    if (auto b = read_bool(*e, "debug_events", errors))
      spec.debug_events = *b;
  if (auto e = map.find("plugins"))
    spec.plugins = read_plugins(*e, env);
  if (auto e = map.find("broker"))
    read_broker(*e, spec.broker, errors);
  if (auto e = map.find("tools"))
    spec.tool_breakers = read_tools(*e, errors);
}

} // namespace

node_spec read_node_spec(const YAML::Node& doc, reader_env& env) {
  auto& errors = env.errors;
  node_spec spec;
  yaml_map top{doc, "config", "the top level", top_keys, errors};
  spec.where = top.where();
  if (!top.is_map())
    return spec;
  if (auto e = top.find("node"))
    read_node_keys(*e, spec, env);
  if (auto e = top.find("supervisor"))
    spec.root = read_supervisor_spec(e->value, "supervisor", std::nullopt, env);
  else
    errors.add(top.where(), "missing required key 'supervisor' at the top "
                            "level (the root of the supervision tree)");
  return spec;
}

} // namespace aip::config_internal
