// spawn_N: N supervised echo agents started through a simple_one_for_one
// supervisor vs N raw CAF actors spawned and monitored by one actor. Each
// half runs in a forked child so its RSS delta is not hidden by memory that
// an earlier half freed (the allocator would reuse it).
#include <caf/actor_system.hpp>
#include <caf/scoped_actor.hpp>

#include "aip/supervision/messages.hpp"
#include "aip_fixtures.hpp"
#include "bench_system.hpp"
#include "caf_baselines.hpp"
#include "isolate.hpp"
#include "measure.hpp"
#include "rss.hpp"
#include "scenarios.hpp"
#include "stop_actor.hpp"

namespace aip::bench {

namespace {

// CAF 0.17's work-stealing deque steals from the tail by walking the whole
// queue (double_ended_queue::take_tail), so N actors spawned inside one
// handler cost O(N^2) under the default 'stealing' policy (100k: ~20 s on
// both sides). 'sharing' keeps one FIFO queue and measures the spawn itself.
constexpr const char* policy = "sharing";

nlohmann::json spawn_aip(const options& opts, size_t n) {
  bench_system bs{opts, policy};
  auto ctx = make_context();
  auto spec = tolerant_spec("spawn", strategy::simple_one_for_one);
  spec->child_template = worker("echo", "echo");
  spec->replicas = n;
  auto rss0 = current_rss_bytes();
  auto start = bench_clock::now();
  auto sup = start_or_throw(bs.sys(), spec, ctx);
  auto secs = seconds_since(start);
  auto rss1 = current_rss_bytes();
  uint64_t count = 0;
  {
    caf::scoped_actor self{bs.sys()};
    self->request(sup, caf::infinite, aip::count_atom::value)
      .receive([&](uint64_t c) { count = c; }, [](caf::error&) {});
  }
  stop_and_wait(bs.sys(), sup);
  return {{"seconds", secs},
          {"rss_delta", static_cast<double>(rss1) - rss0},
          {"running", count}};
}

nlohmann::json spawn_caf(const options& opts, size_t n) {
  bench_system bs{opts, policy};
  auto spawner = spawn_caf_spawner(bs.sys());
  auto rss0 = current_rss_bytes();
  auto start = bench_clock::now();
  uint64_t count = 0;
  {
    caf::scoped_actor self{bs.sys()};
    self->request(spawner, caf::infinite, caf::add_atom::value,
                  static_cast<uint64_t>(n))
      .receive([&](uint64_t c) { count = c; }, [](caf::error&) {});
  }
  auto secs = seconds_since(start);
  auto rss1 = current_rss_bytes();
  stop_and_wait(bs.sys(), spawner);
  return {{"seconds", secs},
          {"rss_delta", static_cast<double>(rss1) - rss0},
          {"running", count}};
}

} // namespace

std::vector<row> run_spawn(const options& opts, const std::string& name,
                           size_t base_n) {
  auto n = scaled(opts, base_n, 100);
  auto aip = run_isolated([&] { return spawn_aip(opts, n); });
  auto caf = run_isolated([&] { return spawn_caf(opts, n); });
  auto dn = static_cast<double>(n);
  nlohmann::json extra{
    {"n", n},
    {"aip_running", aip["running"]},
    {"caf_running", caf["running"]},
    {"aip_seconds", aip["seconds"]},
    {"caf_seconds", caf["seconds"]},
    {"aip", "simple_one_for_one supervisor, template `echo`, replicas N, "
            "aip::start_supervisor (blocks until all run)"},
    {"caf", "one event_based actor spawning N echo actors and monitoring "
            "each (handles kept in a vector)"},
    {"isolation", "each half in its own forked process"},
    {"scheduler_policy", policy},
  };
  return {
    make_row(name, "spawn rate", "agents/s",
             dn / aip["seconds"].get<double>(),
             dn / caf["seconds"].get<double>(), better::higher, extra),
    make_row(name, "RSS per agent", "bytes",
             aip["rss_delta"].get<double>() / dn,
             caf["rss_delta"].get<double>() / dn, better::lower,
             {{"n", n}, {"method", "RSS delta around the start / N"}}),
  };
}

} // namespace aip::bench
