#pragma once
/// Atoms of the supervision protocol. Every message a supervisor accepts is
/// listed with its handle in supervisor.hpp; every agent answers `health`.

#include <caf/atom.hpp>

namespace aip {

/// (start_atom) -> ok_atom | error: start children in order (sent once by the
/// parent; a failure names the child's path).
using start_atom = caf::atom_constant<caf::atom("aip_start")>;
/// (health_atom) -> ok_atom: liveness probe answered by every agent.
using health_atom = caf::atom_constant<caf::atom("aip_health")>;
/// (which_atom) -> std::vector<std::string> paths, std::vector<caf::actor>.
using which_atom = caf::atom_constant<caf::atom("aip_which")>;
/// (count_atom) -> uint64_t active children.
using count_atom = caf::atom_constant<caf::atom("aip_count")>;
/// Timer messages a supervisor sends itself (carry a generation counter).
using probe_atom = caf::atom_constant<caf::atom("aip_probe")>;
using stop_timeout_atom = caf::atom_constant<caf::atom("aip_stopto")>;

} // namespace aip
