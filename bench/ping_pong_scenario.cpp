// ping_pong: sequential request/response round trips from one driver actor
// to a supervised `echo` agent vs to a raw CAF echo actor.
#include "aip_fixtures.hpp"
#include "bench_system.hpp"
#include "caf_baselines.hpp"
#include "drivers.hpp"
#include "measure.hpp"
#include "scenarios.hpp"
#include "stop_actor.hpp"

namespace aip::bench {

namespace {

constexpr uint64_t warmup = 2000;

double ping_aip(const options& opts, uint64_t n) {
  bench_system bs{opts};
  auto sup = start_single_agent(bs.sys(), "echo");
  auto echo = child_of(bs.sys(), sup, "echo");
  drive_ping_pong(bs.sys(), echo, warmup);
  auto secs = drive_ping_pong(bs.sys(), echo, n);
  stop_and_wait(bs.sys(), sup);
  return secs;
}

double ping_caf(const options& opts, uint64_t n) {
  bench_system bs{opts};
  auto echo = spawn_caf_echo(bs.sys());
  drive_ping_pong(bs.sys(), echo, warmup);
  auto secs = drive_ping_pong(bs.sys(), echo, n);
  stop_and_wait(bs.sys(), echo);
  return secs;
}

} // namespace

std::vector<row> run_ping_pong(const options& opts) {
  auto n = scaled(opts, 500'000, 1000);
  auto aip = ping_aip(opts, n);
  auto caf = ping_caf(opts, n);
  auto dn = static_cast<double>(n);
  nlohmann::json extra{
    {"n", n},
    {"aip", "supervised `echo` agent (one_for_one child)"},
    {"caf", "raw event_based echo actor (default handler caf::reflect, "
            "as AIP's echo)"},
    {"driver", "one event_based actor, request/then, one in flight"},
  };
  return {
    make_row("ping_pong", "round trips", "rt/s", dn / aip, dn / caf,
             better::higher, extra),
    make_row("ping_pong", "mean latency", "us/rt", aip / dn * 1e6,
             caf / dn * 1e6, better::lower, {{"n", n}}),
  };
}

} // namespace aip::bench
