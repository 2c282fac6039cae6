#pragma once
/// Where an agent sends: one agent by id or by name path, any agent offering
/// a capability (a tool or a skill, picked round robin or least loaded), or
/// every subscriber of a topic. Plain value; build with the factories.

#include <string>
#include <utility>

#include "aip/envelope/envelope_fields.hpp"
#include "aip/envelope/id128.hpp"

namespace aip {

struct address {
  enum class kind : uint8_t { id, path, capability, topic };

  kind how = kind::id;
  id128 id;
  /// The path, capability or topic, by `how`.
  std::string name;
  pick_policy pick = pick_policy::round_robin;

  static address of_id(id128 x) { return {kind::id, x, {}, {}}; }
  static address of_path(std::string path) {
    return {kind::path, {}, std::move(path), {}};
  }
  static address of_capability(std::string name,
                               pick_policy p = pick_policy::round_robin) {
    return {kind::capability, {}, std::move(name), p};
  }
  static address of_topic(std::string topic) {
    return {kind::topic, {}, std::move(topic), {}};
  }
};

/// `agent 0123...`, `agent root/calc`, `capability add`, `topic a.b`.
std::string to_string(const address& x);

} // namespace aip
