// fan_in_100: 100 sender actors flood one receiver; the AIP receiver is a
// supervised `sink` agent, the CAF one a raw counting actor.
#include "aip_fixtures.hpp"
#include "bench_system.hpp"
#include "caf_baselines.hpp"
#include "drivers.hpp"
#include "measure.hpp"
#include "scenarios.hpp"
#include "stop_actor.hpp"

namespace aip::bench {

namespace {

constexpr size_t senders = 100;

double fan_in_aip(const options& opts, uint64_t per_sender) {
  bench_system bs{opts};
  auto sup = start_single_agent(bs.sys(), "sink");
  auto sink = child_of(bs.sys(), sup, "sink");
  auto secs = drive_fan_in(bs.sys(), sink, senders, per_sender);
  stop_and_wait(bs.sys(), sup);
  return secs;
}

double fan_in_caf(const options& opts, uint64_t per_sender) {
  bench_system bs{opts};
  auto counter = spawn_caf_counter(bs.sys());
  auto secs = drive_fan_in(bs.sys(), counter, senders, per_sender);
  stop_and_wait(bs.sys(), counter);
  return secs;
}

} // namespace

std::vector<row> run_fan_in(const options& opts) {
  auto per_sender = scaled(opts, 20'000, 10);
  auto aip = fan_in_aip(opts, per_sender);
  auto caf = fan_in_caf(opts, per_sender);
  auto total = static_cast<double>(per_sender * senders);
  return {make_row(
    "fan_in_100", "throughput", "msgs/s", total / aip, total / caf,
    better::higher,
    {{"senders", senders},
     {"per_sender", per_sender},
     {"aip", "supervised `sink` agent (one_for_one child)"},
     {"caf", "raw event_based actor counting in its default handler "
             "(the sink agent's mechanism)"},
     {"done_when", "each sender's final health request answered"}})};
}

} // namespace aip::bench
