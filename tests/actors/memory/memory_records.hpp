#pragma once
/// Random records for the memory tests (the seed is printed so a failure
/// can be replayed) and a float64 brute-force search to check answers.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "aip/actors/memory/namespace_index.hpp"

namespace aip::test {

inline uint32_t fresh_seed(const char* what) {
  auto seed = std::random_device{}();
  std::printf("%s: seed %u\n", what, seed);
  return seed;
}

inline std::vector<float> random_vector(std::mt19937& gen, size_t d) {
  std::normal_distribution<float> dist{0.f, 1.f};
  std::vector<float> v(d);
  for (auto& x : v)
    x = dist(gen);
  return v;
}

/// Cosine similarity in float64.
inline double cosine(const float* a, const float* b, size_t d) {
  double ab = 0, aa = 0, bb = 0;
  for (size_t i = 0; i < d; ++i) {
    ab += double{a[i]} * b[i];
    aa += double{a[i]} * a[i];
    bb += double{b[i]} * b[i];
  }
  return aa == 0 || bb == 0 ? 0 : ab / std::sqrt(aa * bb);
}

/// The ids of the k most cosine-similar vectors among `rows` passing `keep`.
template <class Keep>
std::vector<std::pair<double, std::string>>
brute_force(const std::vector<std::pair<std::string, std::vector<float>>>& rows,
            const std::vector<float>& q, size_t k, Keep keep) {
  std::vector<std::pair<double, std::string>> all;
  for (auto& [id, v] : rows)
    if (keep(id))
      all.emplace_back(cosine(v.data(), q.data(), q.size()), id);
  std::sort(all.begin(), all.end(),
            [](auto& a, auto& b) { return a.first > b.first; });
  if (all.size() > k)
    all.resize(k);
  return all;
}

} // namespace aip::test
