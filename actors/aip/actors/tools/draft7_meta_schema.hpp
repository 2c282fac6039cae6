#pragma once
/// The JSON Schema draft-07 meta-schema (json-schema.org/draft-07/schema),
/// used by `tool_schema::compile` to say where a malformed schema is wrong.
/// A constant; any thread.

#include <nlohmann/json.hpp>

namespace aip {

/// Parsed once on first use (thread-safe static initialisation).
const nlohmann::json& draft7_meta_schema();

} // namespace aip
