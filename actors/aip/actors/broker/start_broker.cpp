#include "aip/actors/broker/start_broker.hpp"

#include <caf/actor_system.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>

#include "aip/actors/broker/broker_shard.hpp"
#include "aip/actors/broker/dead_letter_sink.hpp"
#include "aip/core/type_ids.hpp"

namespace aip {

std::shared_ptr<const backbone>
start_broker(caf::actor_system& sys, const node_spec& spec,
             std::shared_ptr<event_log> events,
             std::shared_ptr<const agent_type_registry> types) {
  auto net = std::make_shared<backbone>();
  net->types = std::move(types);
  net->node = spec.name;
  net->settings.mailbox = spec.broker.mailbox;
  net->settings.lookahead = spec.broker.lookahead;
  net->settings.debug_events = spec.debug_events;
  net->events = events;
  net->dead_letters = spawn_dead_letter_sink(sys, spec.broker.dead_letters,
                                             events);
  auto cfg = std::make_shared<shard_settings>();
  cfg->node = spec.name;
  cfg->dead_letters = net->dead_letters;
  cfg->events = events;
  cfg->debug_events = spec.debug_events;
  cfg->tool_breakers = spec.tool_breakers;
  auto n = spec.broker.shards != 0 ? spec.broker.shards
                                   : sys.scheduler().num_workers();
  for (size_t i = 0; i < std::max<size_t>(n, 1); ++i) {
    auto credits = std::make_shared<credit_gauge>(net->settings.shard_queue);
    net->shard_credits.push_back(credits);
    net->shards.push_back(spawn_broker_shard(sys, i, cfg, std::move(credits)));
  }
  return net;
}

backbone_starter broker_starter() {
  return [](caf::actor_system& sys, const node_spec& spec,
            std::shared_ptr<event_log> events,
            std::shared_ptr<const agent_type_registry> types) {
    return start_broker(sys, spec, std::move(events), std::move(types));
  };
}

} // namespace aip
