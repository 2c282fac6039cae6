#include "aip/agents/backbone.hpp"

#include <caf/exit_reason.hpp>
#include <caf/send.hpp>

namespace aip {

uint64_t shard_hash(std::string_view name) {
  // FNV-1a; names are short and chosen by people, not attackers, and the
  // shard count is small, so spread matters more than strength.
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : name) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h ^ (h >> 29);
}

const caf::actor& backbone::shard_for(std::string_view name) const {
  return shards[shard_hash(name) % shards.size()];
}

const caf::actor& backbone::shard_for(const envelope& e) const {
  switch (e.recipient()) {
    case recipient_kind::agent:
      return shard_for(e.recipient_agent().id);
    case recipient_kind::capability:
      return shard_for(e.recipient_capability());
    default:
      return shard_for(e.recipient_topic());
  }
}

void stop_backbone(const backbone& net) {
  for (auto& shard : net.shards)
    caf::anon_send_exit(shard, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(net.dead_letters, caf::exit_reason::user_shutdown);
}

} // namespace aip
