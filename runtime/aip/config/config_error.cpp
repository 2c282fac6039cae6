#include "aip/config/config_error.hpp"

namespace aip {

std::string to_string(const config_error& e) {
  return to_string(e.where) + ": " + e.message;
}

} // namespace aip
