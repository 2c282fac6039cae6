#include "aip/config/source_location.hpp"

namespace aip {

std::string to_string(const source_location& loc) {
  std::string out = loc.file.empty() ? "<code>" : loc.file;
  if (loc.line > 0) {
    out += ':';
    out += std::to_string(loc.line);
    out += ':';
    out += std::to_string(loc.column);
  }
  return out;
}

} // namespace aip
