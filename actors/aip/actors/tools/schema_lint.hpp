#pragma once
/// Structural checks on a JSON Schema for what valijson 1.0 cannot handle
/// safely: it recurses forever on schemas that reach themselves without
/// consuming input, and compiles `pattern` regexes only while validating.
/// Pure function, any thread; called by `tool_schema::compile`.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace aip {

/// Schemas nested deeper than this are rejected (valijson parses them
/// recursively).
inline constexpr size_t max_schema_depth = 64;

/// Returns nullopt when `schema` is safe to hand to valijson, else one
/// message that starts with the JSON pointer of the problem, e.g.
/// `/allOf/0: $ref '#' loops back to / without consuming input`. Rejects:
/// `$ref` other than a local JSON pointer (`#`, `#/definitions/x`), a `$ref`
/// whose target does not exist, cycles through `$ref`, `allOf`, `anyOf`,
/// `oneOf`, `not`, `if`/`then`/`else` or schema `dependencies`, `pattern`
/// and `patternProperties` keys that are not valid ECMAScript regexes, and
/// nesting deeper than `max_schema_depth`. Assumes the schema already passed
/// the draft-7 meta-schema (keyword values have the right JSON types).
std::optional<std::string> lint_schema(const nlohmann::json& schema);

/// Whether `x` nests arrays/objects more than `limit` levels deep; walks at
/// most `limit` levels. Used for schemas here and for values validated
/// against them (tool_schema), which valijson would also recurse into.
bool deeper_than(const nlohmann::json& x, size_t limit);

} // namespace aip
