// restart_latency: kill a permanent echo child, time until its next
// incarnation answers a request. The AIP child lives under a one_for_one
// supervisor; the CAF baseline is a minimal monitor + respawn actor. Both
// are probed by the same driver through (caf::get_atom, name).
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

std::vector<double> restart_aip(const options& opts, size_t kills,
                                const char* policy) {
  bench_system bs{opts, policy};
  auto sup = start_single_agent(bs.sys(), "echo");
  auto samples = drive_restarts(bs.sys(), sup, "echo", kills);
  stop_and_wait(bs.sys(), sup);
  return samples;
}

std::vector<double> restart_caf(const options& opts, size_t kills,
                                const char* policy) {
  bench_system bs{opts, policy};
  auto sup = spawn_caf_one_for_one(bs.sys(), "echo");
  auto samples = drive_restarts(bs.sys(), sup, "echo", kills);
  stop_and_wait(bs.sys(), sup);
  return samples;
}

// Both scheduler policies: under 'stealing' an idle CAF worker backs off
// (50 us sleeps, then condition-variable waits that steal only now and
// then), so a job queued behind a busy worker waits; that dominates these
// figures on few cores. Under 'sharing' a wake-up is one notify.
void add_rows(std::vector<row>& rows, const options& opts, size_t kills,
              const char* policy) {
  auto aip = restart_aip(opts, kills, policy);
  auto caf = restart_caf(opts, kills, policy);
  nlohmann::json extra{
    {"kills", kills},
    {"scheduler_policy", policy},
    {"aip_mean_us", mean(aip)},
    {"caf_mean_us", mean(caf)},
    {"aip", "permanent echo child of a one_for_one supervisor"},
    {"caf", "raw actor: monitor child, respawn on down_msg"},
    {"measured", "anon_send_exit(kill) -> new handle via get_atom polling "
                 "-> its reply to one request"},
  };
  auto aip_p50 = percentile(aip, 0.50);
  auto caf_p50 = percentile(caf, 0.50);
  auto aip_p99 = percentile(aip, 0.99);
  auto caf_p99 = percentile(caf, 0.99);
  extra["aip_max_us"] = aip.empty() ? 0.0 : aip.back();
  extra["caf_max_us"] = caf.empty() ? 0.0 : caf.back();
  std::string suffix = std::string{" ("} + policy + ")";
  rows.push_back(make_row("restart_latency", "p50" + suffix, "us", aip_p50,
                          caf_p50, better::lower, extra));
  rows.push_back(make_row("restart_latency", "p99" + suffix, "us", aip_p99,
                          caf_p99, better::lower,
                          {{"kills", kills}, {"scheduler_policy", policy}}));
}

} // namespace

std::vector<row> run_restart_latency(const options& opts) {
  auto kills = std::min<size_t>(scaled(opts, 2000, 50), 5000);
  std::vector<row> rows;
  add_rows(rows, opts, kills, "stealing");
  add_rows(rows, opts, kills, "sharing");
  return rows;
}

} // namespace aip::bench
