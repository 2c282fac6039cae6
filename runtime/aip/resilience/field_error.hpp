#pragma once
/// The one format of a config validation message in this module:
/// `field: expected <rule>, got <value>` (e.g. `failure_rate: expected
/// 0 < x <= 1, got 1.5`). Used by every validate() here.

#include <sstream>
#include <string>

namespace aip::detail {

template <class T>
std::string field_error(const char* field, const char* expected, const T& got) {
  std::ostringstream out;
  out << field << ": expected " << expected << ", got " << got;
  return out.str();
}

} // namespace aip::detail
