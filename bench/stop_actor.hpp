#pragma once
/// Ends a benchmark's top-level actor (an AIP supervisor or a raw-CAF
/// baseline) the same way for both halves, and waits until it is gone so the
/// next run starts from a quiet system. Call from a non-actor thread.

#include <caf/fwd.hpp>

namespace aip::bench {

/// Sends exit(user_shutdown) to `a` and blocks until its down_msg arrives.
void stop_and_wait(caf::actor_system& sys, const caf::actor& a);

} // namespace aip::bench
