// Health checks: every `interval` the supervisor asks a child (health_atom)
// and waits `timeout`; after `failures` misses in a row the child is killed
// and handled as crashed, so its restart type and the strategy decide next.
#include <caf/event_based_actor.hpp>

#include "aip/supervision/messages.hpp"
#include "aip/supervision/supervisor_actor.hpp"

namespace aip::detail {

void supervisor_actor::schedule_probe(size_t i) {
  auto& s = slots_[i];
  delayed_send(this, s.spec->health->interval, probe_atom::value,
               static_cast<uint64_t>(s.handle.id()));
}

void supervisor_actor::on_probe(uint64_t child_id) {
  if (shutting_down_)
    return;
  auto i = find_running(child_id);
  if (i == npos || slots_[i].health_killed)
    return; // that incarnation is gone; its successor has its own timer
  auto& s = slots_[i];
  auto& health = *s.spec->health;
  request(s.handle, health.timeout, health_atom::value)
    .then(
      [this, child_id](caf::ok_atom) {
        auto j = find_running(child_id);
        if (j == npos)
          return;
        slots_[j].health_misses = 0;
        schedule_probe(j);
      },
      [this, child_id](caf::error& err) {
        auto j = find_running(child_id);
        if (j == npos || shutting_down_)
          return;
        auto& c = slots_[j];
        auto& h = *c.spec->health;
        if (++c.health_misses < h.failures) {
          schedule_probe(j);
          return;
        }
        emit("health_failed", c,
             std::to_string(c.health_misses) + " health probes unanswered "
               + "within " + to_string(h.timeout) + " (last: "
               + caf::to_string(err) + ")");
        c.health_killed = true;
        send_exit(c.handle, caf::exit_reason::kill);
      });
}

} // namespace aip::detail
