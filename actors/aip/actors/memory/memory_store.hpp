#pragma once
/// Every namespace of one memory agent, by name. Names are
/// `agent:<path>`, `team:<name>` or `org:<name>` (1-200 characters of
/// [A-Za-z0-9._/@-] after the colon); a namespace is made on its first
/// record with the agent's index configuration. CAF-free; owned by the
/// memory agent's state.

#include <map>
#include <string>

#include "aip/actors/memory/namespace_index.hpp"

namespace aip::memory {

class memory_store {
public:
  explicit memory_store(index_config defaults = {}) : defaults_(defaults) {}

  const index_config& defaults() const { return defaults_; }

  /// True when `ns` is a well-formed namespace name; otherwise `error`
  /// says what is wrong with it.
  static bool valid_name(const std::string& ns, std::string& error);

  /// nullptr when the namespace has no records yet.
  namespace_index* find(const std::string& ns);
  const namespace_index* find(const std::string& ns) const;

  /// REQUIRES: valid_name(ns).
  namespace_index& get_or_create(const std::string& ns);

  /// Drops a namespace that became empty.
  void drop_if_empty(const std::string& ns);

  /// REQUIRES: no namespace `ns` yet and `index.config().dim` matches.
  void adopt(std::string ns, namespace_index index);

  const std::map<std::string, namespace_index>& all() const { return spaces_; }
  size_t records() const;

private:
  index_config defaults_;
  std::map<std::string, namespace_index> spaces_;
};

} // namespace aip::memory
