// flood: a producer sends one-way messages as fast as it can to one slow
// consumer (5 us per message) for --duration. AIP: through the broker, with
// the consumer's credits (default 1024) refusing the excess; RSS must stay
// flat. Raw CAF: the same flood straight to a slow actor, whose mailbox has
// no bound; stopped early at 4 GB growth or 10 s, whichever comes first.
#include <algorithm>
#include <atomic>
#include <thread>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "aip/actors/broker/start_broker.hpp"
#include "aip/agents/agent_definition.hpp"
#include "aip/agents/outgoing.hpp"
#include "aip/core/type_ids.hpp"
#include "aip/envelope/make_envelope.hpp"
#include "aip/schemas/demo_generated.h"
#include "aip_fixtures.hpp"
#include "bench_system.hpp"
#include "isolate.hpp"
#include "measure.hpp"
#include "rss.hpp"
#include "scenarios.hpp"

namespace aip::bench {

namespace {

using burst_atom = caf::atom_constant<caf::atom("fl_burst")>;
constexpr int burst = 1000;
constexpr int64_t caf_rss_cap = 4LL << 30;

void busy(std::chrono::nanoseconds d) {
  auto until = bench_clock::now() + d;
  while (bench_clock::now() < until)
    ;
}

struct slow {
  std::atomic<uint64_t>* handled;
};

struct producer_state {
  caf::actor to;
  /// Set for AIP: senders take a slot in the shard's queue first.
  const backbone* net = nullptr;
  envelope msg;
  std::atomic<bool>* stop;
  uint64_t sent = 0;
  uint64_t refused = 0;
};

caf::behavior producer(caf::stateful_actor<producer_state>* self,
                       producer_state init) {
  self->state = std::move(init);
  self->send(self, burst_atom::value);
  return {
    [self](burst_atom) {
      auto& st = self->state;
      if (st.stop->load())
        return;
      for (int i = 0; i < burst; ++i) {
        if (st.net != nullptr && st.net->admit(st.msg) == nullptr) {
          ++st.refused;
          continue;
        }
        self->send(st.to, st.msg);
      }
      st.sent += burst;
      self->send(self, burst_atom::value);
    },
    [self](const delivery_failure&) { ++self->state.refused; },
    [self](caf::get_atom) {
      return caf::make_message(self->state.sent, self->state.refused);
    },
  };
}

struct sample {
  int64_t start = 0, peak = 0, end = 0;
};

// Samples RSS every 100 ms until `until` or `stop_if` says so.
sample watch_rss(bench_clock::time_point until,
                 const std::function<bool(int64_t growth)>& stop_if) {
  sample s;
  s.start = static_cast<int64_t>(current_rss_bytes());
  s.peak = s.start;
  while (bench_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
    auto now = static_cast<int64_t>(current_rss_bytes());
    s.peak = std::max(s.peak, now);
    s.end = now;
    if (stop_if(now - s.start))
      break;
  }
  return s;
}

std::vector<uint64_t> stop_producer(caf::actor_system& sys, caf::actor p,
                                    std::atomic<bool>& stop) {
  stop = true;
  std::vector<uint64_t> counts{0, 0};
  caf::scoped_actor self{sys};
  self->request(p, caf::infinite, caf::get_atom::value)
    .receive([&](uint64_t sent, uint64_t refused) { counts = {sent, refused}; },
             [](caf::error&) {});
  anon_send_exit(p, caf::exit_reason::user_shutdown);
  return counts;
}

nlohmann::json flood_aip(const options& opts) {
  bench_system bs{opts, "sharing"};
  auto& sys = bs.sys();
  static std::atomic<uint64_t> handled{0};
  handled = 0;
  auto ctx = make_context();
  auto types = std::make_shared<agent_type_registry>(*ctx.types);
  types->add(define_agent<slow>("slow_sink")
               .on_any([](slow&, agent_context&, const envelope&) {
                 busy(std::chrono::microseconds{5});
                 ++handled;
               })
               .build());
  ctx.types = types;
  node_spec spec;
  spec.name = "bench";
  auto net = start_broker(sys, spec, ctx.events, ctx.types);
  ctx.net = net;
  auto root = tolerant_spec("root", strategy::one_for_one);
  root->children.push_back(worker("slow", "slow_sink"));
  auto sup = start_or_throw(sys, root, ctx);
  agent_identity me{agent_id_for("bench", "producer"), "producer", "bench", ""};
  auto msg = make_outgoing(*net, me, envelope{}, address::of_path("root/slow"),
                           load_payload(64), {}, duration{0});
  std::atomic<bool> stop{false};
  auto p = sys.spawn(producer, producer_state{net->shard_for(msg), net.get(), msg, &stop});
  auto start = bench_clock::now();
  auto s = watch_rss(start + std::chrono::duration_cast<bench_clock::duration>(
                               std::chrono::duration<double>(opts.duration_s)),
                     [](int64_t) { return false; });
  auto secs = seconds_since(start);
  auto counts = stop_producer(sys, p, stop);
  anon_send_exit(sup, caf::exit_reason::user_shutdown);
  stop_backbone(*net);
  return {{"seconds", secs},          {"sent", counts[0]},
          {"refused", counts[1]},     {"handled", handled.load()},
          {"rss_growth", s.end - s.start}, {"rss_peak_growth", s.peak - s.start}};
}

nlohmann::json flood_caf(const options& opts) {
  bench_system bs{opts, "sharing"};
  auto& sys = bs.sys();
  static std::atomic<uint64_t> handled{0};
  static std::atomic<bool> stop{false};
  handled = 0;
  stop = false;
  auto consumer = sys.spawn([](caf::event_based_actor* self) {
    self->set_default_handler(
      [](caf::scheduled_actor*, caf::message_view&) -> caf::result<caf::message> {
        // Once the flood ends the backlog is only drained, or it would take
        // minutes (CAF has no way to drop a mailbox's content).
        if (!stop)
          busy(std::chrono::microseconds{5});
        ++handled;
        return caf::message{};
      });
    return caf::behavior{[](caf::ok_atom) {}};
  });
  envelope_fields f;
  f.to_agent = agent_address{id128{1, 2}, {}};
  auto b = load_payload(64);
  f.payload_type = b.type;
  f.payload = b.view();
  auto p = sys.spawn(producer, producer_state{consumer, nullptr, make_envelope(f), &stop});
  auto start = bench_clock::now();
  auto limit = std::min(opts.duration_s, 10.0);
  auto s = watch_rss(start + std::chrono::duration_cast<bench_clock::duration>(
                               std::chrono::duration<double>(limit)),
                     [](int64_t growth) { return growth > caf_rss_cap; });
  auto secs = seconds_since(start);
  auto counts = stop_producer(sys, p, stop);
  anon_send_exit(consumer, caf::exit_reason::kill);
  return {{"seconds", secs},          {"sent", counts[0]},
          {"refused", 0},             {"handled", handled.load()},
          {"rss_growth", s.end - s.start}, {"rss_peak_growth", s.peak - s.start}};
}

} // namespace

std::vector<row> run_flood(const options& opts) {
  auto a = run_isolated([&] { return flood_aip(opts); });
  auto c = run_isolated([&] { return flood_caf(opts); });
  row r{"flood", "rss_growth", "bytes", a["rss_peak_growth"].get<double>(),
        c["rss_peak_growth"].get<double>()};
  r.ratio = r.aip > 0 ? r.caf / r.aip : 0;
  r.extra = {{"aip", a}, {"caf", c},
             {"note", "peak RSS growth while flooding; caf stops at 4 GB or 10 s"}};
  return {r};
}

} // namespace aip::bench
