#pragma once
/// Parses config text into its one YAML document, turning syntax errors
/// (and a second document) into config errors. Works around yaml-cpp 0.7
/// looping forever in LoadAll on a stray ',' (jbeder/yaml-cpp#1040).

#include "aip/config/internal/error_sink.hpp"

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

namespace aip::config_internal {

/// The first document of `text`, or nullopt when the text holds none or a
/// syntax error was reported.
std::optional<YAML::Node> parse_document(const std::string& text,
                                         error_sink& errors);

} // namespace aip::config_internal
