#pragma once
/// Durations as AIP spells them in config files and events: an integer or
/// decimal followed by a unit (`ns us ms s m h`), e.g. `500ms`, `1.5s`, `5s`.
/// `infinity` is not a duration; callers that accept it check for it first.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace aip {

using duration = std::chrono::nanoseconds;

/// Parses `text`; returns nullopt for anything that is not a non-negative
/// number with a known unit (a bare number without a unit is rejected).
std::optional<duration> parse_duration(std::string_view text);

/// Renders `d` in the largest unit that represents it exactly, e.g. `500ms`.
std::string to_string(duration d);

} // namespace aip
