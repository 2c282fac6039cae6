#pragma once
/// A JSON Schema (draft 7, via valijson) compiled once and then checked
/// against many values, with violations as JSON pointers and short messages.
/// Immutable after `compile`; `validate` may run on any number of threads at
/// once on one tool_schema (copies share the compiled schema). CAF-free.

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aip {

/// One way a value fails its schema.
struct schema_violation {
  /// RFC 6901 JSON pointer of the offending value, `""` for the whole value,
  /// e.g. `/args/b` or `/items/2/qty`. For `required` and
  /// `additionalProperties` it names the object, and the message the key.
  std::string path;
  /// Short English text, e.g. `expected integer, got string`.
  std::string message;
};

bool operator==(const schema_violation& x, const schema_violation& y);

/// `path: message`, or just `message` when path is empty (the whole value).
std::string to_string(const schema_violation& x);

/// `to_string` of the first violation, or `""` when there is none. This is
/// the line a tool caller (often an LLM) gets back, e.g.
/// `/args/b: expected integer, got string`.
std::string first_error_text(const std::vector<schema_violation>& xs);

struct schema_compile_result;

class tool_schema {
public:
  /// Values nested deeper than this are rejected before validation, so that
  /// a hostile value cannot exhaust the stack of valijson's recursion.
  static constexpr size_t max_value_depth = 128;

  /// Strings and keys longer than this are rejected where a `pattern`,
  /// `patternProperties` or `propertyNames` may apply to them (or where the
  /// schema cannot tell): libstdc++'s std::regex, which valijson uses,
  /// recurses once per character and overflows an 8 MB stack at ~20k.
  static constexpr size_t max_pattern_subject = 1024;

  /// Checks `schema` against the draft-7 meta-schema, then against the
  /// things valijson would crash on or only notice while validating (see
  /// schema_lint.hpp), then compiles it. Never throws for a bad schema: the
  /// result says what is wrong and where, e.g.
  /// `/properties/b/type: expected one of [...]`.
  static schema_compile_result compile(const nlohmann::json& schema);

  /// Every violation of `value`, in the order valijson found them (innermost
  /// first), without valijson's "failed to validate property x" summaries.
  /// Empty means valid. `root` is a JSON pointer put in front of every path,
  /// e.g. `/args` when `value` is the `args` member of a larger message.
  std::vector<schema_violation> validate(const nlohmann::json& value,
                                         std::string_view root = "") const;

  /// Shorthand for `validate(value).empty()`.
  bool accepts(const nlohmann::json& value) const;

  /// The schema as it was given to `compile`.
  const nlohmann::json& source() const;

private:
  struct impl;

  /// Compiles without the meta-schema and lint checks; for the meta-schema
  /// itself, which the checks depend on.
  static schema_compile_result compile_unchecked(const nlohmann::json& schema);

  explicit tool_schema(std::shared_ptr<const impl> ptr);

  std::shared_ptr<const impl> impl_;
};

/// What `tool_schema::compile` returns: a schema, or why there is none.
struct schema_compile_result {
  std::optional<tool_schema> schema;
  /// Empty on success.
  std::string error;

  explicit operator bool() const noexcept {
    return schema.has_value();
  }
};

} // namespace aip
