#pragma once
/// "Did you mean ...?" for config errors: the valid word closest to a typo,
/// and comma-joined lists of valid words. Internal to the config loader.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aip::config_internal {

/// The candidate within a small edit distance of `word` (transpositions count
/// as one edit), or nullopt when nothing is close enough to be a typo.
std::optional<std::string>
closest_match(std::string_view word,
              const std::vector<std::string>& candidates);

/// ` (did you mean 'x'?)` or the empty string.
std::string did_you_mean(std::string_view word,
                         const std::vector<std::string>& candidates);

/// `a, b, c`.
std::string join(const std::vector<std::string>& words);

} // namespace aip::config_internal
