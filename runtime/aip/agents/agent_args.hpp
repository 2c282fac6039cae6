#pragma once
/// The `args:` of one agent in a config file, already checked against its
/// type's declared `arg_spec`s. Immutable once built; shared by every replica
/// of a template, so read it from any thread.

#include <cstdint>
#include <map>
#include <string>
#include <variant>

#include "aip/core/duration.hpp"

namespace aip {

using arg_value = std::variant<bool, int64_t, double, std::string, duration>;

class agent_args {
public:
  agent_args() = default;

  void set(std::string key, arg_value value) {
    values_[std::move(key)] = std::move(value);
  }

  bool has(const std::string& key) const { return values_.count(key) != 0; }

  /// Typed getters return `fallback` when the key is absent. The config
  /// checker guarantees the type of every present key, so a mismatch here is
  /// a programming error and throws std::bad_variant_access.
  bool get_bool(const std::string& key, bool fallback) const {
    return get<bool>(key, fallback);
  }
  int64_t get_int(const std::string& key, int64_t fallback) const {
    return get<int64_t>(key, fallback);
  }
  double get_double(const std::string& key, double fallback) const {
    return get<double>(key, fallback);
  }
  std::string get_string(const std::string& key, std::string fallback) const {
    return get<std::string>(key, std::move(fallback));
  }
  duration get_duration(const std::string& key, duration fallback) const {
    return get<duration>(key, fallback);
  }

  const std::map<std::string, arg_value>& values() const { return values_; }

private:
  template <class T>
  T get(const std::string& key, T fallback) const {
    auto i = values_.find(key);
    return i == values_.end() ? fallback : std::get<T>(i->second);
  }

  std::map<std::string, arg_value> values_;
};

} // namespace aip
