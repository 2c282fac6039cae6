#include "aip/actors/tools/validate_tool_spec.hpp"

#include "aip/actors/tools/tool_schema.hpp"

namespace aip {

std::optional<std::string> validate_tool_spec(const tool_spec& spec) {
  if (!is_valid_tool_name(spec.name)) {
    // Long names are cut so the message stays one readable line.
    auto shown = spec.name.substr(0, 40) + (spec.name.size() > 40 ? "..." : "");
    return "name: expected 1-128 characters of [A-Za-z0-9_.-], got "
           + nlohmann::json(shown).dump(
               -1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  const auto& in = spec.input_schema;
  if (!in.is_object())
    return std::string{"input_schema: expected an object schema, got "}
           + in.type_name();
  if (auto type = in.find("type"); type == in.end() || *type != "object")
    return std::string{"input_schema: expected \"type\": \"object\""};
  if (auto compiled = tool_schema::compile(in); !compiled)
    return "input_schema: " + compiled.error;
  if (!spec.output_schema.is_null())
    if (auto compiled = tool_schema::compile(spec.output_schema); !compiled)
      return "output_schema: " + compiled.error;
  return std::nullopt;
}

} // namespace aip
