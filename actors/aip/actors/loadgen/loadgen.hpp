#pragma once
/// `loadgen`: drives request traffic at `target` (an agent path, or a
/// capability with `capability:`) at `rate` requests per second, in bursts
/// every `tick`, each carrying an aip.demo.Load of `payload_bytes`. It counts
/// replies and each typed error (overloaded, timeout, unreachable, ...) and
/// keeps a latency sample. A plain CAF (caf::get_atom) returns its counters
/// as JSON, for demos and tests. `aip bench load` drives its own traffic.

#include "aip/agents/agent_type.hpp"

namespace aip {

agent_type loadgen_agent_type();

} // namespace aip
