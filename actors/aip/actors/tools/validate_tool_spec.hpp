#pragma once
/// Checks an agent's tool declaration before the broker accepts it: the name
/// rule and both JSON Schemas (compiled through tool_schema).

#include <optional>
#include <string>
#include <string_view>

#include "aip/agents/tool_spec.hpp"

namespace aip {

/// Returns nullopt for a usable spec, else one message naming the field, e.g.
/// `name: expected 1-128 characters of [A-Za-z0-9_.-], got "a b"` or
/// `input_schema: /properties/x/type: expected one of [...]`. Compiles both
/// schemas (see tool_schema::compile).
std::optional<std::string> validate_tool_spec(const tool_spec& spec);

} // namespace aip
