#pragma once
/// What every AIP agent does besides its own job: answer the supervisor's
/// health probe, and turn an escaping exception into an exit reason that
/// carries the exception's text (CAF alone reports only
/// `unhandled_exception`). Agent types call `make_agent_behavior` once from
/// their behavior function.

#include <caf/fwd.hpp>

namespace aip {

/// Installs only the exception reporter: for agents whose start-up code (run
/// before their behavior exists) may throw, so the start failure's text
/// reaches the supervisor.
void set_agent_exception_handler(caf::scheduled_actor* self);

/// Installs the exception reporter on `self` and returns `own` extended with
/// the health handler. An agent that later `become`s another behavior stops
/// answering probes unless that behavior is also made with this function.
caf::behavior make_agent_behavior(caf::scheduled_actor* self, caf::behavior own);

} // namespace aip
