#include "measure.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace aip::bench {

size_t scaled(const options& opts, size_t base, size_t min) {
  auto n = static_cast<size_t>(std::llround(base * opts.scale));
  return std::max(n, min);
}

double percentile(std::vector<double>& xs, double q) {
  if (xs.empty())
    return 0;
  std::sort(xs.begin(), xs.end());
  auto rank = static_cast<size_t>(std::ceil(q * xs.size()));
  return xs[std::min(xs.size() - 1, rank == 0 ? 0 : rank - 1)];
}

double mean(const std::vector<double>& xs) {
  if (xs.empty())
    return 0;
  return std::accumulate(xs.begin(), xs.end(), 0.0) / xs.size();
}

row make_row(std::string scenario, std::string metric, std::string unit,
             double aip, double caf, better b, nlohmann::json extra) {
  row r;
  r.scenario = std::move(scenario);
  r.metric = std::move(metric);
  r.unit = std::move(unit);
  r.aip = aip;
  r.caf = caf;
  if (b == better::higher)
    r.ratio = caf > 0 ? aip / caf : 0;
  else
    r.ratio = aip > 0 ? caf / aip : 0;
  r.extra = std::move(extra);
  return r;
}

} // namespace aip::bench
