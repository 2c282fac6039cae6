#pragma once
/// The node's dead-letter sink: keeps the last N undeliverable messages (and
/// a count of every one, by reason) for people and tests to query.
///   (dead_letter)                          record one
///   (dead_letters_atom, uint64_t max)      -> std::vector<dead_letter>, newest last
///   (dead_letters_atom)                    -> uint64_t recorded since start
/// Dead letters are also written to the event stream (`message.dead`).

#include <cstddef>
#include <memory>

#include <caf/fwd.hpp>

namespace aip {

class event_log;

caf::actor spawn_dead_letter_sink(caf::actor_system& sys, size_t capacity,
                                  std::shared_ptr<event_log> events);

} // namespace aip
