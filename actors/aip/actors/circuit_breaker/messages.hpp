#pragma once
/// Atoms of the breaker proxy's own protocol (see breaker_proxy.hpp). Every
/// other message sent to a proxy is forwarded to its target, so these are
/// the only ones it answers itself.

#include <caf/atom.hpp>

namespace aip {

/// (breaker_state_atom) -> std::string: the proxy's state as one JSON object
/// (fields listed in breaker_proxy.hpp).
using breaker_state_atom = caf::atom_constant<caf::atom("aip_cbstat")>;
/// (breaker_target_atom, caf::actor) -> caf::ok_atom: guard a new target
/// (e.g. the restarted incarnation of an agent). The breaker keeps its state.
using breaker_target_atom = caf::atom_constant<caf::atom("aip_cbtgt")>;

} // namespace aip
