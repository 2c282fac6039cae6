#include "aip/agents/agent_defaults.hpp"

#include <exception>

#include <caf/behavior.hpp>
#include <caf/message_handler.hpp>
#include <caf/scheduled_actor.hpp>

#include "aip/core/errors.hpp"
#include "aip/supervision/messages.hpp"

namespace aip {

void set_agent_exception_handler(caf::scheduled_actor* self) {
  self->set_exception_handler(
    [](caf::scheduled_actor*, std::exception_ptr& ptr) -> caf::error {
      try {
        std::rethrow_exception(ptr);
      } catch (const std::exception& e) {
        return make_error(errc::exception, e.what());
      } catch (...) {
        return make_error(errc::exception, "non-standard exception");
      }
    });
}

caf::behavior make_agent_behavior(caf::scheduled_actor* self,
                                  caf::behavior own) {
  set_agent_exception_handler(self);
  caf::message_handler health{[](health_atom) { return caf::ok_atom::value; }};
  if (!own)
    return caf::behavior{health};
  caf::message_handler mine{own.as_behavior_impl()};
  return caf::behavior{mine.or_else(health)};
}

} // namespace aip
