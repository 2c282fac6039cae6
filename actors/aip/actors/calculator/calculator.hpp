#pragma once
/// `calculator`: offers the tools `add`, `mul` and `div` (numbers `a`, `b`
/// -> `{"result": x}`). Division by zero is the tool's own error
/// (`is_error`), not a crash and not a transport error. The smallest complete
/// example of a tool-offering agent; docs/writing-an-agent.md walks through it.

#include "aip/agents/agent_type.hpp"

namespace aip {

agent_type calculator_agent_type();

} // namespace aip
