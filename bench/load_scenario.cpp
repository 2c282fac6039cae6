// load: N echo agents under a simple_one_for_one supervisor, requests
// routed by agent id through the sharded broker (envelope built per request,
// credits, look-ahead, reply straight back) vs the same envelopes sent with
// CAF requests straight to N raw echo actors. Closed loop (a window of
// requests in flight per driver) when --rate is 0, else paced per 100 us
// tick (a timer's lateness shows up as lower achieved throughput).
// Each half runs in a forked child so RSS per agent is its own.
#include <algorithm>
#include <random>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/stateful_actor.hpp>

#include "aip/actors/broker/broker_shard.hpp"
#include "aip/actors/broker/start_broker.hpp"
#include "aip/agents/outgoing.hpp"
#include "aip/core/type_ids.hpp"
#include "aip/envelope/make_envelope.hpp"
#include "aip/schemas/demo_generated.h"
#include "aip_fixtures.hpp"
#include "bench_system.hpp"
#include "caf_baselines.hpp"
#include "isolate.hpp"
#include "measure.hpp"
#include "rss.hpp"
#include "scenarios.hpp"

namespace aip::bench {

namespace {

constexpr size_t window = 256; // requests in flight per driver (closed loop)
// Paced mode wakes every 100 us and sends what the elapsed time owes: bursts
// small enough that a burst's own queue does not dominate the latency.
constexpr auto tick = std::chrono::microseconds{100};
using tick_atom = caf::atom_constant<caf::atom("ld_tick")>;

struct driver_result {
  uint64_t ok = 0, overloaded = 0, timeout = 0, other = 0;
  std::vector<uint32_t> latency_ns;
};

struct driver_state {
  std::function<void(caf::event_based_actor*, std::function<void(bool, const caf::error*)>)> fire;
  driver_result* out = nullptr;
  double per_second = 0; // paced mode: this driver's share of --rate
  double owed = 0;
  bench_clock::time_point last_tick;
  size_t in_flight = 0;
  bench_clock::time_point until;
  bool stopping = false;
  caf::actor done_to;
};

using driver_actor = caf::stateful_actor<driver_state>;

void send_one(driver_actor* self);

void on_answer(driver_actor* self, bench_clock::time_point sent,
               const caf::error* err) {
  auto& st = self->state;
  --st.in_flight;
  if (err == nullptr) {
    ++st.out->ok;
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                bench_clock::now() - sent)
                .count();
    st.out->latency_ns.push_back(
      static_cast<uint32_t>(std::min<int64_t>(ns, UINT32_MAX)));
  } else {
    auto code = classify_request_error(*err);
    if (code == request_errc::overloaded)
      ++st.out->overloaded;
    else if (code == request_errc::timeout)
      ++st.out->timeout;
    else
      ++st.out->other;
  }
  if (!st.stopping && bench_clock::now() >= st.until)
    st.stopping = true;
  if (st.stopping) {
    if (st.in_flight == 0) {
      self->send(st.done_to, caf::ok_atom::value);
      self->quit();
    }
    return;
  }
  if (st.per_second == 0)
    send_one(self);
}

void send_one(driver_actor* self) {
  auto& st = self->state;
  ++st.in_flight;
  auto sent = bench_clock::now();
  st.fire(self, [self, sent](bool, const caf::error* err) {
    on_answer(self, sent, err);
  });
}

caf::behavior driver(driver_actor* self, driver_state init) {
  self->state = std::move(init);
  auto& st = self->state;
  st.last_tick = bench_clock::now();
  if (st.per_second == 0) {
    for (size_t i = 0; i < window; ++i)
      send_one(self);
  } else {
    self->send(self, tick_atom::value);
  }
  return {[self](tick_atom) {
    auto& st = self->state;
    if (bench_clock::now() >= st.until) {
      st.stopping = true;
      if (st.in_flight == 0) {
        self->send(st.done_to, caf::ok_atom::value);
        self->quit();
      }
      return;
    }
    // Owed by elapsed time, so a late timer does not lower the rate.
    auto now = bench_clock::now();
    st.owed += st.per_second
               * std::chrono::duration<double>(now - st.last_tick).count();
    st.last_tick = now;
    while (st.owed >= 1 && st.in_flight < 64 * window) {
      st.owed -= 1;
      send_one(self);
    }
    self->delayed_send(self, tick, tick_atom::value);
  }};
}

using fire_fn = std::function<void(caf::event_based_actor*,
                                   std::function<void(bool, const caf::error*)>)>;

/// Runs `drivers` drivers for the configured duration; returns merged results
/// and the seconds the traffic took.
std::pair<driver_result, double>
drive(caf::actor_system& sys, size_t drivers, const options& opts,
      const std::function<fire_fn(size_t driver)>& make_fire) {
  std::vector<driver_result> results(drivers);
  caf::scoped_actor self{sys};
  auto start = bench_clock::now();
  auto until = start + std::chrono::duration_cast<bench_clock::duration>(
                         std::chrono::duration<double>(opts.duration_s));
  for (size_t d = 0; d < drivers; ++d) {
    driver_state st;
    st.fire = make_fire(d);
    st.out = &results[d];
    st.per_second = opts.rate / static_cast<double>(drivers);
    st.until = until;
    st.done_to = self;
    sys.spawn(driver, std::move(st));
  }
  for (size_t d = 0; d < drivers; ++d)
    self->receive([](caf::ok_atom) {});
  auto secs = seconds_since(start);
  driver_result all;
  for (auto& r : results) {
    all.ok += r.ok;
    all.overloaded += r.overloaded;
    all.timeout += r.timeout;
    all.other += r.other;
    all.latency_ns.insert(all.latency_ns.end(), r.latency_ns.begin(),
                          r.latency_ns.end());
  }
  return {std::move(all), secs};
}

nlohmann::json summarize(driver_result& r, double secs, int64_t rss_bytes,
                         size_t n) {
  auto& l = r.latency_ns;
  std::sort(l.begin(), l.end());
  auto pct = [&](double p) -> double {
    if (l.empty())
      return 0;
    return l[std::min(l.size() - 1, static_cast<size_t>(p * l.size()))] / 1e3;
  };
  return {{"throughput", r.ok / secs},  {"p50_us", pct(0.5)},
          {"p99_us", pct(0.99)},        {"p999_us", pct(0.999)},
          {"ok", r.ok},                 {"overloaded", r.overloaded},
          {"timeout", r.timeout},       {"other_errors", r.other},
          {"rss_per_agent", static_cast<double>(rss_bytes) / n}};
}

nlohmann::json load_aip(const options& opts, size_t n) {
  bench_system bs{opts, "sharing"};
  auto& sys = bs.sys();
  node_spec spec;
  spec.name = "bench";
  spec.broker.shards = bs.threads();
  auto ctx = make_context();
  auto rss0 = current_rss_bytes();
  auto net = start_broker(sys, spec, ctx.events, ctx.types);
  ctx.net = net;
  auto root = tolerant_spec("root", strategy::simple_one_for_one);
  root->child_template = worker("echo", "echo");
  root->replicas = n;
  auto sup = start_or_throw(sys, root, ctx);
  auto rss1 = current_rss_bytes();
  std::vector<id128> ids(n);
  for (size_t i = 0; i < n; ++i)
    ids[i] = agent_id_for("bench", "root/echo-" + std::to_string(i + 1));
  auto body = std::make_shared<payload>(load_payload(64));
  agent_identity me{agent_id_for("bench", "driver"), "driver", "bench", ""};
  auto [res, secs] = drive(sys, bs.threads(), opts, [&](size_t d) -> fire_fn {
    auto gen = std::make_shared<std::minstd_rand>(d + 1);
    return [&ids, &net, body, me, gen](caf::event_based_actor* self,
                                       std::function<void(bool, const caf::error*)> k) {
      auto e = make_outgoing(*net, me, envelope{},
                             address::of_id(ids[(*gen)() % ids.size()]),
                             *body, {}, std::chrono::seconds{5});
      auto* shard = net->admit(e);
      if (shard == nullptr) {
        auto err = make_error(request_errc::overloaded, "shard full");
        k(false, &err);
        return;
      }
      self->request(*shard, std::chrono::seconds{5}, std::move(e))
        .then([k](envelope&) { k(true, nullptr); },
              [k](caf::error& err) { k(false, &err); });
    };
  });
  auto out = summarize(res, secs, static_cast<int64_t>(rss1 - rss0), n);
  uint64_t dead = 0;
  {
    caf::scoped_actor self{sys};
    self->request(net->dead_letters, std::chrono::seconds{5},
                  dead_letters_atom::value)
      .receive([&](uint64_t x) { dead = x; }, [](caf::error&) {});
  }
  out["dead_letters"] = dead;
  anon_send_exit(sup, caf::exit_reason::user_shutdown);
  stop_backbone(*net);
  return out;
}

nlohmann::json load_caf(const options& opts, size_t n) {
  bench_system bs{opts, "sharing"};
  auto& sys = bs.sys();
  auto rss0 = current_rss_bytes();
  std::vector<caf::actor> echos(n);
  for (auto& a : echos)
    a = spawn_caf_echo(sys);
  auto rss1 = current_rss_bytes();
  auto body = std::make_shared<payload>(load_payload(64));
  auto [res, secs] = drive(sys, bs.threads(), opts, [&](size_t d) -> fire_fn {
    auto gen = std::make_shared<std::minstd_rand>(d + 1);
    return [&echos, body, gen](caf::event_based_actor* self,
                               std::function<void(bool, const caf::error*)> k) {
      // The same envelope an agent would get, built per request likewise.
      envelope_fields f;
      f.to_agent = agent_address{id128{1, 2}, {}};
      f.payload_type = body->type;
      f.payload = body->view();
      self->request(echos[(*gen)() % echos.size()], std::chrono::seconds{5},
                    make_envelope(f))
        .then([k](envelope&) { k(true, nullptr); },
              [k](caf::error& err) { k(false, &err); });
    };
  });
  for (auto& a : echos)
    anon_send_exit(a, caf::exit_reason::user_shutdown);
  return summarize(res, secs, static_cast<int64_t>(rss1 - rss0), n);
}

} // namespace

