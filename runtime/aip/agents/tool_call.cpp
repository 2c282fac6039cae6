#include "aip/agents/tool_call.hpp"

#include <nlohmann/json.hpp>

#include "aip/schemas/tool_call_generated.h"

namespace aip {

payload make_tool_call(const std::string& tool, const nlohmann::json& args) {
  auto text = args.dump();
  return make_payload<schema::ToolCall>([&](flatbuffers::FlatBufferBuilder& b) {
    return schema::CreateToolCall(b, b.CreateString(tool),
                                  b.CreateString(text));
  });
}

payload make_tool_result(const tool_result& r) {
  auto text = r.content.dump();
  return make_payload<schema::ToolResult>(
    [&](flatbuffers::FlatBufferBuilder& b) {
      return schema::CreateToolResult(b, r.is_error, b.CreateString(text));
    });
}

std::optional<tool_result> read_tool_result(const envelope& reply) {
  auto* res = read_payload<schema::ToolResult>(reply);
  if (res == nullptr)
    return std::nullopt;
  tool_result out;
  out.is_error = res->is_error();
  out.content = nlohmann::json::parse(
    res->content_json() != nullptr ? res->content_json()->str() : "null",
    nullptr, false);
  if (out.content.is_discarded())
    out.content = nullptr;
  return out;
}

} // namespace aip
