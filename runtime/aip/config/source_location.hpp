#pragma once
/// Where a config value came from, for `FILE:LINE:COL: message` errors.
/// Lines and columns are 1-based; 0 means unknown (e.g. specs built in code).

#include <string>

namespace aip {

struct source_location {
  std::string file;
  int line = 0;
  int column = 0;
};

/// `file:line:col`, or just the file (or "<code>") when the position is unknown.
std::string to_string(const source_location& loc);

} // namespace aip
