// Zero-copy fan-out: one envelope sent to N local actors reaches every one of
// them with the sender's payload pointer, and the bytes allocated while doing
// so depend neither on the payload size nor (beyond CAF's own per-message
// constant) on anything but the number of receivers.

#include "aip/core/type_ids.hpp"
#include "aip/envelope/make_envelope.hpp"

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "runtime/envelope/envelope_samples.hpp"
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <thread>
#include <vector>

// -- allocation counting ------------------------------------------------------
// Replacing the global operator new in this test binary also catches CAF's
// allocations (libcaf_core resolves operator new to this definition).

namespace {

std::atomic<bool> counting{false};
std::atomic<size_t> allocated_bytes{0};
std::atomic<size_t> allocations{0};
std::atomic<size_t> largest{0};

void* counted_alloc(size_t n) {
  if (counting.load(std::memory_order_relaxed)) {
    allocated_bytes.fetch_add(n, std::memory_order_relaxed);
    allocations.fetch_add(1, std::memory_order_relaxed);
    auto prev = largest.load(std::memory_order_relaxed);
    while (n > prev && !largest.compare_exchange_weak(prev, n)) {
      // retry
    }
  }
  if (auto* p = std::malloc(n == 0 ? 1 : n))
    return p;
  throw std::bad_alloc{};
}

} // namespace

void* operator new(size_t n) { return counted_alloc(n); }

void* operator new[](size_t n) { return counted_alloc(n); }

void operator delete(void* p) noexcept { std::free(p); }

void operator delete[](void* p) noexcept { std::free(p); }

void operator delete(void* p, size_t) noexcept { std::free(p); }

void operator delete[](void* p, size_t) noexcept { std::free(p); }

// -- the test -----------------------------------------------------------------

using namespace aip;
using ack_atom = caf::atom_constant<caf::atom("ack")>;

namespace {

struct fanout_stats {
  size_t bytes = 0;
  size_t allocations = 0;
  size_t largest = 0;
  size_t receivers_seeing_sender_pointer = 0;
};

struct fanout_fixture : ::testing::Test {
  static constexpr size_t receivers = 1000;
  caf::actor_system_config cfg;
  std::unique_ptr<caf::actor_system> sys;
  std::vector<caf::actor> actors;
  // Written by receiver i only; read after its ack (message passing orders
  // the write before the read).
  std::vector<const uint8_t*> seen = std::vector<const uint8_t*>(receivers);

  void SetUp() override {
    register_types(cfg);
    cfg.set("scheduler.max-threads", 2);
    sys = std::make_unique<caf::actor_system>(cfg);
    for (size_t i = 0; i < receivers; ++i) {
      actors.push_back(sys->spawn([this, i](caf::event_based_actor* self) {
        return caf::behavior{
            [this, i, self](const envelope& e) {
              seen[i] = e.payload().data;
              self->send(caf::actor_cast<caf::actor>(self->current_sender()),
                         ack_atom::value);
            },
        };
      }));
    }
  }

  void TearDown() override {
    for (auto& a : actors)
      caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
    actors.clear();
  }

  fanout_stats fan_out(const envelope& e) {
    caf::scoped_actor self{*sys};
    std::fill(seen.begin(), seen.end(), nullptr);
    allocated_bytes = 0;
    allocations = 0;
    largest = 0;
    counting = true;
    for (auto& a : actors)
      self->send(a, e);
    size_t acks = 0;
    self->receive_for(acks, receivers)([](ack_atom) {});
    counting = false;
    fanout_stats result;
    result.bytes = allocated_bytes;
    result.allocations = allocations;
    result.largest = largest;
    result.receivers_seeing_sender_pointer = static_cast<size_t>(
        std::count(seen.begin(), seen.end(), e.payload().data));
    return result;
  }
};

void print(const char* label, const fanout_stats& s) {
  std::printf("%s: %zu bytes in %zu allocations (%.1f B/receiver), "
              "largest %zu B\n",
              label, s.bytes, s.allocations,
              static_cast<double>(s.bytes) / fanout_fixture::receivers,
              s.largest);
}

} // namespace

TEST_F(fanout_fixture, one_envelope_to_many_actors_copies_no_payload) {
  std::vector<uint8_t> small_payload(1024, 1);
  std::vector<uint8_t> large_payload(1 << 20, 2);
  auto small = make_envelope(test::sample_fields(small_payload));
  auto large = make_envelope(test::sample_fields(large_payload));
  // Warm up: first deliveries allocate mailboxes, queues and thread state.
  fan_out(small);
  fan_out(large);
  auto s = fan_out(small);
  auto l = fan_out(large);
  print("1 KiB payload", s);
  print("1 MiB payload", l);
  // Every receiver read the sender's bytes, not a copy.
  EXPECT_EQ(s.receivers_seeing_sender_pointer, receivers);
  EXPECT_EQ(l.receivers_seeing_sender_pointer, receivers);
  // No allocation anywhere near a payload's size: nothing copied it.
  EXPECT_LT(s.largest, small_payload.size());
  EXPECT_LT(l.largest, small_payload.size());
  // Independent of payload size: 1000x more payload, (almost) the same bytes.
  // The slack absorbs allocator noise from CAF's worker threads.
  EXPECT_LT(l.bytes, s.bytes + 16 * 1024);
  EXPECT_LT(s.bytes, l.bytes + 16 * 1024);
  // Per receiver only CAF's per-message constant (the send's mailbox element
  // and the ack), far below even the small payload.
  EXPECT_LT(s.bytes / receivers, 512u);
  EXPECT_LT(l.bytes / receivers, 512u);
  // All copies are released again (a receiver drops its message only after
  // its handler, i.e. after sending the ack: poll briefly).
  for (int i = 0; i < 2000 && large.bytes().use_count() > 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(large.bytes().use_count(), 1u);
}
