#pragma once
/// The AIP halves' building blocks: a supervision context with the built-in
/// demo agents and events off, child/supervisor specs built in code, and a
/// blocking start that throws on failure. Call from non-actor threads.

#include <cstddef>
#include <memory>
#include <string>

#include <caf/fwd.hpp>

#include "aip/supervision/supervisor.hpp"

#include "aip/agents/payload.hpp"

namespace aip::bench {

/// Demo agent types (echo, sink, ticker, chaos); events off unless given.
supervision_context make_context(std::shared_ptr<event_log> events = nullptr);

/// A permanent worker child of a built-in type (e.g. "echo", "sink").
child_spec worker(std::string name, std::string type);

/// A spec whose restart intensity never trips during a benchmark.
std::shared_ptr<supervisor_spec> tolerant_spec(std::string name,
                                               strategy s);

/// start_supervisor, or std::runtime_error naming the failure.
caf::actor start_or_throw(caf::actor_system& sys,
                          std::shared_ptr<const supervisor_spec> spec,
                          const supervision_context& ctx);

/// A started one_for_one supervisor (tolerant intensity) with one permanent
/// child `type` named after its type: what ping-pong, fan-in and restart
/// scenarios put under test.
caf::actor start_single_agent(caf::actor_system& sys, const std::string& type);

/// An aip.demo.Load with `bytes` of body: what load and flood send.
payload load_payload(size_t bytes);

/// (caf::get_atom, name) -> the child's current handle, or throws.
caf::actor child_of(caf::actor_system& sys, const caf::actor& sup,
                    const std::string& name);

} // namespace aip::bench
