#pragma once
/// Reads a `circuit_breaker:` map (on an agent child or a `node.tools` entry)
/// into a `circuit_breaker_config`: missing keys keep their defaults, types
/// are checked here and ranges by `circuit_breaker_config::validate()`.
/// Internal to the config loader.

#include "aip/config/internal/yaml_map.hpp"
#include "aip/resilience/circuit_breaker_config.hpp"

#include <optional>
#include <string_view>

namespace aip::config_internal {

/// `label` prefixes value errors (`circuit_breaker.failure_rate: expected
/// 0 < x <= 1, got 1.5`); `context` names the map in unknown-key errors.
/// Returns nullopt when any error was reported.
std::optional<circuit_breaker_config>
read_breaker_config(const yaml_entry& e, std::string_view label,
                    std::string_view context, error_sink& errors);

} // namespace aip::config_internal
