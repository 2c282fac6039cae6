#include "aip/agents/backbone.hpp"

#include "aip/agents/backbone_protocol.hpp"
#include "aip/agents/wall_clock.hpp"

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

dead_letter dead_letter_for(const envelope& e, request_errc code,
                            std::string reason) {
  dead_letter dl;
  dl.at_ns = wall_clock_ns();
  dl.message_id = e.message_id();
  dl.correlation_id = e.correlation_id();
  dl.recipient = describe_recipient(e);
  dl.payload_type = std::string{e.payload_type()};
  dl.code = code;
  dl.reason = std::move(reason);
  return dl;
}

void stop_backbone(const backbone& net) {
  for (auto& shard : net.shards)
    caf::anon_send_exit(shard, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(net.dead_letters, caf::exit_reason::user_shutdown);
}

} // namespace aip
