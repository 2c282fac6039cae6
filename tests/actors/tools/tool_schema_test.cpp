// tool_schema: each constraint class's message and JSON-pointer path, pointer
// escaping, concurrent validation on one compiled schema, and malformed
// schemas that must fail to compile with a located message instead of
// crashing.
#include "aip/actors/tools/tool_schema.hpp"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

namespace aip::test {
namespace {

using nlohmann::json;
using violations = std::vector<schema_violation>;

tool_schema compile_ok(const char* text) {
  auto result = tool_schema::compile(json::parse(text));
  EXPECT_TRUE(result) << result.error;
  return *result.schema;
}

std::string compile_error(const json& schema) {
  auto result = tool_schema::compile(schema);
  EXPECT_FALSE(result) << schema.dump();
  return result.error;
}

// One schema exercising every constraint class the messages translate.
constexpr const char* order_schema = R"({
  "type": "object",
  "properties": {
    "args": {
      "type": "object",
      "properties": { "a": { "type": "integer" }, "b": { "type": "integer" } },
      "required": ["a", "b"],
      "additionalProperties": false
    },
    "items": {
      "type": "array", "minItems": 1, "maxItems": 3,
      "items": {
        "type": "object",
        "properties": { "qty": { "type": "integer", "minimum": 1,
                                 "maximum": 99 } },
        "required": ["qty"]
      }
    },
    "mode": { "enum": ["a", "b"] },
    "code": { "type": "string", "pattern": "^[a-z]+$", "minLength": 2,
              "maxLength": 5 },
    "ratio": { "type": "number", "exclusiveMinimum": 0,
               "exclusiveMaximum": 1 },
    "maybe": { "type": ["string", "null"] },
    "a/b": { "type": "integer" },
    "t~x": { "type": "integer" },
    "7": { "type": "integer" }
  }
})";

struct tool_schema_test : ::testing::Test {
  tool_schema schema = compile_ok(order_schema);

  violations check(const char* value, std::string_view root = "") {
    return schema.validate(json::parse(value), root);
  }
};

TEST_F(tool_schema_test, valid_value_has_no_violations) {
  EXPECT_EQ(check(R"({"args": {"a": 1, "b": 2}, "items": [{"qty": 3}],
                      "mode": "a", "code": "abc", "ratio": 0.5,
                      "maybe": null})"),
            violations{});
  EXPECT_TRUE(schema.accepts(json::object()));
}

TEST_F(tool_schema_test, type_mismatch_names_expected_and_actual_type) {
  auto xs = check(R"({"args": {"a": 1, "b": "x"}})");
  EXPECT_EQ(xs, (violations{{"/args/b", "expected integer, got string"}}));
  EXPECT_EQ(first_error_text(xs), "/args/b: expected integer, got string");
  EXPECT_EQ(first_error_text(check(R"({"maybe": 3})")),
            "/maybe: expected string or null, got integer");
  EXPECT_EQ(first_error_text(check(R"({"ratio": "x"})")),
            "/ratio: expected number, got string");
}

TEST_F(tool_schema_test, root_prefixes_every_path) {
  EXPECT_EQ(first_error_text(check(R"({"args": {"a": 1, "b": []}})", "/call")),
            "/call/args/b: expected integer, got array");
}

TEST_F(tool_schema_test, whole_value_errors_have_an_empty_path) {
  auto xs = schema.validate(json::array());
  EXPECT_EQ(xs, (violations{{"", "expected object, got array"}}));
  EXPECT_EQ(first_error_text(xs), "expected object, got array");
  EXPECT_EQ(first_error_text({}), "");
}

TEST_F(tool_schema_test, required_is_reported_at_the_object) {
  EXPECT_EQ(check(R"({"args": {"a": 1}})"),
            (violations{{"/args", "missing required property 'b'"}}));
  EXPECT_EQ(check(R"({"items": [{"qty": 1}, {}]})"),
            (violations{{"/items/1", "missing required property 'qty'"}}));
}

