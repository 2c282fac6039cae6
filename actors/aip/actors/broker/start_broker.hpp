#pragma once
/// Starts a node's broker: the shards and the dead-letter sink, and returns
/// the backbone every agent context uses; `stop_backbone` (backbone.hpp)
/// ends them after the supervision tree has stopped. `broker_starter()` is the hook a `node`
/// takes (node_options::start_backbone) so that `aip up` and embedding
/// programs get the same broker.

#include <memory>

#include <caf/fwd.hpp>

#include "aip/agents/backbone.hpp"
#include "aip/node/node.hpp"

namespace aip {

/// `spec.broker.shards == 0` means one shard per scheduler thread.
/// `types` lets agents start children of any registered type (may be null).
std::shared_ptr<const backbone>
start_broker(caf::actor_system& sys, const node_spec& spec,
             std::shared_ptr<event_log> events,
             std::shared_ptr<const agent_type_registry> types = nullptr);

/// start_broker as a node_options::start_backbone hook.
backbone_starter broker_starter();

} // namespace aip
