#pragma once
/// The raw-CAF halves of the scenarios: hand-written actors doing what the
/// AIP runtime does, with no AIP code, so each scenario reads AIP-vs-CAF.
/// Every spawn function is callable from any thread outside an actor.
///
/// Messages (request -> reply), the same spellings the AIP side answers:
///   echo:         (anything) -> the same message; (aip::health_atom) -> ok
///   counter:      (anything) counted; (aip::health_atom) -> ok_atom
///   spawner:      (caf::add_atom, uint64_t n) -> uint64_t (n echoes spawned,
///                 each monitored); on exit it kills its children
///   one_for_one:  (caf::get_atom, std::string name) -> caf::actor
///   one_for_all:  (aip::which_atom) -> std::vector<caf::actor>

#include <cstddef>
#include <string>

#include <caf/fwd.hpp>

namespace aip::bench {

caf::actor spawn_caf_echo(caf::actor_system& sys);

caf::actor spawn_caf_counter(caf::actor_system& sys);

caf::actor spawn_caf_spawner(caf::actor_system& sys);

/// Monitors one echo child called `name` and respawns it whenever it dies.
caf::actor spawn_caf_one_for_one(caf::actor_system& sys, std::string name);

/// `n` monitored echo children; when one dies, kills the others, waits for
/// all of them to be down, then respawns all `n` in order (OTP one_for_all).
caf::actor spawn_caf_one_for_all(caf::actor_system& sys, size_t n);

} // namespace aip::bench
