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

size_t backbone::shard_index(const envelope& e) const {
  switch (e.recipient()) {
    case recipient_kind::agent:
      return e.recipient_agent().id.lo % shards.size();
    case recipient_kind::capability:
      return shard_hash(e.recipient_capability()) % shards.size();
    default:
      return shard_hash(e.recipient_topic()) % shards.size();
  }
}

const caf::actor& backbone::shard_for(const envelope& e) const {
  return shards[shard_index(e)];
}

const caf::actor* backbone::admit(const envelope& e) const {
  auto i = shard_index(e);
  if (i < shard_credits.size() && !shard_credits[i]->try_acquire())
    return nullptr;
  return &shards[i];
}

void stop_backbone(const backbone& net) {
  for (auto& shard : net.shards)
    caf::anon_send_exit(shard, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(net.dead_letters, caf::exit_reason::user_shutdown);
}

} // namespace aip
