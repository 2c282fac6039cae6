#pragma once
/// What an agent declares about one tool it offers: a name callers use, a
/// description for LLM prompts, JSON Schemas for the arguments and result,
/// and search tags. A plain value; `validate_tool_spec` on any thread.

#include <nlohmann/json.hpp>

#include <optional>
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

/// Whether `name` follows the MCP rule above.
bool is_valid_tool_name(std::string_view name);

/// Returns nullopt for a usable spec, else one message naming the field, e.g.
/// `name: expected 1-128 characters of [A-Za-z0-9_.-], got "a b"` or
/// `input_schema: /properties/x/type: expected one of [...]`. Compiles both
/// schemas (see tool_schema::compile).
std::optional<std::string> validate_tool_spec(const tool_spec& spec);

} // namespace aip