TEST_F(tool_schema_test, additional_property_is_named) {
  EXPECT_EQ(check(R"({"args": {"a": 1, "b": 2, "c": 3}})"),
            (violations{{"/args", "unexpected property 'c'"}}));
}

TEST_F(tool_schema_test, enum_lists_the_allowed_values) {
  EXPECT_EQ(check(R"({"mode": "z"})"),
            (violations{{"/mode", R"(expected one of ["a","b"])"}}));
}

TEST_F(tool_schema_test, bounds_inside_arrays_use_index_paths) {
  EXPECT_EQ(check(R"({"items": [{"qty": 1}, {"qty": 2}, {"qty": 0}]})"),
            (violations{{"/items/2/qty", "expected at least 1, got 0"}}));
  EXPECT_EQ(check(R"({"items": [{"qty": 100}]})"),
            (violations{{"/items/0/qty", "expected at most 99, got 100"}}));
  EXPECT_EQ(check(R"({"ratio": 0})"),
            (violations{{"/ratio", "expected more than 0, got 0"}}));
  EXPECT_EQ(check(R"({"ratio": 1.0})"),
            (violations{{"/ratio", "expected less than 1, got 1.0"}}));
}

TEST_F(tool_schema_test, lengths_and_item_counts) {
  EXPECT_EQ(check(R"({"code": "a"})"),
            (violations{{"/code", "expected at least 2 characters, got 1"}}));
  EXPECT_EQ(check(R"({"code": "abcdef"})"),
            (violations{{"/code", "expected at most 5 characters, got 6"}}));
  EXPECT_EQ(check(R"({"items": []})"),
            (violations{{"/items", "expected at least 1 items, got 0"}}));
  EXPECT_EQ(check(R"({"items": [{"qty": 1}, {"qty": 1}, {"qty": 1},
                                {"qty": 1}]})"),
            (violations{{"/items", "expected at most 3 items, got 4"}}));
}

TEST_F(tool_schema_test, string_length_counts_code_points) {
  // "é" is two bytes in UTF-8 but one character for JSON Schema.
  auto xs
      = compile_ok(R"({"maxLength": 2})").validate(json("\u00e9\u00e9\u00e9"));
  EXPECT_EQ(xs, (violations{{"", "expected at most 2 characters, got 3"}}));
}

TEST_F(tool_schema_test, pattern_quotes_the_regex) {
  EXPECT_EQ(check(R"({"code": "AB"})"),
            (violations{{"/code", R"(does not match pattern "^[a-z]+$")"}}));
}

TEST_F(tool_schema_test, pointer_tokens_are_escaped) {
  EXPECT_EQ(first_error_text(check(R"({"a/b": "x"})")),
            "/a~1b: expected integer, got string");
  EXPECT_EQ(first_error_text(check(R"({"t~x": "x"})")),
            "/t~0x: expected integer, got string");
  // A numeric key in an object is a key, not an index.
  EXPECT_EQ(first_error_text(check(R"({"7": "x"})")),
            "/7: expected integer, got string");
}

TEST_F(tool_schema_test, reports_every_violation_without_summaries) {
  auto xs = check(R"({"args": {"a": "x", "b": 2}, "mode": "q",
                      "items": [{"qty": 0}]})");
  EXPECT_EQ(xs, (violations{{"/args/a", "expected integer, got string"},
                            {"/items/0/qty", "expected at least 1, got 0"},
                            {"/mode", R"(expected one of ["a","b"])"}}));
}

TEST(tool_schema, refs_are_followed_to_find_the_expected_type) {
  auto schema = compile_ok(R"({
    "type": "object",
    "definitions": { "count": { "type": "integer" } },
    "properties": { "next": { "$ref": "#" },
                    "n": { "$ref": "#/definitions/count" } }
  })");
  EXPECT_EQ(first_error_text(schema.validate(
                json::parse(R"({"next": {"next": {"n": "x"}}})"))),
            "/next/next/n: expected integer, got string");
}

