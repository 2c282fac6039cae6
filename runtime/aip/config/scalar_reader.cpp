#include "aip/config/internal/scalar_reader.hpp"

#include "aip/config/internal/closest_match.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace aip::config_internal {

namespace {

// Most readers first need a scalar; this reports anything else uniformly.
const std::string* scalar_or_report(const yaml_entry& e, std::string_view label,
                                    std::string_view expected,
                                    error_sink& errors) {
  if (e.value.IsScalar())
    return &e.value.Scalar();
  errors.add(value_at(e, errors), std::string{label} + ": expected "
                                    + std::string{expected} + ", got "
                                    + describe(e.value));
  return nullptr;
}

} // namespace

std::optional<bool> parse_bool(std::string_view text) {
  // Only YAML 1.2 spellings: `yes`/`on` are the Norway problem waiting.
  if (text == "true" || text == "True" || text == "TRUE")
    return true;
  if (text == "false" || text == "False" || text == "FALSE")
    return false;
  return std::nullopt;
}

std::optional<int64_t> parse_integer(std::string_view text) {
  std::string s{text};
  if (s.empty() || s.find_first_not_of("+-0123456789") != std::string::npos)
    return std::nullopt;
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(s.c_str(), &end, 10);
  if (errno == ERANGE || end != s.c_str() + s.size())
    return std::nullopt;
  return static_cast<int64_t>(v);
}

std::optional<double> parse_number(std::string_view text) {
  std::string s{text};
  if (s.empty() || s.find_first_not_of("+-.0123456789eE") != std::string::npos)
    return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v))
    return std::nullopt;
  return v;
}

bool is_valid_name(std::string_view text) {
  if (text.empty())
    return false;
  for (char c : text) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    if (!ok)
      return false;
  }
  return true;
}

std::optional<std::string>
read_string(const yaml_entry& e, std::string_view label, error_sink& errors) {
  if (auto s = scalar_or_report(e, label, "a string", errors))
    return *s;
  return std::nullopt;
}

std::optional<std::string>
read_name(const yaml_entry& e, std::string_view label, error_sink& errors) {
  auto s = read_string(e, label, errors);
  if (!s)
    return std::nullopt;
  if (!is_valid_name(*s)) {
    errors.add(value_at(e, errors),
               std::string{label} + ": '" + *s
                 + "' is not a valid name (use letters, digits, '_', '.' "
                   "and '-')");
    return std::nullopt;
  }
  return s;
}

namespace {

// A scalar that `parse` must accept, else `label: expected <what>, got '...'`.
template <class Parse>
auto read_parsed(const yaml_entry& e, std::string_view label, const char* what,
                 error_sink& errors, Parse parse)
  -> decltype(parse(std::string{})) {
  auto s = scalar_or_report(e, label, what, errors);
  if (!s)
    return std::nullopt;
  if (auto v = parse(*s))
    return v;
  errors.add(value_at(e, errors), std::string{label} + ": expected " + what
                                    + ", got '" + *s + "'");
  return std::nullopt;
}

} // namespace

std::optional<bool> read_bool(const yaml_entry& e, std::string_view label,
                              error_sink& errors) {
  return read_parsed(e, label, "true or false", errors,
                     [](const std::string& s) { return parse_bool(s); });
}

std::optional<int64_t> read_integer(const yaml_entry& e, std::string_view label,
                                    int64_t min, error_sink& errors) {
  auto v = read_parsed(e, label, "an integer", errors,
                       [](const std::string& s) { return parse_integer(s); });
  if (!v)
    return std::nullopt;
  if (*v < min) {
    auto rule = min == 0 ? std::string{"must not be negative"}
                         : "must be at least " + std::to_string(min);
    errors.add(value_at(e, errors), std::string{label} + ": " + rule + ", got "
                                      + std::to_string(*v));
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> read_integer(const yaml_entry& e, std::string_view label,
                                    int64_t min, int64_t max,
                                    error_sink& errors) {
  auto v = read_integer(e, label, min, errors);
  if (v && *v > max) {
    errors.add(value_at(e, errors), std::string{label} + ": at most "
                                      + std::to_string(max) + ", got "
                                      + std::to_string(*v));
    return std::nullopt;
  }
  return v;
}

std::optional<double> read_number(const yaml_entry& e, std::string_view label,
                                  error_sink& errors) {
  return read_parsed(e, label, "a number", errors,
                     [](const std::string& s) { return parse_number(s); });
}

std::optional<duration> read_duration(const yaml_entry& e,
                                      std::string_view label,
                                      std::string_view example, bool positive,
                                      error_sink& errors) {
  auto expected = "a duration like " + std::string{example};
  auto s = scalar_or_report(e, label, expected, errors);
  if (!s)
    return std::nullopt;
  auto d = parse_duration(*s);
  if (!d) {
    errors.add(value_at(e, errors), std::string{label} + ": expected "
                                      + expected + ", got '" + *s + "'");
    return std::nullopt;
  }
  if (positive && d->count() == 0) {
    errors.add(value_at(e, errors), std::string{label}
                                      + ": must be greater than 0, got '" + *s
                                      + "'");
    return std::nullopt;
  }
  return d;
}

std::optional<shutdown_policy> read_shutdown(const yaml_entry& e,
                                             error_sink& errors) {
  constexpr std::string_view expected
    = "brutal_kill, infinity or a duration like 500ms";
  auto s = scalar_or_report(e, "shutdown", expected, errors);
  if (!s)
    return std::nullopt;
  if (*s == "brutal_kill")
    return shutdown_policy{shutdown_policy::brutal_kill, {}};
  if (*s == "infinity")
    return shutdown_policy{shutdown_policy::infinity, {}};
  if (auto d = parse_duration(*s))
    return shutdown_policy{shutdown_policy::timeout, *d};
  errors.add(value_at(e, errors), "shutdown: expected " + std::string{expected}
                                    + ", got '" + *s + "'");
  return std::nullopt;
}

void report_unknown_choice(const yaml_entry& e, std::string_view what,
                           const std::string& word,
                           const std::vector<std::string>& valid,
                           error_sink& errors) {
  errors.add(value_at(e, errors), "unknown " + std::string{what} + " '" + word
                                    + "'" + did_you_mean(word, valid)
                                    + "; valid: " + join(valid));
}

} // namespace aip::config_internal
