#include "aip/config/internal/closest_match.hpp"

#include <algorithm>

namespace aip::config_internal {

namespace {

// Optimal string alignment distance: Levenshtein plus adjacent swaps, the
// most common typo in hand-written keys ("stratgey").
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1,
                                     std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i)
    d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j)
    d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i)
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j]
        = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

} // namespace

std::optional<std::string>
closest_match(std::string_view word,
              const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  size_t best_distance = 0;
  for (auto& c : candidates) {
    // Allow about one edit per three letters, so short words only match
    // near-misses and unrelated words are not suggested.
    size_t limit = std::max<size_t>(1, c.size() / 3);
    size_t dist = edit_distance(word, c);
    if (dist <= limit && (!best || dist < best_distance)) {
      best = c;
      best_distance = dist;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view word,
                         const std::vector<std::string>& candidates) {
  auto match = closest_match(word, candidates);
  return match ? " (did you mean '" + *match + "'?)" : std::string{};
}

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (auto& w : words) {
    if (!out.empty())
      out += ", ";
    out += w;
  }
  return out;
}

} // namespace aip::config_internal