TEST(tool_schema, alternatives_report_at_their_path) {
  auto schema = compile_ok(R"({"properties": {"x": {
    "anyOf": [{"type": "string"}, {"type": "integer"}]}}})");
  auto xs = schema.validate(json::parse(R"({"x": []})"));
  ASSERT_FALSE(xs.empty());
  for (const auto& x : xs)
    EXPECT_EQ(x.path, "/x") << x.message;
  // Both failed alternatives say the same, once.
  EXPECT_EQ(xs.front().message, "expected string or integer, got array");
  EXPECT_EQ(xs.size(), 2u);
  EXPECT_EQ(xs.back().message, "matches none of the allowed alternatives");
}

TEST(tool_schema, other_constraints_fall_back_to_valijson_text) {
  auto schema = compile_ok(R"({"type": "array", "uniqueItems": true})");
  auto xs = schema.validate(json::parse("[1, 2, 1]"));
  ASSERT_EQ(xs.size(), 1u);
  EXPECT_EQ(xs[0].path, "");
  EXPECT_NE(xs[0].message.find("uniqueness"), std::string::npos);
}

TEST(tool_schema, deeply_nested_values_are_rejected_not_recursed) {
  json value = 1;
  for (size_t i = 0; i < tool_schema::max_value_depth + 10; ++i)
    value = json::array({value});
  auto xs = compile_ok("{}").validate(value, "/args");
  ASSERT_EQ(xs.size(), 1u);
  EXPECT_EQ(xs[0].path, "/args");
  EXPECT_NE(xs[0].message.find("nested deeper"), std::string::npos);
}

TEST_F(tool_schema_test, long_strings_never_reach_a_pattern) {
  // 50k characters would overflow the stack inside std::regex.
  auto xs = schema.validate(json{{"code", std::string(50000, 'a')}}, "/args");
  EXPECT_EQ(xs, (violations{{"/args/code",
                             "string of 50000 characters too long to match "
                             "against a pattern (limit 1024)"}}));
  // Where no pattern applies, long strings are validated as usual.
  auto other = compile_ok(R"({"properties": {"id": {"pattern": "^a+$"},
                                             "text": {"type": "string"}}})");
  EXPECT_TRUE(other.accepts(json{{"text", std::string(50000, 'a')}}));
  // Keys are screened where patternProperties may apply.
  auto keys = compile_ok(R"({"patternProperties": {"^x": {}}})");
  auto ks = keys.validate(json{{std::string(5000, 'x'), 1}});
  ASSERT_EQ(ks.size(), 1u);
  EXPECT_EQ(ks[0].path, "");
  EXPECT_EQ(ks[0].message.rfind("property name: string of 5000", 0), 0u);
}

TEST_F(tool_schema_test, copies_share_the_compiled_schema) {
  auto copy = schema;
  EXPECT_EQ(copy.source(), json::parse(order_schema));
  EXPECT_EQ(first_error_text(copy.validate(json::parse(R"({"mode": 1})"))),
            R"(/mode: expected one of ["a","b"])");
}

TEST_F(tool_schema_test, validate_is_safe_from_several_threads) {
  // Each thread mixes a valid value and ones hitting pattern (regex), enum
  // and nested paths; every answer must equal the single-threaded one.
  const std::vector<json> values = {
      json::parse(R"({"args": {"a": 1, "b": 2}, "code": "abc"})"),
      json::parse(R"({"code": "AB", "mode": "z"})"),
      json::parse(R"({"items": [{"qty": 1}, {"qty": 0}], "args": {"a": 1}})"),
  };
  std::vector<violations> expected;
  for (const auto& v : values)
    expected.push_back(schema.validate(v));
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < mismatches.size(); ++t)
    threads.emplace_back([&, t] {
      for (int round = 0; round < 300; ++round) {
        auto i = (t + round) % values.size();
        if (schema.validate(values[i]) != expected[i])
          ++mismatches[t];
      }
    });
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

