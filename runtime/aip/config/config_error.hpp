#pragma once
/// One problem found in a config file, printed as `FILE:LINE:COL: message`.

#include <string>

#include "aip/config/source_location.hpp"

namespace aip {

struct config_error {
  source_location where;
  std::string message;
};

/// `file:line:col: message`.
std::string to_string(const config_error& e);

} // namespace aip
