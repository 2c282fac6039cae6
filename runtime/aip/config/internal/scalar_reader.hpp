#pragma once
/// Reads one scalar config value (string, name, boolean, integer, duration,
/// shutdown policy, enum word) and reports a `label: expected ...` error at
/// the value when it does not fit. Internal to the config loader.

#include "aip/config/internal/yaml_map.hpp"
#include "aip/core/duration.hpp"
#include "aip/supervision/restart_policy.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aip::config_internal {

/// Text-only parsers, shared with agent args: strict, whole-string matches.
std::optional<bool> parse_bool(std::string_view text);
std::optional<int64_t> parse_integer(std::string_view text);
std::optional<double> parse_number(std::string_view text);

/// `[A-Za-z0-9_.-]+`: names become path segments (`root/pool/7`), so no '/'.
bool is_valid_name(std::string_view text);

std::optional<std::string>
read_string(const yaml_entry& e, std::string_view label, error_sink& errors);

/// A child, supervisor or node name.
std::optional<std::string>
read_name(const yaml_entry& e, std::string_view label, error_sink& errors);

std::optional<bool> read_bool(const yaml_entry& e, std::string_view label,
                              error_sink& errors);

/// An integer that must be at least `min`.
std::optional<int64_t> read_integer(const yaml_entry& e, std::string_view label,
                                    int64_t min, error_sink& errors);

/// An integer in `[min, max]` (`label: at most MAX, got N` above it).
std::optional<int64_t> read_integer(const yaml_entry& e, std::string_view label,
                                    int64_t min, int64_t max,
                                    error_sink& errors);

/// A finite decimal number such as `0.25` or `1e3`.
std::optional<double> read_number(const yaml_entry& e, std::string_view label,
                                  error_sink& errors);

/// A duration such as `500ms`; `example` goes into the error message.
/// With `positive`, zero is rejected too.
std::optional<duration> read_duration(const yaml_entry& e,
                                      std::string_view label,
                                      std::string_view example, bool positive,
                                      error_sink& errors);

/// `brutal_kill`, `infinity` or a duration.
std::optional<shutdown_policy> read_shutdown(const yaml_entry& e,
                                             error_sink& errors);

/// One word out of `valid`, parsed by `parse`; `what` names the vocabulary
/// in errors (`unknown strategy 'x' (did you mean 'y'?); valid: ...`).
template <class Enum, class Parse>
std::optional<Enum> read_choice(const yaml_entry& e, std::string_view label,
                                std::string_view what,
                                const std::vector<std::string>& valid,
                                Parse parse, error_sink& errors);

/// Non-template part of `read_choice`: reports the unknown word.
void report_unknown_choice(const yaml_entry& e, std::string_view what,
                           const std::string& word,
                           const std::vector<std::string>& valid,
                           error_sink& errors);

template <class Enum, class Parse>
std::optional<Enum> read_choice(const yaml_entry& e, std::string_view label,
                                std::string_view what,
                                const std::vector<std::string>& valid,
                                Parse parse, error_sink& errors) {
  auto word = read_string(e, label, errors);
  if (!word)
    return std::nullopt;
  if (auto value = parse(*word))
    return value;
  report_unknown_choice(e, what, *word, valid, errors);
  return std::nullopt;
}

} // namespace aip::config_internal
