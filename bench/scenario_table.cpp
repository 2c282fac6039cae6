// The scenario table: names, one-line summaries and the function behind each.
#include "scenarios.hpp"

namespace aip::bench {

const std::vector<scenario>& all_scenarios() {
  static const std::vector<scenario> table = [] {
    std::vector<scenario> t{
      {"spawn_10k", "10k supervised echo agents vs 10k raw CAF actors",
       [](const options& o) { return run_spawn(o, "spawn_10k", 10'000); }},
      {"spawn_100k", "100k supervised echo agents vs raw CAF",
       [](const options& o) { return run_spawn(o, "spawn_100k", 100'000); }},
      {"spawn_1m", "1M supervised echo agents vs raw CAF",
       [](const options& o) {
         return run_spawn(o, "spawn_1m", 1'000'000);
       }},
      {"ping_pong", "request/response round trips to a supervised echo",
       run_ping_pong},
      {"fan_in_100", "100 senders into one supervised sink", run_fan_in},
      {"restart_latency", "kill -> restarted child answering, p50/p99",
       run_restart_latency},
      {"one_for_all_10k", "kill one of 10k one_for_all children, time to "
                          "all restarted",
       run_one_for_all},
      {"load", "request/response through the sharded broker to N agents "
               "(--agents --rate --duration) vs raw CAF sends",
       run_load},
      {"flood", "a producer floods one slow consumer for --duration: RSS "
                "with credits vs raw CAF's unbounded mailbox",
       run_flood},
      {"fanout_10k",
       "one envelope (1 KB and 1 MB) to 10k receivers (bench/fanout.cpp)",
       [](const options& o) { return run_fanout_scenario(o, "fanout_10k"); }},
      {"batching",
       "256 clients embedding via one embedder: dynamic batching vs none, "
       "and the per-request overhead outside the model",
       run_batching},
      {"workflows_100k",
       "100k fiber workflows suspended in an await vs 100k CAF actors "
       "waiting on a request",
       [](const options& o) {
         return run_workflows(o, "workflows_100k", 100'000);
       }},
    };
    return t;
  }();
  return table;
}

} // namespace aip::bench