// -- Malformed schemas --------------------------------------------------------

TEST(tool_schema_compile, keyword_of_the_wrong_shape_is_located) {
  EXPECT_EQ(
      compile_error(json::parse(
          R"({"type": "object", "properties": {"x": {"minimum": "a"}}})")),
      "/properties/x/minimum: expected number, got string");
  EXPECT_EQ(compile_error(json::parse(R"({"required": "x"})")),
            "/required: expected array, got string");
  EXPECT_EQ(compile_error(json::parse(R"({"maximum": 1,
                                          "exclusiveMaximum": true})")),
            "/exclusiveMaximum: expected number, got boolean");
  EXPECT_EQ(compile_error(json::parse("[1, 2]")),
            "expected object or boolean, got array");
  auto bad_type = compile_error(json::parse(R"({"properties": {"x":
                                                {"type": "int"}}})"));
  EXPECT_EQ(bad_type.rfind("/properties/x/type: expected one of", 0), 0u)
      << bad_type;
}

TEST(tool_schema_compile, self_reference_without_progress_is_rejected) {
  // valijson would recurse until the stack overflows on each of these.
  auto root_loop = compile_error(json::parse(R"({"$ref": "#"})"));
  EXPECT_EQ(root_loop, "/$ref: loops back to '#' without consuming input");
  auto all_of = compile_error(json::parse(R"({"allOf": [{"$ref": "#"}]})"));
  EXPECT_NE(all_of.find("loops back to '#'"), std::string::npos) << all_of;
  auto mutual = compile_error(json::parse(R"({
    "definitions": { "a": { "$ref": "#/definitions/b" },
                     "b": { "not": { "$ref": "#/definitions/a" } } },
    "$ref": "#/definitions/a" })"));
  EXPECT_NE(mutual.find("loops back"), std::string::npos) << mutual;
}

TEST(tool_schema_compile, refs_must_be_local_and_resolve) {
  auto dangling = compile_error(
      json::parse(R"({"properties": {"x": {"$ref": "#/definitions/nope"}}})"));
  EXPECT_EQ(
      dangling,
      R"(/properties/x/$ref: $ref "#/definitions/nope" points to nothing)");
  auto remote = compile_error(
      json::parse(R"({"$ref": "http://example.com/schema.json"})"));
  EXPECT_NE(remote.find("is not local"), std::string::npos) << remote;
  auto anchor = compile_error(json::parse(R"({"$ref": "#foo"})"));
  EXPECT_NE(anchor.find("not a JSON pointer"), std::string::npos) << anchor;
}

TEST(tool_schema_compile, invalid_regexes_are_caught_at_compile_time) {
  auto pattern = compile_error(
      json::parse(R"({"properties": {"x": {"pattern": "(["}}})"));
  EXPECT_EQ(pattern.rfind(R"(/properties/x/pattern: invalid regex "([")", 0),
            0u)
      << pattern;
  auto keys = compile_error(json::parse(R"({"patternProperties": {"(": {}}})"));
  EXPECT_EQ(keys.rfind("/patternProperties/(: invalid regex", 0), 0u) << keys;
}

TEST(tool_schema_compile, absurdly_deep_schemas_are_rejected) {
  json schema = json::object();
  for (int i = 0; i < 100; ++i)
    schema = json{{"properties", {{"x", schema}}}};
  auto error = compile_error(schema);
  EXPECT_NE(error.find("nested deeper"), std::string::npos) << error;
}

TEST(tool_schema_compile, ordinary_schemas_compile) {
  for (auto text :
       {"{}", "true", R"({"type": "object"})",
        R"({"type": "object", "properties": {"n": {"$ref": "#"}}})",
        R"({"items": [{"type": "string"}], "additionalItems": false})",
        R"({"if": {"required": ["a"]}, "then": {"required": ["b"]}})"})
    EXPECT_TRUE(tool_schema::compile(json::parse(text))) << text;
}

} // namespace
} // namespace aip::test
