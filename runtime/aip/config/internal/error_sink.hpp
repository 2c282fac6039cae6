#pragma once
/// Collects the errors found while reading one config file and turns
/// yaml-cpp's 0-based marks into 1-based `source_location`s. Internal to the
/// config loader; one instance per load, used by one thread.

#include "aip/config/config_error.hpp"

#include <yaml-cpp/yaml.h>

#include <string>
#include <vector>

namespace aip::config_internal {

class error_sink {
public:
  explicit error_sink(std::string file) : file_(std::move(file)) {}

  const std::string& file() const { return file_; }

  /// Position of `m`; a null mark (nodes made up by yaml-cpp) maps to 1:1.
  source_location at(const YAML::Mark& m) const;
  source_location at(const YAML::Node& n) const { return at(n.Mark()); }

  void add(source_location where, std::string message);

  bool empty() const { return errors_.empty(); }

  /// All errors so far, sorted by line then column (stable, so two errors
  /// at one spot keep the order they were found in).
  std::vector<config_error> take_sorted();

private:
  std::string file_;
  std::vector<config_error> errors_;
};

} // namespace aip::config_internal
