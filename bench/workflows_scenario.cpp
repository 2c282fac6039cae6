// workflows_100k: N workflows on an aip::workflow_pool, each suspended in one
// await that a CAF actor completes later, vs N raw CAF actors each waiting
// on a request that one holder actor answers later (the actor-per-task way
// to wait). Reports the time until all N are suspended, the time until all
// N finished after the release, and RSS per suspended task. Each half runs
// in a forked child (see spawn_scenario.cpp for why).
#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/response_promise.hpp>
#include <caf/send.hpp>

#include "aip/workflow/workflow_pool.hpp"
#include "bench_system.hpp"
#include "isolate.hpp"
#include "measure.hpp"
#include "rss.hpp"
#include "scenarios.hpp"

namespace aip::bench {

namespace {

// Both halves spawn from outside the scheduler; 'sharing' as in
// spawn_scenario.cpp so that neither half pays for 0.17's stealing deque.
constexpr const char* policy = "sharing";

void spin_until(const std::atomic<size_t>& x, size_t n) {
  while (x.load(std::memory_order_acquire) < n)
    std::this_thread::sleep_for(std::chrono::microseconds{200});
}

nlohmann::json workflows_aip(const options& opts, size_t n,
                             size_t stack_bytes) {
  bench_system bs{opts, policy};
  workflow_pool_options popts;
  popts.stack_bytes = stack_bytes;
  workflow_pool pool{bs.sys(), popts};
  std::vector<std::optional<completion<int>>> parked(n);
  std::atomic<size_t> suspended{0};
  std::atomic<size_t> finished{0};
  std::atomic<size_t> failed{0};
  auto rss0 = current_rss_bytes();
  auto start = bench_clock::now();
  for (size_t i = 0; i < n; ++i)
    pool.start(
      "w",
      [&parked, &suspended, i](workflow& wf) {
        wf.await<int>(
          [&parked, &suspended, i](completion<int> done) {
            parked[i].emplace(std::move(done));
            suspended.fetch_add(1, std::memory_order_release);
          },
          infinite);
      },
      [&finished, &failed](const workflow_outcome& o) {
        if (!o.ok())
          failed.fetch_add(1, std::memory_order_relaxed);
        finished.fetch_add(1, std::memory_order_release);
      });
  spin_until(suspended, n);
  auto start_secs = seconds_since(start);
  auto rss1 = current_rss_bytes();
  auto release = bench_clock::now();
  // One CAF actor completes every await from its own scheduler thread.
  bs.sys().spawn([&parked](caf::event_based_actor*) {
    for (auto& done : parked)
      (*done)(1);
  });
  spin_until(finished, n);
  auto complete_secs = seconds_since(release);
  return {{"start_seconds", start_secs},
          {"complete_seconds", complete_secs},
          {"rss_delta", static_cast<double>(rss1) - rss0},
          {"failed", failed.load()}};
}

nlohmann::json workflows_caf(const options& opts, size_t n) {
  bench_system bs{opts, policy};
  auto promises = std::make_shared<std::vector<caf::response_promise>>();
  promises->reserve(n);
  std::atomic<size_t> suspended{0};
  std::atomic<size_t> finished{0};
  auto holder = bs.sys().spawn([promises, &suspended](
                                 caf::event_based_actor* self)
                                 -> caf::behavior {
    return {
      [=, &suspended](int) {
        promises->push_back(self->make_response_promise());
        suspended.fetch_add(1, std::memory_order_release);
      },
      [=](caf::ok_atom) {
        for (auto& rp : *promises)
          rp.deliver(1);
        promises->clear();
      },
    };
  });
  auto rss0 = current_rss_bytes();
  auto start = bench_clock::now();
  for (size_t i = 0; i < n; ++i)
    bs.sys().spawn([holder, &finished](caf::event_based_actor* self) {
      self->request(holder, caf::infinite, 1)
        .then([&finished](int) {
                finished.fetch_add(1, std::memory_order_release);
              },
              [&finished](caf::error&) {
                finished.fetch_add(1, std::memory_order_release);
              });
    });
  spin_until(suspended, n);
  auto start_secs = seconds_since(start);
  auto rss1 = current_rss_bytes();
  auto release = bench_clock::now();
  caf::anon_send(holder, caf::ok_atom_v);
  spin_until(finished, n);
  auto complete_secs = seconds_since(release);
  caf::anon_send_exit(holder, caf::exit_reason::user_shutdown);
  return {{"start_seconds", start_secs},
          {"complete_seconds", complete_secs},
          {"rss_delta", static_cast<double>(rss1) - rss0},
          {"failed", 0}};
}

} // namespace

std::vector<row> run_workflows(const options& opts, const std::string& name,
                               size_t base_n) {
  auto n = scaled(opts, base_n, 100);
  constexpr size_t stack_bytes = workflow_pool_options{}.stack_bytes;
  auto aip = run_isolated([&] { return workflows_aip(opts, n, stack_bytes); });
  auto caf = run_isolated([&] { return workflows_caf(opts, n); });
  auto dn = static_cast<double>(n);
  nlohmann::json extra{
    {"n", n},
    {"aip", "workflow_pool (2 fiber threads, default stacks) running N "
            "workflows, each in one await; one CAF actor completes all"},
    {"caf", "N event_based actors, each in request(holder).then(...); "
            "the holder keeps N response promises and delivers them all"},
    {"stack_bytes", stack_bytes},
    {"aip_failed", aip["failed"]},
    {"isolation", "each half in its own forked process"},
    {"scheduler_policy", policy},
  };
  return {
    make_row(name, "start all (suspended)", "s",
             aip["start_seconds"].get<double>(),
             caf["start_seconds"].get<double>(), better::lower, extra),
    make_row(name, "complete all", "s", aip["complete_seconds"].get<double>(),
             caf["complete_seconds"].get<double>(), better::lower,
             {{"n", n}, {"method", "release -> every outcome/reply seen"}}),
    make_row(name, "RSS per suspended task", "bytes",
             aip["rss_delta"].get<double>() / dn,
             caf["rss_delta"].get<double>() / dn, better::lower,
             {{"n", n},
              {"method", "RSS with all N suspended minus RSS before / N"}}),
  };
}

} // namespace aip::bench
