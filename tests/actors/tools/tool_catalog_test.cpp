// tool_spec validation and tool_catalog: add / remove / list / search
// ranking, one meaning per tool name, and both pickers.
#include "aip/actors/tools/tool_catalog.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace aip::test {
namespace {

using nlohmann::json;
using agent_id = tool_catalog::agent_id;
using policy = tool_catalog::policy;

json object_schema(const char* property, const char* type) {
  return json{{"type", "object"},
              {"properties", {{property, {{"type", type}}}}},
              {"required", {property}}};
}

tool_spec spec(std::string name, std::string description = "",
               std::vector<std::string> tags = {},
               json input = object_schema("x", "number")) {
  return tool_spec{std::move(name), std::move(description), std::move(input),
                   nullptr, std::move(tags)};
}

std::vector<std::string> names(const std::vector<const tool_spec*>& xs) {
  std::vector<std::string> out;
  for (auto x : xs)
    out.push_back(x->name);
  return out;
}

// -- validate_tool_spec -------------------------------------------------------

TEST(tool_spec, names_follow_the_mcp_rule) {
  EXPECT_TRUE(is_valid_tool_name("calc.add-v2_X"));
  EXPECT_TRUE(is_valid_tool_name(std::string(128, 'a')));
  EXPECT_FALSE(is_valid_tool_name(std::string(129, 'a')));
  EXPECT_FALSE(is_valid_tool_name(""));
  EXPECT_FALSE(is_valid_tool_name("a b"));
  EXPECT_FALSE(is_valid_tool_name("calc/add"));
  EXPECT_EQ(validate_tool_spec(spec("a b")),
            R"(name: expected 1-128 characters of [A-Za-z0-9_.-], got "a b")");
}

TEST(tool_spec, input_schema_must_be_an_object_schema) {
  EXPECT_EQ(validate_tool_spec(spec("t")), std::nullopt);
  EXPECT_EQ(validate_tool_spec(spec("t", "", {}, json::array())),
            "input_schema: expected an object schema, got array");
  EXPECT_EQ(validate_tool_spec(spec("t", "", {}, json::object())),
            R"(input_schema: expected "type": "object")");
  EXPECT_EQ(validate_tool_spec(spec("t", "", {}, {{"type", "string"}})),
            R"(input_schema: expected "type": "object")");
}

TEST(tool_spec, both_schemas_must_compile) {
  auto bad_input
      = spec("t", "", {}, json::parse(R"({"type": "object", "properties":
                                        {"x": {"type": 5}}})"));
  auto error = validate_tool_spec(bad_input);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->rfind("input_schema: /properties/x/type: ", 0), 0u)
      << *error;
  auto bad_output = spec("t");
  bad_output.output_schema = json::parse(R"({"minLength": -1})");
  EXPECT_EQ(validate_tool_spec(bad_output),
            "output_schema: /minLength: expected at least 0, got -1");
}

// -- tool_catalog -------------------------------------------------------------

TEST(tool_catalog, lists_each_name_once_sorted) {
  tool_catalog cat;
  EXPECT_EQ(cat.add(2, spec("zeta")), std::nullopt);
  EXPECT_EQ(cat.add(1, spec("alpha", "first")), std::nullopt);
  EXPECT_EQ(cat.add(3, spec("alpha", "second")), std::nullopt);
  EXPECT_EQ(names(cat.list()), (std::vector<std::string>{"alpha", "zeta"}));
  EXPECT_EQ(cat.size(), 2u);
  // The first declaration is canonical.
  EXPECT_EQ(cat.find("alpha")->description, "first");
  EXPECT_EQ(cat.offerers("alpha"), (std::vector<agent_id>{1, 3}));
  EXPECT_EQ(cat.offerers("nope"), std::vector<agent_id>{});
  EXPECT_EQ(cat.find("nope"), nullptr);
}

TEST(tool_catalog, rejects_invalid_specs_and_repeats) {
  tool_catalog cat;
  auto bad = cat.add(1, spec("t", "", {}, json::object()));
  ASSERT_TRUE(bad);
  EXPECT_EQ(*bad, R"(tool 't': input_schema: expected "type": "object")");
  EXPECT_TRUE(cat.add(1, spec("bad name")));
  EXPECT_EQ(cat.size(), 0u);
  EXPECT_EQ(cat.add(1, spec("t")), std::nullopt);
  EXPECT_EQ(cat.add(1, spec("t")), "tool 't': agent 1 already offers it");
  EXPECT_EQ(cat.offerers("t"), std::vector<agent_id>{1});
}

TEST(tool_catalog, one_name_means_one_input_schema) {
  tool_catalog cat;
  ASSERT_EQ(cat.add(1, spec("calc.add")), std::nullopt);
  auto error
      = cat.add(2, spec("calc.add", "", {}, object_schema("x", "string")));
  EXPECT_EQ(error, "tool 'calc.add': agent 2 declares an input_schema "
                   "different from the one agent 1 declared");
  EXPECT_EQ(cat.offerers("calc.add"), std::vector<agent_id>{1});
  // The same schema written in another key order is the same schema.
  auto reordered = json::parse(R"({"required": ["x"], "type": "object",
                                   "properties": {"x": {"type": "number"}}})");
  EXPECT_EQ(cat.add(3, spec("calc.add", "", {}, reordered)), std::nullopt);
  // Once the first declarer leaves, conflicts name an agent still there.
  cat.remove_agent(1);
  EXPECT_EQ(cat.add(4, spec("calc.add", "", {}, object_schema("y", "number"))),
            "tool 'calc.add': agent 4 declares an input_schema different "
            "from the one agent 3 declared");
}

