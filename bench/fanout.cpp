// Fan-out: one message to N receivers that each send an ack back; timed from
// the first send until the last ack arrives. Three variants, each in a fresh
// actor system with the same receivers:
//   aip        one aip::envelope sent to every receiver (shared buffer)
//   caf        a std::vector<uint8_t> sent by value to every receiver: CAF's
//              make_message copies it per send, as naive code would
//   caf_shared one caf::message holding the vector, built once and sent to
//              every receiver (CAF's copy-on-write sharing; best raw CAF)
#include "fanout.hpp"

#include "aip/core/type_ids.hpp"
#include "aip/envelope/make_envelope.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

namespace aip::bench {

namespace {

using clock_type = std::chrono::steady_clock;
using fanout_ack_atom = caf::atom_constant<caf::atom("fo_ack")>;

// More in flight than this and the per-receiver-copy baseline could hold
// receivers x payload bytes in mailboxes at once (10 GB for 10k x 1 MB):
// beyond it, that baseline sends in waves and waits for each wave's acks.
constexpr size_t max_bytes_in_flight = size_t{1} << 30;

size_t rounds_for(size_t receivers, size_t payload_bytes) {
  // Enough rounds for a stable median without minutes of memcpy.
  return receivers * payload_bytes > (size_t{1} << 30) ? 3 : 7;
}

double median(std::vector<double> xs) {
  std::sort(xs.begin(), xs.end());
  return xs[xs.size() / 2];
}

class fanout_run {
public:
  fanout_run(size_t receivers, size_t threads) {
    register_types(cfg_);
    cfg_.set("scheduler.max-threads",
             threads != 0 ? threads
                          : std::max(1u, std::thread::hardware_concurrency()));
    sys_ = std::make_unique<caf::actor_system>(cfg_);
    actors_.reserve(receivers);
    for (size_t i = 0; i < receivers; ++i)
      actors_.push_back(sys_->spawn(receiver));
  }

  ~fanout_run() {
    for (auto& a : actors_)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    actors_.clear();
    sys_.reset();
  }

  /// Microseconds from the first send until `acks` acks arrived; `send(i)`
  /// sends to receiver i. `wave` receivers at most between waits.
  template <class Send>
  double time_us(Send send, size_t wave) {
    caf::scoped_actor self{*sys_};
    auto n = actors_.size();
    auto start = clock_type::now();
    for (size_t first = 0; first < n; first += wave) {
      auto last = std::min(n, first + wave);
      for (size_t i = first; i < last; ++i)
        send(self, actors_[i]);
      size_t acks = first;
      self->receive_for(acks, last)([](fanout_ack_atom) {});
    }
    auto elapsed = clock_type::now() - start;
    return std::chrono::duration<double, std::micro>(elapsed).count();
  }

private:
  static caf::behavior receiver(caf::event_based_actor* self) {
    // Touch the payload's first byte so the message is really consumed.
    auto ack = [self] {
      self->send(caf::actor_cast<caf::actor>(self->current_sender()),
                 fanout_ack_atom::value);
    };
    return {
        [ack](const envelope& e) {
          if (e.payload().size > 0 && e.payload().data[0] == 0xFF)
            return; // never: keeps the read from being optimized away
          ack();
        },
        [ack](const std::vector<uint8_t>& bytes) {
          if (!bytes.empty() && bytes[0] == 0xFF)
            return;
          ack();
        },
    };
  }

  caf::actor_system_config cfg_;
  std::unique_ptr<caf::actor_system> sys_;
  std::vector<caf::actor> actors_;
};

template <class Send>
double measure(size_t receivers, size_t threads, size_t rounds, size_t wave,
               Send send) {
  fanout_run run{receivers, threads};
  run.time_us(send, wave); // warm-up: mailboxes, queues, thread caches
  std::vector<double> samples;
  for (size_t r = 0; r < rounds; ++r)
    samples.push_back(run.time_us(send, wave));
  return median(std::move(samples));
}

} // namespace

nlohmann::json run_fanout(size_t receivers, size_t payload_bytes,
                          size_t threads) {
  receivers = std::max<size_t>(receivers, 1);
  std::vector<uint8_t> payload(payload_bytes);
  for (size_t i = 0; i < payload_bytes; ++i)
    payload[i] = static_cast<uint8_t>(i % 251);
  auto rounds = rounds_for(receivers, payload_bytes);

  // AIP: build once (timed apart), then send the same envelope N times.
  envelope_fields fields;
  fields.to_topic = "bench.fanout";
  fields.payload_type = "aip.bench.Blob";
  fields.payload = {payload.data(), payload.size()};
  auto build_start = clock_type::now();
  auto env = make_envelope(fields);
  auto build_us = std::chrono::duration<double, std::micro>(clock_type::now()
                                                            - build_start)
                      .count();
  auto aip_us = measure(receivers, threads, rounds, receivers,
                        [&](caf::scoped_actor& self, const caf::actor& to) {
                          self->send(to, env);
                        });

  // Raw CAF, naive: the vector by value, copied into each message.
  auto wave = std::max<size_t>(
      1, std::min(receivers,
                  max_bytes_in_flight / std::max<size_t>(payload_bytes, 1)));
  auto caf_us = measure(receivers, threads, rounds, wave,
                        [&](caf::scoped_actor& self, const caf::actor& to) {
                          self->send(to, payload);
                        });

  // Raw CAF, shared: one message, CAF's copy-on-write keeps one vector.
  auto shared_msg = caf::make_message(payload);
  auto caf_shared_us
      = measure(receivers, threads, rounds, receivers,
                [&](caf::scoped_actor& self, const caf::actor& to) {
                  self->send(to, shared_msg);
                });

  auto name = "fanout_" + std::to_string(receivers) + "_"
              + std::to_string(payload_bytes);
  nlohmann::json result{
      {"scenario", name},
      {"aip_us", aip_us},
      {"caf_us", caf_us},
      {"ratio", caf_us / aip_us},
      {"payload_bytes", payload_bytes},
      {"receivers", receivers},
      {"caf_baseline", "std::vector<uint8_t> sent by value per receiver "
                       "(one payload copy per send)"},
      {"caf_shared_msg_us", caf_shared_us},
      {"envelope_build_us", build_us},
      {"envelope_bytes", env.bytes().size()},
      {"rounds", rounds},
      {"caf_wave", wave},
  };
  // The keys the `aip bench` row adapter reads (fanout_scenario.cpp).
  result["metric"] = "fanout_time";
  result["unit"] = "us";
  result["aip"] = aip_us;
  result["caf"] = caf_us;
  return result;
}

} // namespace aip::bench
