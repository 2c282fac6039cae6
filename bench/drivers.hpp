#pragma once
/// Load drivers shared by both halves of a scenario: the same driver code
/// runs against an AIP actor and against its raw-CAF twin, so only the target
/// differs. Each call blocks the calling (non-actor) thread until done.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <caf/fwd.hpp>

namespace aip::bench {

/// `n` sequential request/response round trips (uint64_t payload) from one
/// event-based driver to `echo`. Returns the elapsed seconds.
double drive_ping_pong(caf::actor_system& sys, const caf::actor& echo,
                       uint64_t n);

/// `senders` actors each send `per_sender` uint64_t messages to `target`,
/// then one (health_atom) request; done when every sender got its reply
/// (per-sender FIFO: everything it sent was processed). Returns seconds.
double drive_fan_in(caf::actor_system& sys, const caf::actor& target,
                    size_t senders, uint64_t per_sender);

/// `kills` times: kill the child `name` of `sup`, poll (caf::get_atom, name)
/// until a new handle appears, send it one request; returns each kill ->
/// answered latency in microseconds.
std::vector<double> drive_restarts(caf::actor_system& sys,
                                   const caf::actor& sup,
                                   const std::string& name, size_t kills);

/// Kills the middle child of `sup` (as listed by which_atom) and polls
/// (which_atom) every `poll_us` until `expected` handles, none of them an old
/// one, are listed. Returns seconds from the kill to that answer.
double drive_all_restarted(caf::actor_system& sys, const caf::actor& sup,
                           size_t expected, int poll_us);

} // namespace aip::bench