std::vector<row> run_load(const options& opts) {
  auto n = std::max<size_t>(1, static_cast<size_t>(opts.agents * opts.scale));
  auto a = run_isolated([&] { return load_aip(opts, n); });
  auto c = run_isolated([&] { return load_caf(opts, n); });
  nlohmann::json common{{"agents", n},
                        {"rate", opts.rate},
                        {"duration_s", opts.duration_s},
                        {"aip", "request by agent id via broker shard -> echo "
                                "agent (define_agent), reply direct"},
                        {"caf", "CAF request with the same envelope to a raw "
                                "lazy_init echo actor (reflect)"}};
  auto rate_row = [&](const char* metric, const char* unit, bool higher_better) {
    row r{"load", metric, unit, a[metric].get<double>(), c[metric].get<double>()};
    r.ratio = higher_better ? (r.caf > 0 ? r.aip / r.caf : 0)
                            : (r.aip > 0 ? r.caf / r.aip : 0);
    r.extra = common;
    return r;
  };
  std::vector<row> rows{rate_row("throughput", "req/s", true),
                        rate_row("p50_us", "us", false),
                        rate_row("p99_us", "us", false),
                        rate_row("p999_us", "us", false),
                        rate_row("rss_per_agent", "bytes", false)};
  rows[0].extra["aip_overloaded"] = a["overloaded"];
  rows[0].extra["aip_dead_letters"] = a["dead_letters"];
  rows[0].extra["aip_timeouts"] = a["timeout"];
  rows[0].extra["aip_other_errors"] = a["other_errors"];
  rows[0].extra["caf_errors"] = c["timeout"].get<uint64_t>()
                                + c["other_errors"].get<uint64_t>();
  return rows;
}

} // namespace aip::bench
