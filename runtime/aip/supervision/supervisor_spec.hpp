#pragma once
/// One supervisor: strategy, restart intensity (`intensity` restarts within
/// `period`, OTP defaults 1 in 5 s), auto_shutdown and its children. For
/// simple_one_for_one, `child_template` plus `replicas` replace `children`.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "aip/supervision/child_spec.hpp"

namespace aip {

struct supervisor_spec {
  std::string name;
  aip::strategy strategy = strategy::one_for_one;
  int intensity = 1;
  duration period = std::chrono::seconds{5};
  aip::auto_shutdown auto_shutdown = auto_shutdown::never;
  std::vector<child_spec> children;
  /// simple_one_for_one only: every dynamic child is built from this.
  std::optional<child_spec> child_template;
  /// simple_one_for_one only: children started with the supervisor.
  size_t replicas = 0;
  source_location where;
};

} // namespace aip
