#pragma once
/// A circuit-breaker proxy guarding one target (an agent or a tool actor):
/// callers send their requests to the proxy instead of the target; the proxy
/// forwards each one and passes the target's reply or error back, and fails
/// fast with `circuit_open` or `overloaded` while the target keeps failing or
/// too many calls are in flight. The proxy owns one `circuit_breaker`
/// (aip/resilience/circuit_breaker.hpp); docs/circuit-breakers.md.
///
/// Example:
///   auto guarded = spawn_breaker_proxy(sys, agent,
///                                      {"root/calc", cfg, events});
///   self->request(guarded, 5s, ...);   // instead of `agent`
///
/// Messages (the atoms are in circuit_breaker/messages.hpp):
/// - any request -> the target's reply, or one of these typed errors
///   (aip/agents/request_error.hpp):
///   - `circuit_open` (nothing sent; `retry_after` = cool-down left while
///     open, 0 while half-open with every probe in flight),
///   - `overloaded` (bulkhead full; `retry_after` = the recent mean call
///     time, at least 1ms),
///   - `timeout` (no reply within `call_timeout`),
///   - `unreachable` (the target is dead; answered at once until
///     `breaker_target_atom` binds a new one),
///   - whatever error the target replied, unchanged.
/// - any asynchronous message -> forwarded unchanged with its original
///   sender, never counted by the breaker; dropped while the target is dead.
/// - `(breaker_state_atom)` -> std::string JSON: `name`, `state` (`closed`,
///   `open`, `half_open`; an open breaker whose cool-down has passed reads
///   `open` until the next request), `in_flight`, `successes`, `failures`,
///   `rejected_open`, `rejected_bulkhead`, `target_down`.
/// - `(breaker_target_atom, caf::actor)` -> `caf::ok_atom`.
///
/// Which replies count as failures: errors classified (classify_request_error)
/// as `timeout`, `unreachable`, `overloaded` or `circuit_open` (the target's
/// own dependency is down), and errors outside AIP's six. `invalid_input` and
/// `denied` are the caller's fault: the target is healthy, so they count as
/// successes, as does every non-error reply.
///
/// Events (docs/events.md): `circuit.open`, `circuit.half_open` and
/// `circuit.closed` on `events`, path = `name`, reason = why.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <caf/fwd.hpp>

#include "aip/core/duration.hpp"
#include "aip/resilience/circuit_breaker_config.hpp"

namespace aip {

class event_log;

struct breaker_proxy_options {
  /// The target's path or tool name, for events and error texts.
  std::string name;
  /// @pre `config.validate()` is nullopt (asserted by circuit_breaker).
  circuit_breaker_config config;
  /// Where transitions go; null or `off` for none.
  std::shared_ptr<event_log> events;
  /// How long one forwarded call may take before it fails with `timeout`.
  duration call_timeout = std::chrono::seconds{30};
  /// The breaker's clock (tests pass a controlled one); empty = steady_clock.
  std::function<std::chrono::steady_clock::time_point()> clock;
};

/// Spawns a proxy guarding `target`. It monitors `target` and lives until it
/// is stopped or no handle to it is left.
caf::actor spawn_breaker_proxy(caf::actor_system& sys, caf::actor target,
                               breaker_proxy_options opts);

/// The same, spawned by `parent` (e.g. a supervisor, which may link to it).
caf::actor spawn_breaker_proxy(caf::local_actor* parent, caf::actor target,
                               breaker_proxy_options opts);

} // namespace aip
