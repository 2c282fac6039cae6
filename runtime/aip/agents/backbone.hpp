#pragma once
/// A node's message backbone as agents see it: the broker shards, the
/// dead-letter sink and the settings every agent context reads. Built once by
/// the broker when the node starts (aip/actors/broker/start_broker.hpp) and
/// shared read-only by every agent; agents talk to the shards directly, so no
/// single actor sees every message.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <caf/actor.hpp>

#include "aip/agents/credit_gauge.hpp"
#include "aip/agents/request_error.hpp"
#include "aip/envelope/envelope.hpp"
#include "aip/envelope/id128.hpp"

namespace aip {

class event_log;
class agent_type_registry;

struct backbone_settings {
  /// Default mailbox credits per agent.
  uint32_t mailbox = 1024;
  /// Received messages an agent looks over to pick the most urgent one.
  uint32_t lookahead = 32;
  /// Emit `message.*` debug events with correlation and causation ids.
  bool debug_events = false;
  /// Messages a shard may have waiting before senders are refused
  /// (`overloaded`) without sending: the shard's own mailbox stays bounded
  /// however fast a producer is.
  uint32_t shard_queue = 65536;
};

struct backbone {
  std::string node;
  backbone_settings settings;
  std::vector<caf::actor> shards;
  /// One per shard: its queue credits (taken by `admit`, given back by the
  /// shard as it routes).
  std::vector<std::shared_ptr<credit_gauge>> shard_credits;
  caf::actor dead_letters;
  std::shared_ptr<event_log> events;
  /// The node's agent types, for agents that start children.
  std::shared_ptr<const agent_type_registry> types;

  /// The shard that owns agent `id` (its registration and its breaker).
  const caf::actor& shard_for(id128 id) const {
    return shards[id.lo % shards.size()];
  }
  /// The shard that owns a capability or a topic.
  const caf::actor& shard_for(std::string_view name) const;
  /// The shard that routes `e` (by its recipient).
  const caf::actor& shard_for(const envelope& e) const;
  size_t shard_index(const envelope& e) const;

  /// The shard that routes `e`, with a slot in its queue taken; nullptr
  /// when that shard is full: send nothing and report `overloaded`.
  /// Everything an agent, workflow or driver sends goes through here.
  const caf::actor* admit(const envelope& e) const;
};

struct dead_letter;

/// The dead-letter record of `e`, refused for `reason` (now, wall clock).
dead_letter dead_letter_for(const envelope& e, request_errc code,
                            std::string reason);

/// Stops the shards and the dead-letter sink (after the supervision tree).
void stop_backbone(const backbone& net);

/// The hash that picks a name's shard (stable within a process).
uint64_t shard_hash(std::string_view name);

} // namespace aip
