#include "aip/actors/broker/dead_letter_sink.hpp"

#include <deque>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/stateful_actor.hpp>
#include <nlohmann/json.hpp>

#include "aip/core/type_ids.hpp"
#include "aip/events/event_log.hpp"

namespace aip {

namespace {

struct sink_state {
  size_t capacity = 0;
  std::shared_ptr<event_log> events;
  std::deque<dead_letter> kept;
  uint64_t total = 0;
};

caf::behavior sink(caf::stateful_actor<sink_state>* self, size_t capacity,
                   std::shared_ptr<event_log> events) {
  self->state.capacity = capacity;
  self->state.events = std::move(events);
  return {
    [self](dead_letter& x) {
      auto& st = self->state;
      ++st.total;
      if (st.events && st.events->enabled()) {
        nlohmann::json extra{{"message_id", to_string(x.message_id)},
                             {"correlation_id", to_string(x.correlation_id)},
                             {"recipient", x.recipient},
                             {"payload_type", x.payload_type},
                             {"code", to_string(x.code)}};
        st.events->emit("message.dead", x.recipient, x.reason, 0, &extra);
      }
      if (st.capacity == 0)
        return;
      if (st.kept.size() == st.capacity)
        st.kept.pop_front();
      st.kept.push_back(std::move(x));
    },
    [self](dead_letters_atom, uint64_t max) {
      auto& kept = self->state.kept;
      auto n = std::min<size_t>(max, kept.size());
      return std::vector<dead_letter>(kept.end() - static_cast<ptrdiff_t>(n),
                                      kept.end());
    },
    [self](dead_letters_atom) { return self->state.total; },
  };
}

} // namespace

caf::actor spawn_dead_letter_sink(caf::actor_system& sys, size_t capacity,
                                  std::shared_ptr<event_log> events) {
  return sys.spawn(sink, capacity, std::move(events));
}

} // namespace aip
