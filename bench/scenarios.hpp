#pragma once
/// The scenario functions behind the table in scenario_table.cpp, one .cpp
/// each. Every function runs its AIP half and raw-CAF half and returns rows.

#include <string>
#include <vector>

#include "scenario.hpp"

namespace aip::bench {

/// spawn_10k / spawn_100k / spawn_1m: `base_n` agents, scaled.
std::vector<row> run_spawn(const options& opts, const std::string& name,
                           size_t base_n);

std::vector<row> run_ping_pong(const options& opts);

std::vector<row> run_fan_in(const options& opts);

std::vector<row> run_restart_latency(const options& opts);

std::vector<row> run_one_for_all(const options& opts);

/// fanout_10k: one envelope of 1 KB and of 1 MB to 10k receivers; wraps
/// run_fanout() from fanout.hpp.
std::vector<row> run_fanout_scenario(const options& opts,
                                     const std::string& name);

/// workflows_100k: `base_n` workflows suspended in one await each vs as
/// many raw CAF actors each waiting on a request (workflows_scenario.cpp).
std::vector<row> run_workflows(const options& opts, const std::string& name,
                               size_t base_n);

/// load: N echo agents answering requests routed through the broker, vs
/// the same requests sent straight to N raw CAF echo actors.
std::vector<row> run_load(const options& opts);

/// flood: a producer floods one slow consumer for --duration; peak RSS
/// growth with AIP's credits vs an unbounded raw CAF mailbox.
std::vector<row> run_flood(const options& opts);

/// batching: 256 clients embedding through one `embedder` with dynamic
/// batching vs with batching off, and the per-request overhead outside
/// the model (batching_scenario.cpp).
std::vector<row> run_batching(const options& opts);

} // namespace aip::bench
