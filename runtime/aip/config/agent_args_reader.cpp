#include "aip/config/internal/agent_args_reader.hpp"

#include "aip/config/internal/closest_match.hpp"
#include "aip/config/internal/scalar_reader.hpp"

namespace aip::config_internal {

namespace {

// What the error says a kind looks like; a duration gets an example because
// a bare number (`interval: 100`) is the usual mistake.
std::string expected_text(arg_kind kind) {
  switch (kind) {
  case arg_kind::boolean:
    return "true or false";
  case arg_kind::integer:
    return "an integer";
  case arg_kind::number:
    return "a number";
  case arg_kind::string:
    return "a string";
  case arg_kind::duration:
    return "a duration like 100ms";
  }
  return "?";
}

std::optional<arg_value> parse_arg(arg_kind kind, const std::string& text) {
  switch (kind) {
  case arg_kind::boolean:
    if (auto b = parse_bool(text))
      return *b;
    break;
  case arg_kind::integer:
    if (auto i = parse_integer(text))
      return *i;
    break;
  case arg_kind::number:
    if (auto d = parse_number(text))
      return *d;
    break;
  case arg_kind::string:
    return text;
  case arg_kind::duration:
    if (auto d = parse_duration(text))
      return *d;
    break;
  }
  return std::nullopt;
}

std::vector<std::string> arg_names(const agent_type& type) {
  std::vector<std::string> out;
  for (auto& a : type.args)
    out.push_back(a.name);
  return out;
}

void report_unknown_arg(const yaml_entry& e, const agent_type& type,
                        error_sink& errors) {
  auto names = arg_names(type);
  std::string msg = "unknown arg '" + e.name + "' for type '" + type.name + "'";
  if (names.empty())
    msg += ", which takes no args";
  else
    msg += did_you_mean(e.name, names) + "; accepted: " + join(names);
  errors.add(errors.at(e.key), std::move(msg));
}

} // namespace

std::shared_ptr<const agent_args> read_agent_args(const yaml_entry* args,
                                                  const agent_type& type,
                                                  source_location type_at,
                                                  error_sink& errors) {
  auto out = std::make_shared<agent_args>();
  std::optional<yaml_map> map;
  if (args) {
    map.emplace(args->value, "args", "args", std::vector<std::string>{}, errors,
                /*any_key=*/true);
    type_at = errors.at(args->key);
    for (auto& e : map->entries()) {
      auto spec = type.find_arg(e.name);
      if (!spec) {
        report_unknown_arg(e, type, errors);
        continue;
      }
      auto label = "args." + e.name;
      std::optional<arg_value> value;
      if (e.value.IsScalar())
        value = parse_arg(spec->kind, e.value.Scalar());
      if (value)
        out->set(e.name, std::move(*value));
      else
        errors.add(value_at(e, errors), label + ": expected "
                                          + expected_text(spec->kind) + ", got "
                                          + describe(e.value));
    }
  }
  for (auto& spec : type.args)
    if (spec.required && !(map && map->find(spec.name)))
      errors.add(type_at, "missing required arg '" + spec.name + "' for type '"
                            + type.name + "'");
  return out;
}

} // namespace aip::config_internal
