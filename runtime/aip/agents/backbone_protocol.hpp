#pragma once
/// The messages between agent contexts and broker shards, besides the
/// envelopes themselves:
///   shard <- (envelope)                      route it; a request is answered
///                                            by the recipient, or with a
///                                            request error by the shard
///   shard <- (register_atom, registration)   index an agent (by id, or as an
///                                            offerer of one capability)
///   shard <- (subscribe_atom, subscription)  -> ok | invalid_input
///   shard <- (unsubscribe_atom, subscription)
///   agent <- (delivery_failure)              a one-way send was refused
///   sink  <- (dead_letter)                   something undeliverable
/// Registrations and subscriptions hold local pointers: they do not cross
/// nodes (their inspect writes the serialisable part only).

#include <cstdint>
#include <memory>
#include <string>

#include <caf/actor.hpp>
#include <caf/atom.hpp>
#include <caf/meta/type_name.hpp>

#include "aip/agents/agent_record.hpp"
#include "aip/agents/request_error.hpp"
#include "aip/agents/tool_spec.hpp"
#include "aip/envelope/id128.hpp"
#include "aip/resilience/circuit_breaker_config.hpp"

namespace aip {

using register_atom = caf::atom_constant<caf::atom("aip_reg")>;
using subscribe_atom = caf::atom_constant<caf::atom("aip_sub")>;
using unsubscribe_atom = caf::atom_constant<caf::atom("aip_unsub")>;
/// (dead_letters_atom, uint64_t max) -> std::vector<dead_letter> newest last;
/// (dead_letters_atom) -> uint64_t total recorded.
using dead_letters_atom = caf::atom_constant<caf::atom("aip_dlq")>;
/// (stats_atom) -> std::string (JSON counters of a shard).
using stats_atom = caf::atom_constant<caf::atom("aip_stats")>;
/// (tools_atom, std::string query) -> std::string (JSON array of tools).
using tools_atom = caf::atom_constant<caf::atom("aip_tools")>;
/// Timer messages of an agent: (timer_atom, uint64_t timer id).
using timer_atom = caf::atom_constant<caf::atom("aip_timer")>;
/// An agent's own look-ahead round (see agent_runtime.cpp).
using drain_atom = caf::atom_constant<caf::atom("aip_drain")>;

struct registration {
  caf::actor agent;
  std::shared_ptr<agent_record> record;
  /// Empty: register the agent under its id. Else: as offering this
  /// capability (a tool when `tool` is set, a skill otherwise).
  std::string capability;
  std::shared_ptr<const tool_spec> tool;
  /// Guard calls to the agent (id registrations only); null: none.
  std::shared_ptr<const circuit_breaker_config> breaker;
  /// False: the agent's failure degrades its capabilities only.
  bool critical = true;
};

struct subscription {
  caf::actor agent;
  std::shared_ptr<agent_record> record;
  std::string pattern;
};

struct delivery_failure {
  id128 message_id;
  request_errc code = request_errc::unreachable;
  std::string what;
  int64_t retry_after_ns = 0;
};

struct dead_letter {
  /// Wall clock, ns since the Unix epoch.
  int64_t at_ns = 0;
  id128 message_id;
  id128 correlation_id;
  /// `agent root/x`, `capability add`, `topic a.b`.
  std::string recipient;
  std::string payload_type;
  request_errc code = request_errc::unreachable;
  /// Why, e.g. `deadline passed 3ms before delivery`, `no agent ...`.
  std::string reason;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, id128& x) {
  return f(caf::meta::type_name("aip.id"), x.hi, x.lo);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, registration& x) {
  return f(caf::meta::type_name("aip.reg"), x.agent, x.capability,
           x.critical);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, subscription& x) {
  return f(caf::meta::type_name("aip.sub"), x.agent, x.pattern);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, delivery_failure& x) {
  return f(caf::meta::type_name("aip.undel"), x.message_id, x.code, x.what,
           x.retry_after_ns);
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, dead_letter& x) {
  return f(caf::meta::type_name("aip.dl"), x.at_ns, x.message_id,
           x.correlation_id, x.recipient, x.payload_type, x.code, x.reason);
}

} // namespace aip
