#include "aip/config/internal/error_sink.hpp"

#include <algorithm>

namespace aip::config_internal {

source_location error_sink::at(const YAML::Mark& m) const {
  if (m.is_null() || m.line < 0 || m.column < 0)
    return {file_, 1, 1};
  return {file_, m.line + 1, m.column + 1};
}

void error_sink::add(source_location where, std::string message) {
  errors_.push_back({std::move(where), std::move(message)});
}

std::vector<config_error> error_sink::take_sorted() {
  std::stable_sort(errors_.begin(), errors_.end(),
                   [](const config_error& a, const config_error& b) {
                     if (a.where.line != b.where.line)
                       return a.where.line < b.where.line;
                     return a.where.column < b.where.column;
                   });
  return std::move(errors_);
}

} // namespace aip::config_internal
