#pragma once
/// Atoms of the benchmark drivers and raw-CAF baselines (bench-local; never
/// sent to AIP actors, which only see payloads, health and supervisor atoms).

#include <caf/atom.hpp>

namespace aip::bench {

/// (run_atom, ...) -> result: starts one measured run of a driver.
using run_atom = caf::atom_constant<caf::atom("b_run")>;
/// (go_atom, target, n): a fan-in sender starts sending.
using go_atom = caf::atom_constant<caf::atom("b_go")>;
/// (done_atom): a fan-in sender finished and its target drained it.
using done_atom = caf::atom_constant<caf::atom("b_done")>;
/// Self-message of the polling drivers: look again.
using poll_atom = caf::atom_constant<caf::atom("b_poll")>;

} // namespace aip::bench
