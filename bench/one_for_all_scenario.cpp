// one_for_all_10k: kill one of 10k permanent echo children and time until
// the supervisor lists 10k running children, none of them an old
// incarnation. AIP: a one_for_all supervisor with the children declared in
// its spec (default worker shutdown policy); CAF: a hand-written
// kill-all/respawn-all actor. Both are polled by the same driver.
#include <algorithm>

#include "aip_fixtures.hpp"
#include "bench_system.hpp"
#include "caf_baselines.hpp"
#include "drivers.hpp"
#include "measure.hpp"
#include "scenarios.hpp"
#include "stop_actor.hpp"

namespace aip::bench {

namespace {

constexpr int rounds = 5;
// Respawning 10k children inside one handler hits CAF 0.17's O(n) steal
// (see spawn_scenario.cpp): 40% of the time in take_tail under 'stealing'.
constexpr const char* policy = "sharing";

// Each poll copies every handle inside the supervisor and delays its
// restart work; polling about 1% as often as there are children keeps that
// cost small while the resolution (poll_us) stays ~1% of the figure.
int poll_interval_us(size_t n) {
  return static_cast<int>(std::max<size_t>(50, n / 10));
}

std::vector<double> rounds_of(caf::actor_system& sys, const caf::actor& sup,
                              size_t n) {
  std::vector<double> ms;
  for (int r = 0; r < rounds; ++r)
    ms.push_back(drive_all_restarted(sys, sup, n, poll_interval_us(n)) * 1e3);
  return ms;
}

std::vector<double> one_for_all_aip(const options& opts, size_t n) {
  bench_system bs{opts, policy};
  auto spec = tolerant_spec("ofa", strategy::one_for_all);
  spec->children.reserve(n);
  for (size_t i = 0; i < n; ++i)
    spec->children.push_back(worker("echo-" + std::to_string(i), "echo"));
  auto sup = start_or_throw(bs.sys(), spec, make_context());
  auto ms = rounds_of(bs.sys(), sup, n);
  stop_and_wait(bs.sys(), sup);
  return ms;
}

std::vector<double> one_for_all_caf(const options& opts, size_t n) {
  bench_system bs{opts, policy};
  auto sup = spawn_caf_one_for_all(bs.sys(), n);
  auto ms = rounds_of(bs.sys(), sup, n);
  stop_and_wait(bs.sys(), sup);
  return ms;
}

} // namespace

std::vector<row> run_one_for_all(const options& opts) {
  auto n = scaled(opts, 10'000, 10);
  auto aip = one_for_all_aip(opts, n);
  auto caf = one_for_all_caf(opts, n);
  nlohmann::json extra{
    {"children", n},
    {"rounds", rounds},
    {"aip_ms", aip},
    {"caf_ms", caf},
    {"poll_us", poll_interval_us(n)},
    {"scheduler_policy", policy},
    {"aip", "one_for_all supervisor, children declared in the spec, "
            "default worker shutdown (5 s timeout)"},
    {"caf", "raw actor: on a down_msg kill all, await all downs, respawn "
            "all in order"},
  };
  auto aip_med = percentile(aip, 0.5);
  auto caf_med = percentile(caf, 0.5);
  return {make_row("one_for_all_10k", "restart all (median)", "ms", aip_med,
                   caf_med, better::lower, extra)};
}

} // namespace aip::bench
