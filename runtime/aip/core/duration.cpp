#include "aip/core/duration.hpp"

#include <cmath>
#include <cstdlib>

namespace aip {

std::optional<duration> parse_duration(std::string_view text) {
  size_t i = 0;
  while (i < text.size() && ((text[i] >= '0' && text[i] <= '9') || text[i] == '.'))
    ++i;
  if (i == 0 || i == text.size())
    return std::nullopt;
  std::string number{text.substr(0, i)};
  if (number.find('.') != number.rfind('.') || number.front() == '.'
      || number.back() == '.')
    return std::nullopt;
  auto unit = text.substr(i);
  double scale;
  if (unit == "ns")
    scale = 1;
  else if (unit == "us")
    scale = 1e3;
  else if (unit == "ms")
    scale = 1e6;
  else if (unit == "s")
    scale = 1e9;
  else if (unit == "m" || unit == "min")
    scale = 60e9;
  else if (unit == "h")
    scale = 3600e9;
  else
    return std::nullopt;
  double ns = std::strtod(number.c_str(), nullptr) * scale;
  // Reject values a 64-bit nanosecond count cannot hold (~292 years).
  if (!std::isfinite(ns) || ns > 9.2e18)
    return std::nullopt;
  return duration{static_cast<int64_t>(std::llround(ns))};
}

std::string to_string(duration d) {
  struct unit {
    int64_t ns;
    const char* suffix;
  };
  static constexpr unit units[] = {{3600'000'000'000, "h"},
                                   {60'000'000'000, "m"},
                                   {1'000'000'000, "s"},
                                   {1'000'000, "ms"},
                                   {1'000, "us"}};
  auto n = d.count();
  if (n != 0)
    for (auto& u : units)
      if (n % u.ns == 0)
        return std::to_string(n / u.ns) + u.suffix;
  return std::to_string(n) + "ns";
}

} // namespace aip
