#pragma once
/// What the broker and an agent share about that agent: its identity and the
/// credits that bound its mailbox (credit_gauge.hpp). One allocation per
/// agent, made when it starts and held by the agent and the shards that route
/// to it.

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "aip/agents/credit_gauge.hpp"
#include "aip/core/duration.hpp"
#include "aip/envelope/id128.hpp"

namespace aip {

struct agent_identity {
  /// Stable over restarts: derived from the node name and the path.
  id128 id;
  /// Name path in the supervision tree, e.g. `root/pool/echo-17`.
  std::string path;
  /// The agent type (`calculator`), i.e. its class.
  std::string klass;
  /// The principal the agent acts for (`owner:` in config; empty = node).
  std::string owner;
};

/// The id of the agent at `path` on `node`: 128 bits of two independent
/// 64-bit hashes. Deterministic, so a restarted agent keeps its id and any
/// node can compute the id of a path it knows.
id128 agent_id_for(std::string_view node, std::string_view path);

class agent_record {
public:
  agent_record(agent_identity who, uint32_t capacity)
    : identity_(std::move(who)), credits_(capacity) {}

  const agent_identity& identity() const noexcept { return identity_; }

  bool try_acquire() noexcept { return credits_.try_acquire(); }
  void release() noexcept { credits_.release(); }
  uint32_t capacity() const noexcept { return credits_.capacity(); }
  /// Messages accepted and not yet handled.
  uint32_t in_flight() const noexcept { return credits_.taken(); }
  /// Messages refused with `overloaded` so far.
  uint64_t overloaded() const noexcept { return credits_.refused(); }

  /// The agent samples how long a message takes (every 64th one).
  void record_service_time(duration d) noexcept {
    auto ns = static_cast<uint64_t>(d.count());
    auto old = service_ns_.load(std::memory_order_relaxed);
    service_ns_.store(old == 0 ? ns : (old * 7 + ns) / 8,
                      std::memory_order_relaxed);
  }

  /// When a refused sender should try again: the time the agent needs to
  /// drain its queue (waiting x mean service time), at least 1 ms.
  duration retry_after() const noexcept;

private:
  agent_identity identity_;
  credit_gauge credits_;
  std::atomic<uint64_t> service_ns_{0};
};

} // namespace aip
