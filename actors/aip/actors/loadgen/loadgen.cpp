#include "aip/actors/loadgen/loadgen.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include <caf/atom.hpp>

#include "aip/agents/agent_definition.hpp"
#include "aip/agents/wall_clock.hpp"
#include "aip/schemas/demo_generated.h"

namespace aip {

namespace {

constexpr size_t max_samples = 100000;

struct loadgen {
  address target;
  double rate;
  duration tick;
  duration timeout;
  std::vector<uint8_t> body;
  double owed = 0; // requests due but not yet sent (fractions carry over)
  uint64_t sent = 0;
  uint64_t ok = 0;
  std::map<std::string, uint64_t> errors;
  std::vector<int64_t> latency_ns; // reservoir sample
  std::mt19937_64 gen{42};

  explicit loadgen(const agent_args& args)
    : rate(static_cast<double>(args.get_int("rate", 1000))),
      tick(args.get_duration("tick", std::chrono::milliseconds{10})),
      timeout(args.get_duration("timeout", std::chrono::seconds{1})),
      body(static_cast<size_t>(args.get_int("payload_bytes", 64)), 0x5a) {
    auto cap = args.get_string("capability", "");
    target = cap.empty() ? address::of_path(args.get_string("target", ""))
                         : address::of_capability(cap);
  }

  void record_latency(int64_t ns) {
    auto seen = ok;
    if (latency_ns.size() < max_samples) {
      latency_ns.push_back(ns);
    } else if (auto j = gen() % seen; j < max_samples) {
      latency_ns[j] = ns;
    }
  }

  std::string stats() {
    auto sorted = latency_ns;
    std::sort(sorted.begin(), sorted.end());
    auto pct = [&](double p) -> int64_t {
      if (sorted.empty())
        return 0;
      return sorted[std::min(sorted.size() - 1,
                             static_cast<size_t>(p * sorted.size()))];
    };
    nlohmann::json errs = nlohmann::json::object();
    for (auto& [k, v] : errors)
      errs[k] = v;
    return nlohmann::json{{"sent", sent},       {"ok", ok},
                          {"errors", errs},     {"p50_ns", pct(0.50)},
                          {"p99_ns", pct(0.99)}, {"p999_ns", pct(0.999)}}
      .dump();
  }
};

void fire(loadgen& st, agent_context& ctx) {
  st.owed += st.rate * std::chrono::duration<double>(st.tick).count();
  auto n = static_cast<uint64_t>(st.owed);
  st.owed -= static_cast<double>(n);
  for (uint64_t i = 0; i < n; ++i) {
    auto seq = ++st.sent;
    auto sent_ns = wall_clock_ns();
    auto body = make_payload<demo::Load>([&](flatbuffers::FlatBufferBuilder& b) {
      return demo::CreateLoad(b, seq, static_cast<uint64_t>(sent_ns),
                              b.CreateVector(st.body));
    });
    ctx.request(
      st.target, body, st.timeout,
      [&st, sent_ns](const envelope&) {
        ++st.ok;
        st.record_latency(wall_clock_ns() - sent_ns);
      },
      [&st](const request_failure& f) { ++st.errors[to_string(f.code)]; });
  }
}

} // namespace

agent_type loadgen_agent_type() {
  return define_agent<loadgen>("loadgen")
    .summary("sends `rate` requests/s to `target`; (get) -> counters as JSON")
    .arg("target", arg_kind::string, "agent path to load, e.g. root/echo")
    .arg("capability", arg_kind::string, "or: a capability to load")
    .arg("rate", arg_kind::integer, "requests per second (default 1000)")
    .arg("tick", arg_kind::duration, "send in bursts this far apart (10ms)")
    .arg("timeout", arg_kind::duration, "per request (default 1s)")
    .arg("payload_bytes", arg_kind::integer, "bytes per request (default 64)")
    .on_start([](loadgen& st, agent_context& ctx) {
      ctx.every(st.tick, [&st, &ctx] { fire(st, ctx); });
    })
    .on_raw([](loadgen& st, caf::message_view& x) {
      if (x.content().match_elements<caf::get_atom>())
        return caf::make_message(st.stats());
      return caf::message{};
    })
    .build();
}

} // namespace aip
