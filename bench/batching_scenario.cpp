// batching: many agents embedding short sentences through one `embedder`
// (all-MiniLM-L6-v2 on the CPU), with dynamic batching (max_batch 64,
// max_delay 2 ms) vs the same agent with batching off (max_batch 1), in the
// same run. 256 clients each keep one request in flight (closed loop), as
// 256 agents each awaiting its embedding would. A second row, from one
// client and batching off, gives the per-request cost outside the model:
// request latency minus the worker's service time (broker hop, queue,
// tokenizer, worker hand-off, reply).
#include <cstdlib>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "aip/actors/broker/start_broker.hpp"
#include "aip/actors/inference/batcher.hpp"
#include "aip/actors/inference/inference_agent.hpp"
#include "aip/actors/memory/recall.hpp"
#include "aip/agents/outgoing.hpp"
#include "aip/core/type_ids.hpp"
#include "aip/schemas/inference_generated.h"
#include "aip_fixtures.hpp"
#include "bench_system.hpp"
#include "measure.hpp"
#include "scenarios.hpp"

namespace aip::bench {

namespace {

constexpr const char* sentence = "The quick brown fox jumps over the lazy dog.";

struct client_state {
  std::shared_ptr<const backbone> net;
  agent_identity me;
  std::shared_ptr<payload> body;
  bench_clock::time_point until;
  size_t in_flight = 0;
  uint64_t ok = 0, failed = 0;
  double latency_s = 0;
  caf::actor done_to;
};

using client_actor = caf::stateful_actor<client_state>;

void fire(client_actor* self) {
  auto& st = self->state;
  auto e = make_outgoing(*st.net, st.me, envelope{},
                         address::of_capability("embed"), *st.body, {},
                         std::chrono::seconds{30});
  ++st.in_flight;
  auto sent = bench_clock::now();
  auto answered = [self, sent](bool ok) {
    auto& st = self->state;
    --st.in_flight;
    (ok ? st.ok : st.failed) += 1;
    st.latency_s += seconds_since(sent);
    if (bench_clock::now() < st.until)
      fire(self);
    else if (st.in_flight == 0) {
      self->send(st.done_to, st.ok, st.failed, st.latency_s);
      self->quit();
    }
  };
  self->request(st.net->shard_for(e), std::chrono::seconds{30}, std::move(e))
    .then([answered](envelope&) { answered(true); },
          [answered](caf::error&) { answered(false); });
}

struct half {
  double sentences_per_s = 0;
  double mean_latency_us = 0;
  double mean_service_us = 0;
  double mean_batch = 0;
  uint64_t failed = 0;
};

half run_half(const options& opts, size_t clients, int64_t max_batch,
              double seconds) {
  bench_system bs{opts};
  auto& sys = bs.sys();
  node_spec spec;
  spec.name = "bench";
  spec.broker.shards = bs.threads();
  auto types = std::make_shared<agent_type_registry>();
  types->add(embedder_agent_type());
  supervision_context ctx{types, event_log::off(), nullptr};
  auto net = start_broker(sys, spec, ctx.events, ctx.types);
  ctx.net = net;
  auto root = tolerant_spec("root", strategy::one_for_one);
  auto child = worker("embed", "embedder");
  auto args = std::make_shared<agent_args>();
  args->set("max_batch", max_batch);
  args->set("max_queue", int64_t{4096});
  args->set("max_delay", duration{max_batch > 1 ? 2'000'000 : 0});
  if (const char* dir = std::getenv("AIP_MODEL_DIR"))
    args->set("model_dir", std::string{dir});
  child.args = args;
  root->children.push_back(child);
  auto sup = start_or_throw(sys, root, ctx);
  auto body = std::make_shared<payload>(make_embed_request({sentence}));
  agent_identity me{agent_id_for("bench", "client"), "client", "bench", ""};
  caf::scoped_actor self{sys};
  // Warm up: the model is loaded and one batch ran before timing.
  {
    client_state warm{net, me, body, bench_clock::now(), 0, 0, 0, 0, self};
    sys.spawn([warm](client_actor* a) {
      a->state = warm;
      fire(a);
      return caf::behavior{[] {}};
    });
    self->receive([](uint64_t, uint64_t, double) {});
  }
  auto start = bench_clock::now();
  auto until = start + std::chrono::duration_cast<bench_clock::duration>(
                         std::chrono::duration<double>(seconds));
  client_state init{net, me, body, until, 0, 0, 0, 0, self};
  sys.spawn([init, clients](client_actor* a) {
    a->state = init;
    for (size_t i = 0; i < clients; ++i)
      fire(a);
    return caf::behavior{[] {}};
  });
  half h;
  self->receive([&](uint64_t ok, uint64_t failed, double lat) {
    auto secs = seconds_since(start);
    h.sentences_per_s = static_cast<double>(ok) / secs;
    h.mean_latency_us = ok + failed > 0 ? lat / (ok + failed) * 1e6 : 0;
    h.failed = failed;
  });
  auto stats = make_payload<inference::InferenceStatsRequest>(
    [](flatbuffers::FlatBufferBuilder& b) {
      return inference::CreateInferenceStatsRequest(b);
    });
  auto e = make_outgoing(*net, me, envelope{}, address::of_capability("embed"),
                         stats, {}, std::chrono::seconds{5});
  self->request(net->shard_for(e), std::chrono::seconds{5}, e)
    .receive(
      [&](envelope& r) {
        if (auto* s = read_payload<inference::InferenceStats>(r)) {
          if (s->batches() > 0) {
            h.mean_service_us = s->busy_ns() / 1e3 / s->batches();
            h.mean_batch = static_cast<double>(s->batched_requests())
                           / s->batches();
          }
        }
      },
      [](caf::error&) {});
  anon_send_exit(sup, caf::exit_reason::user_shutdown);
  stop_backbone(*net);
  return h;
}

// The policy alone: push requests and cut batches of 64, as the agent does,
// without actors; nanoseconds per request.
double batcher_ns_per_request(size_t n) {
  batch_limits l;
  l.max_queue = 1 << 20;
  batcher b{l};
  std::vector<uint64_t> batch, expired;
  batch.reserve(64);
  auto start = bench_clock::now();
  int64_t now = 1;
  for (uint64_t i = 0; i < n; ++i) {
    b.push(i, 12, 0, ++now);
    if (b.ready(now)) {
      batch.clear();
      b.take(now, batch, expired);
    }
  }
  return seconds_since(start) * 1e9 / static_cast<double>(n);
}

} // namespace

std::vector<row> run_batching(const options& opts) {
  const size_t clients = 256;
  const double secs = opts.duration_s * std::min(1.0, opts.scale);
  auto batched = run_half(opts, clients, 64, secs);
  auto single = run_half(opts, clients, 1, secs);
  nlohmann::json extra{{"clients", clients},
                       {"sentence", sentence},
                       {"aip", "embedder with max_batch 64, max_delay 2ms"},
                       {"caf", "the same embedder with max_batch 1 (no "
                               "batching): baseline in the same run"},
                       {"mean_batch_batched", batched.mean_batch},
                       {"mean_batch_single", single.mean_batch},
                       {"failed", batched.failed + single.failed}};
  std::vector<row> rows;
  rows.push_back(make_row("batching", "throughput, 256 clients",
                          "sentences/s", batched.sentences_per_s,
                          single.sentences_per_s, better::higher, extra));
  auto one = run_half(opts, 1, 1, secs);
  nlohmann::json detail{{"latency_us", one.mean_latency_us},
                        {"service_us", one.mean_service_us},
                        {"what", "one client, no batching: mean request "
                                 "latency minus mean worker service time"}};
  row r{"batching", "overhead per request outside the model", "us",
        one.mean_latency_us - one.mean_service_us, 0, 0, detail};
  rows.push_back(r);
  row policy{"batching", "batcher policy per request (push + cut)", "ns",
             batcher_ns_per_request(scaled(opts, 10'000'000, 1000)), 0, 0,
             {{"what", "batcher.push/ready/take alone, batches of 64"}}};
  rows.push_back(policy);
  return rows;
}

} // namespace aip::bench
