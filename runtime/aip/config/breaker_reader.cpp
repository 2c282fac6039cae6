#include "aip/config/internal/breaker_reader.hpp"

#include "aip/config/internal/scalar_reader.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <vector>

namespace aip::config_internal {

namespace {

const std::vector<std::string> breaker_keys = {"consecutive_failures",
                                               "failure_rate",
                                               "min_calls_in_window",
                                               "window",
                                               "open_for",
                                               "half_open_probes",
                                               "max_concurrent"};

// An integer field. Only representability is checked here: a value below the
// field's type is clamped to its minimum, which validate() rejects, and the
// message then shows the text from the file.
template <class T>
bool read_count(const yaml_map& map, const char* key, const std::string& label,
                T& out, error_sink& errors) {
  auto e = map.find(key);
  if (!e)
    return true;
  using lim = std::numeric_limits<T>;
  auto max = static_cast<int64_t>(
    std::min<uint64_t>(lim::max(), std::numeric_limits<int64_t>::max()));
  auto v = read_integer(*e, label + "." + key,
                        std::numeric_limits<int64_t>::min(), max, errors);
  if (!v)
    return false;
  out = *v < static_cast<int64_t>(lim::min()) ? lim::min() : static_cast<T>(*v);
  return true;
}

bool read_time(const yaml_map& map, const char* key, const std::string& label,
               duration& out, error_sink& errors) {
  auto e = map.find(key);
  if (!e)
    return true;
  // Zero passes here so that validate() owns the range rule.
  auto d = read_duration(*e, label + "." + key, "5s", false, errors);
  if (d)
    out = *d;
  return d.has_value();
}

// Puts one field back to its default so validate() can report the next one.
bool reset_field(circuit_breaker_config& c, std::string_view field) {
  const circuit_breaker_config d;
  if (field == "consecutive_failures")
    c.consecutive_failures = d.consecutive_failures;
  else if (field == "failure_rate")
    c.failure_rate = d.failure_rate;
  else if (field == "min_calls_in_window")
    c.min_calls_in_window = d.min_calls_in_window;
  else if (field == "window")
    c.window = d.window;
  else if (field == "open_for")
    c.open_for = d.open_for;
  else if (field == "half_open_probes")
    c.half_open_probes = d.half_open_probes;
  else if (field == "max_concurrent")
    c.max_concurrent = d.max_concurrent;
  else
    return false;
  return true;
}

// validate() stops at the first bad field; the loader reports all of them,
// each at its own value, with the value as written in the file.
bool report_range_errors(circuit_breaker_config& cfg, const yaml_map& map,
                         const std::string& label, error_sink& errors) {
  bool ok = true;
  while (auto msg = cfg.validate()) {
    ok = false;
    auto field = msg->substr(0, msg->find(':'));
    auto e = map.find(field);
    auto text = *msg;
    auto got = text.rfind(", got ");
    if (e && e->value.IsScalar() && got != std::string::npos)
      text = text.substr(0, got) + ", got " + e->value.Scalar();
    errors.add(e ? value_at(*e, errors) : map.where(), label + "." + text);
    if (!reset_field(cfg, field))
      break;
  }
  return ok;
}

} // namespace

std::optional<circuit_breaker_config>
read_breaker_config(const yaml_entry& e, std::string_view label,
                    std::string_view context, error_sink& errors) {
  std::string l{label};
  // Reported at the key, as for other empty values (yaml-cpp marks an empty
  // value at the next token).
  if (e.value.IsNull()) {
    errors.add(errors.at(e.key), l + ": expected a map, got nothing");
    return std::nullopt;
  }
  yaml_map map{e.value, label, context, breaker_keys, errors};
  if (!map.is_map())
    return std::nullopt;
  circuit_breaker_config cfg;
  bool ok = true;
  ok &= read_count(map, "consecutive_failures", l, cfg.consecutive_failures,
                   errors);
  if (auto v = map.find("failure_rate")) {
    auto x = read_number(*v, l + ".failure_rate", errors);
    ok &= x.has_value();
    cfg.failure_rate = x.value_or(cfg.failure_rate);
  }
  ok &= read_count(map, "min_calls_in_window", l, cfg.min_calls_in_window,
                   errors);
  ok &= read_time(map, "window", l, cfg.window, errors);
  ok &= read_time(map, "open_for", l, cfg.open_for, errors);
  ok &= read_count(map, "half_open_probes", l, cfg.half_open_probes, errors);
  ok &= read_count(map, "max_concurrent", l, cfg.max_concurrent, errors);
  ok &= report_range_errors(cfg, map, l, errors);
  if (!ok)
    return std::nullopt;
  return cfg;
}

} // namespace aip::config_internal
