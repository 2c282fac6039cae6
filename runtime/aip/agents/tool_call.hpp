#pragma once
/// The payloads of a tool call (schemas/tool_call.fbs) in both directions,
/// made and read in one place for agents, workflows and gateways.

#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "aip/agents/payload.hpp"
#include "aip/agents/reply.hpp"

namespace aip {

/// An aip.schema.ToolCall of `tool` with `args` as JSON text.
payload make_tool_call(const std::string& tool, const nlohmann::json& args);

/// An aip.schema.ToolResult carrying `r`.
payload make_tool_result(const tool_result& r);

/// The tool_result in `reply`, or nullopt when it is not a valid
/// ToolResult. Content that is not JSON becomes null.
std::optional<tool_result> read_tool_result(const envelope& reply);

} // namespace aip
