#pragma once
/// Record metadata (string key -> string value, sorted by key) and the
/// conditions a search may put on it (all must hold). CAF-free; owned by the
/// memory agent's state, so only that actor touches it.

#include <string>
#include <utility>
#include <vector>

namespace aip::memory {

/// Sorted by key, keys unique.
using metadata = std::vector<std::pair<std::string, std::string>>;

/// Sorts `md` by key; false (with `error` naming the key) on duplicates or
/// an empty key.
bool normalize(metadata& md, std::string& error);

/// nullptr when `md` has no `key`.
const std::string* find_value(const metadata& md, const std::string& key);

enum class filter_op : uint8_t { eq, ne, in_set, exists, not_exists };

struct filter {
  std::string key;
  filter_op op = filter_op::eq;
  std::vector<std::string> values;
};

/// A conjunction of filters; empty = everything passes.
struct filter_set {
  std::vector<filter> all;

  bool empty() const { return all.empty(); }
  bool matches(const metadata& md) const;
  /// Checks arity (eq/ne need one value, in_set at least one, exists none);
  /// the error names the filter's index and key.
  bool validate(std::string& error) const;
  /// A canonical text, equal for equal filter sets: searches with the same
  /// one are batched together.
  std::string signature() const;
};

} // namespace aip::memory
