#include "aip/config/internal/scalar_reader.hpp"
#include "aip/config/internal/spec_readers.hpp"

namespace aip::config_internal {

std::optional<health_spec> read_health_spec(const yaml_entry& e,
                                            error_sink& errors) {
  static const std::vector<std::string> keys
    = {"interval", "timeout", "failures"};
  yaml_map map{e.value, "health", "health", keys, errors};
  if (!map.is_map())
    return std::nullopt;
  health_spec out;
  bool ok = true;
  // All three are required: a half-written health check is more likely a
  // mistake than a wish for defaults.
  for (auto& k : keys)
    if (!map.find(k)) {
      errors.add(errors.at(e.key), "health: missing required key '" + k + "'");
      ok = false;
    }
  if (auto v = map.find("interval")) {
    auto d = read_duration(*v, "health.interval", "1s", true, errors);
    ok = ok && d;
    out.interval = d.value_or(out.interval);
  }
  if (auto v = map.find("timeout")) {
    auto d = read_duration(*v, "health.timeout", "100ms", true, errors);
    ok = ok && d;
    out.timeout = d.value_or(out.timeout);
  }
  if (auto v = map.find("failures")) {
    auto n = read_integer(*v, "health.failures", 1, errors);
    if (n && *n > 1'000'000) {
      errors.add(value_at(*v, errors),
                 "health.failures: too large, got " + std::to_string(*n));
      n.reset();
    }
    ok = ok && n;
    out.failures = static_cast<int>(n.value_or(out.failures));
  }
  if (!ok)
    return std::nullopt;
  return out;
}

} // namespace aip::config_internal
