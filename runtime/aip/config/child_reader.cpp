#include "aip/config/internal/agent_args_reader.hpp"
#include "aip/config/internal/breaker_reader.hpp"
#include "aip/config/internal/closest_match.hpp"
#include "aip/config/internal/scalar_reader.hpp"
#include "aip/config/internal/spec_readers.hpp"

#include <cstdint>
#include <limits>
#include <utility>

namespace aip::config_internal {

namespace {

const std::vector<std::string> child_keys = {
  "name", "type",   "supervisor", "restart", "shutdown",        "significant",
  "args", "health", "owner",      "mailbox", "circuit_breaker", "critical"};
// Keys that configure a running agent: a nested supervisor takes none.
const std::vector<std::string> worker_only_keys
  = {"args", "owner", "mailbox", "circuit_breaker", "critical"};
const std::vector<std::string> restart_names
  = {"permanent", "transient", "temporary"};

// The child's name for messages, read before the keys are checked so that
// even the first errors can say which child they are about.
std::string peek_name(const YAML::Node& node) {
  if (node.IsMap())
    for (const auto& kv : node)
      if (kv.first.IsScalar() && kv.first.Scalar() == "name"
          && kv.second.IsScalar())
        return kv.second.Scalar();
  return {};
}

void read_name_key(const yaml_map& map, bool is_template, child_read& out,
                   error_sink& errors) {
  auto e = map.find("name");
  if (is_template) {
    if (e)
      errors.add(errors.at(e->key),
                 "name: not allowed in a template (simple_one_for_one "
                 "children are named at run time)");
    return;
  }
  if (!e) {
    errors.add(map.where(), "child needs a name");
    return;
  }
  out.name_at = value_at(*e, errors);
  if (auto n = read_name(*e, "name", errors))
    out.spec.name = *n;
}

void read_worker(const yaml_entry& type_entry, const yaml_map& map,
                 child_read& out, reader_env& env) {
  auto& errors = env.errors;
  auto name = read_string(type_entry, "type", errors);
  if (!name)
    return;
  auto type = env.types.find(*name);
  if (!type) {
    auto known = env.types.names();
    errors.add(value_at(type_entry, errors),
               "unknown agent type '" + *name + "'" + did_you_mean(*name, known)
                 + (known.empty() ? "; no agent types are registered"
                                  : "; known types: " + join(known)));
    return;
  }
  out.spec.type = *name;
  out.spec.args = read_agent_args(map.find("args"), *type,
                                  value_at(type_entry, errors), errors);
}

void read_kind(const yaml_map& map, const std::string& context, child_read& out,
               reader_env& env) {
  auto& errors = env.errors;
  auto type = map.find("type");
  auto sup = map.find("supervisor");
  if (type && sup) {
    auto t = errors.at(type->key);
    auto s = errors.at(sup->key);
    bool type_last = std::pair{t.line, t.column} > std::pair{s.line, s.column};
    auto second = type_last ? type : sup;
    errors.add(errors.at(second->key),
               context
                 + " has both type and supervisor; a child is either a "
                   "worker (type) or a nested supervisor (supervisor)");
  } else if (!type && !sup) {
    errors.add(map.where(), context
                              + " needs either type (a worker) or "
                                "supervisor (a nested supervisor)");
  }
  if (type)
    read_worker(*type, map, out, env);
  if (sup) {
    auto name = out.spec.name.empty() ? std::string{"template"} : out.spec.name;
    out.spec.supervisor = std::make_shared<supervisor_spec>(
      read_supervisor_spec(sup->value, "supervisor '" + name + "'", name, env));
    for (auto& key : worker_only_keys)
      if (auto e = map.find(key)) {
        auto msg = key + ": only workers (children with type) take " + key;
        errors.add(errors.at(e->key), std::move(msg));
      }
  }
}

void read_agent_keys(const yaml_map& map, child_read& out, error_sink& errors) {
  if (auto e = map.find("owner")) {
    auto s = read_string(*e, "owner", errors);
    // An explicit empty owner is a slip: leave the key out for "nobody".
    if (s && s->empty())
      errors.add(value_at(*e, errors),
                 "owner: expected a non-empty string, got ''");
    else if (s)
      out.spec.owner = *s;
  }
  if (auto e = map.find("mailbox"))
    if (auto n = read_integer(*e, "mailbox", 1,
                              std::numeric_limits<uint32_t>::max(), errors))
      out.spec.mailbox = static_cast<uint32_t>(*n);
  if (auto e = map.find("circuit_breaker"))
    out.spec.breaker
      = read_breaker_config(*e, "circuit_breaker", "circuit_breaker", errors);
  if (auto e = map.find("critical"))
    if (auto b = read_bool(*e, "critical", errors))
      out.spec.critical = *b;
}

void read_policies(const yaml_map& map, child_read& out, error_sink& errors) {
  if (auto e = map.find("restart"))
    if (auto r
        = read_choice<restart_type>(*e, "restart", "restart type",
                                    restart_names, parse_restart_type, errors))
      out.spec.restart = *r;
  if (auto e = map.find("shutdown"))
    out.spec.shutdown = read_shutdown(*e, errors);
  if (auto e = map.find("significant")) {
    auto b = read_bool(*e, "significant", errors);
    if (b)
      out.spec.significant = *b;
    if (b && *b) {
      out.significant_at = value_at(*e, errors);
      // OTP: a permanent child is always restarted, so it can never be the
      // exit that shuts its supervisor down.
      if (out.spec.restart == restart_type::permanent)
        errors.add(*out.significant_at,
                   "significant: true requires restart transient or "
                   "temporary");
    }
  }
  if (auto e = map.find("health"))
    out.spec.health = read_health_spec(*e, errors);
}

} // namespace

child_read read_child_spec(const YAML::Node& node, bool is_template,
                           reader_env& env) {
  auto& errors = env.errors;
  child_read out;
  std::string context = "template";
  if (!is_template) {
    auto name = peek_name(node);
    context = name.empty() ? "child" : "child '" + name + "'";
  }
  yaml_map map{node, is_template ? "template" : "child", context, child_keys,
               errors};
  out.spec.where = map.where();
  out.name_at = map.where();
  if (!map.is_map())
    return out;
  read_name_key(map, is_template, out, errors);
  read_kind(map, context, out, env);
  if (!out.spec.is_supervisor())
    read_agent_keys(map, out, errors);
  read_policies(map, out, errors);
  return out;
}

} // namespace aip::config_internal
