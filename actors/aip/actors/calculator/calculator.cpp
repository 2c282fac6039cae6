#include "aip/actors/calculator/calculator.hpp"

#include <cstdint>

#include "aip/agents/agent_definition.hpp"

namespace aip {

namespace {

struct calculator {
  uint64_t calls = 0;
};

// Both operands are required numbers; nothing else is accepted, so a typo
// in a key is an `invalid_input` naming it rather than a silent default.
tool_spec binary_op(const char* name, const char* description) {
  using nlohmann::json;
  json operand{{"type", "number"}};
  return tool_spec{
    name,
    description,
    json{{"type", "object"},
         {"properties", {{"a", operand}, {"b", operand}}},
         {"required", {"a", "b"}},
         {"additionalProperties", false}},
    json{{"type", "object"},
         {"properties", {{"result", operand}}},
         {"required", {"result"}}},
    {"math", "arithmetic"}};
}

nlohmann::json result(double x) {
  return {{"result", x}};
}

} // namespace

agent_type calculator_agent_type() {
  return define_agent<calculator>("calculator")
    .summary("tools add, mul, div over two numbers a and b")
    .tool(binary_op("add", "a + b"),
          [](calculator& st, agent_context&, const nlohmann::json& args) {
            ++st.calls;
            return tool_result::ok(
              result(args["a"].get<double>() + args["b"].get<double>()));
          })
    .tool(binary_op("mul", "a * b"),
          [](calculator& st, agent_context&, const nlohmann::json& args) {
            ++st.calls;
            return tool_result::ok(
              result(args["a"].get<double>() * args["b"].get<double>()));
          })
    .tool(binary_op("div", "a / b; division by zero is a tool error"),
          [](calculator& st, agent_context&, const nlohmann::json& args) {
            ++st.calls;
            auto b = args["b"].get<double>();
            if (b == 0)
              return tool_result::error("division by zero");
            return tool_result::ok(result(args["a"].get<double>() / b));
          })
    .build();
}

} // namespace aip
