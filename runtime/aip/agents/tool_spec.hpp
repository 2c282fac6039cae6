#pragma once
/// What an agent declares about one tool it offers: a name callers use, a
/// description for LLM prompts, JSON Schemas for the arguments and result,
/// and search tags. A plain value. The broker checks a declaration with
/// `validate_tool_spec` (aip/actors/tools/validate_tool_spec.hpp).

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace aip {

struct tool_spec {
  /// 1-128 characters of [A-Za-z0-9_.-] (the MCP rule), e.g. `calc.add`.
  std::string name;
  /// Free text shown to whoever chooses a tool (people and LLMs).
  std::string description;
  /// JSON Schema (draft 7) of the arguments: an object schema
  /// (`"type": "object"`).
  nlohmann::json input_schema;
  /// JSON Schema of the result, or null when the tool does not say.
  nlohmann::json output_schema;
  /// Words for `tool_catalog::search`, e.g. `math`.
  std::vector<std::string> tags;
};

/// Whether `name` follows the MCP rule above (tool_spec::name).
bool is_valid_tool_name(std::string_view name);

} // namespace aip
