#pragma once
/// Turns valijson's validation output (a context like `<root> [args] [b]`
/// plus an English sentence) into `schema_violation`s with JSON-pointer paths
/// and short messages, and screens values before std::regex sees them.
/// Pure functions, any thread; the implementation of `tool_schema::validate`.

#include "aip/actors/tools/tool_schema.hpp"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace aip {

/// Whether valijson's `sentence` only repeats a child's error one level up
/// ("Failed to validate against schema associated with property name ...").
bool is_summary_sentence(const std::string& sentence);

/// One valijson error as a violation whose path is relative to `value`.
/// `schema` is the source of the compiled schema that `value` failed; it is
/// walked along the path to name the expected type, bound or enum.
schema_violation describe_violation(const std::vector<std::string>& context,
                                    const std::string& sentence,
                                    const nlohmann::json& value,
                                    const nlohmann::json& schema);

/// Whether `schema` has a `pattern` or `patternProperties` anywhere
/// (over-approximated: such a key at any depth).
bool mentions_regex(const nlohmann::json& schema);

/// The first string or property name in `value` longer than
/// `tool_schema::max_pattern_subject` to which a regex of `schema` may
/// apply, as a violation (path relative to `value`); nullopt if none.
std::optional<schema_violation>
screen_long_strings(const nlohmann::json& schema, const nlohmann::json& value);

} // namespace aip