TEST(tool_catalog, schemas_are_compiled_for_callers) {
  tool_catalog cat;
  auto with_output = spec("t");
  with_output.output_schema = json{{"type", "number"}};
  ASSERT_EQ(cat.add(1, with_output), std::nullopt);
  ASSERT_EQ(cat.add(1, spec("u")), std::nullopt);
  auto input = cat.input_schema("t");
  ASSERT_NE(input, nullptr);
  EXPECT_EQ(first_error_text(input->validate(json{{"x", "1"}}, "/args")),
            "/args/x: expected number, got string");
  ASSERT_NE(cat.output_schema("t"), nullptr);
  EXPECT_TRUE(cat.output_schema("t")->accepts(3.5));
  EXPECT_EQ(cat.output_schema("u"), nullptr);
  EXPECT_EQ(cat.input_schema("nope"), nullptr);
}

TEST(tool_catalog, search_ranks_name_matches_first) {
  tool_catalog cat;
  ASSERT_EQ(cat.add(1, spec("math.add", "Add two numbers")), std::nullopt);
  ASSERT_EQ(cat.add(1, spec("address.lookup", "Find a street")), std::nullopt);
  ASSERT_EQ(cat.add(1, spec("sum.all", "ADDs a list of numbers")),
            std::nullopt);
  ASSERT_EQ(cat.add(1, spec("concat", "Join strings", {"Addition-free"})),
            std::nullopt);
  ASSERT_EQ(cat.add(1, spec("weather", "Forecast", {"geo"})), std::nullopt);
  EXPECT_EQ(names(cat.search("Add")),
            (std::vector<std::string>{"address.lookup", "math.add", "concat",
                                      "sum.all"}));
  EXPECT_EQ(names(cat.search("GEO")), std::vector<std::string>{"weather"});
  EXPECT_EQ(names(cat.search("numbers")),
            (std::vector<std::string>{"math.add", "sum.all"}));
  EXPECT_EQ(cat.search("nothing-like-this"), std::vector<const tool_spec*>{});
  EXPECT_EQ(cat.search("").size(), 5u);
}

TEST(tool_catalog, round_robin_rotates_in_id_order) {
  tool_catalog cat;
  for (agent_id a : {3, 1, 2})
    ASSERT_EQ(cat.add(a, spec("t")), std::nullopt);
  std::vector<agent_id> picked;
  for (int i = 0; i < 4; ++i)
    picked.push_back(*cat.pick("t", policy::round_robin));
  EXPECT_EQ(picked, (std::vector<agent_id>{1, 2, 3, 1}));
  // After 1 comes 2; with 2 gone, 3. A newcomer joins the rotation.
  cat.remove_agent(2);
  EXPECT_EQ(cat.pick("t", policy::round_robin), agent_id{3});
  ASSERT_EQ(cat.add(0, spec("t")), std::nullopt);
  EXPECT_EQ(cat.pick("t", policy::round_robin), agent_id{0});
  EXPECT_EQ(cat.pick("t", policy::round_robin), agent_id{1});
  EXPECT_EQ(cat.pick("nope", policy::round_robin), std::nullopt);
}

TEST(tool_catalog, least_loaded_prefers_fewest_in_flight_then_lowest_id) {
  tool_catalog cat;
  for (agent_id a : {1, 2, 3})
    ASSERT_EQ(cat.add(a, spec("t")), std::nullopt);
  EXPECT_EQ(cat.pick("t", policy::least_loaded), agent_id{1});
  cat.call_started(1);
  cat.call_started(1);
  cat.call_started(2);
  EXPECT_EQ(cat.pick("t", policy::least_loaded), agent_id{3});
  cat.call_started(3);
  EXPECT_EQ(cat.in_flight(1), 2u);
  // Loads 2, 1, 1: the tie between 2 and 3 goes to 2.
  EXPECT_EQ(cat.pick("t", policy::least_loaded), agent_id{2});
  cat.call_finished(1);
  cat.call_finished(1);
  EXPECT_EQ(cat.pick("t", policy::least_loaded), agent_id{1});
  // Finishing more calls than started never goes below zero.
  cat.call_finished(1);
  cat.call_finished(42);
  EXPECT_EQ(cat.in_flight(1), 0u);
  EXPECT_EQ(cat.pick("nope", policy::least_loaded), std::nullopt);
}

TEST(tool_catalog, removing_an_agent_removes_its_offers) {
  tool_catalog cat;
  ASSERT_EQ(cat.add(1, spec("shared")), std::nullopt);
  ASSERT_EQ(cat.add(1, spec("only.one")), std::nullopt);
  ASSERT_EQ(cat.add(2, spec("shared")), std::nullopt);
  cat.call_started(1);
  EXPECT_EQ(cat.remove_agent(1), 2u);
  EXPECT_EQ(names(cat.list()), std::vector<std::string>{"shared"});
  EXPECT_EQ(cat.offerers("shared"), std::vector<agent_id>{2});
  EXPECT_EQ(cat.pick("shared", policy::least_loaded), agent_id{2});
  EXPECT_EQ(cat.pick("only.one", policy::round_robin), std::nullopt);
  EXPECT_EQ(cat.in_flight(1), 0u);
  EXPECT_EQ(cat.remove_agent(1), 0u);
  EXPECT_EQ(cat.remove_agent(2), 1u);
  EXPECT_EQ(cat.size(), 0u);
  // A name nobody offers can be declared afresh with another schema.
  EXPECT_EQ(cat.add(3, spec("shared", "", {}, object_schema("y", "string"))),
            std::nullopt);
}

} // namespace
} // namespace aip::test
