#pragma once
/// One shard of the node's broker. Agents are indexed on the shard their id
/// hashes to, capabilities and topics on the shard their name hashes to, so
/// each shard sees only its share of the traffic. For every envelope it
/// checks the deadline, finds the recipient, takes a mailbox credit and hands
/// the envelope over with CAF's `delegate`: the recipient answers the
/// requester directly, without a second hop through the shard.
///
/// Refusals: unknown recipient or no offerer -> `unreachable`, full mailbox
/// -> `overloaded` with a retry-after hint, deadline passed -> `timeout`,
/// tool arguments that fail the tool's schema -> `invalid_input` naming the
/// path. Requests get the error as their answer; one-way senders get a
/// `delivery_failure`. Undeliverable messages go to the dead-letter sink.
/// Protocol: aip/agents/backbone_protocol.hpp; docs/broker.md.

#include <map>
#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/atom.hpp>

#include "aip/agents/credit_gauge.hpp"
#include "aip/resilience/circuit_breaker_config.hpp"

namespace aip {

class event_log;

struct shard_settings {
  std::string node;
  caf::actor dead_letters;
  std::shared_ptr<event_log> events;
  bool debug_events = false;
  /// Breakers per tool name (node.tools.<name>.circuit_breaker).
  std::map<std::string, circuit_breaker_config> tool_breakers;
};

/// (guarded_atom, envelope): an envelope its breaker proxy let through.
using guarded_atom = caf::atom_constant<caf::atom("aip_guard")>;

/// (readiness_atom) -> std::string: JSON {"ready": bool, "degraded": [...]}
/// for the capabilities this shard owns.
using readiness_atom = caf::atom_constant<caf::atom("aip_ready")>;

/// `credits` is the shard's queue gauge (backbone::shard_credits[index]):
/// senders take a slot with backbone::admit, the shard gives it back as it
/// routes each envelope.
caf::actor spawn_broker_shard(caf::actor_system& sys, size_t index,
                              std::shared_ptr<const shard_settings> settings,
                              std::shared_ptr<credit_gauge> credits);

} // namespace aip
