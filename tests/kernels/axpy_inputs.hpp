#pragma once
/// Random axpy inputs and the tolerance check shared by the CPU and GPU
/// axpy tests (the seed is printed so a failure can be replayed).

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "axpy/axpy.hpp"

namespace aip_test::axpy {

using aip::kernels::status;

struct inputs {
  float a = 0;
  std::vector<float> x;
  std::vector<float> y;
};

inline inputs make_inputs(size_t n, uint32_t seed) {
  std::mt19937 gen{seed};
  std::uniform_real_distribution<float> dist{-100.f, 100.f};
  inputs in;
  in.a = dist(gen);
  in.x.resize(n);
  in.y.resize(n);
  for (size_t i = 0; i < n; ++i) {
    in.x[i] = dist(gen);
    in.y[i] = dist(gen);
  }
  return in;
}

inline uint32_t fresh_seed() {
  return std::random_device{}();
}

// Float results may differ from the reference by the rounding of a * x (the
// CPU path rounds twice, an FMA once): allow a few ulps of the operands.
inline void expect_close(const inputs& in, const std::vector<float>& got,
                  const std::vector<float>& want, uint32_t seed) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    float scale = std::fabs(in.a * in.x[i]) + std::fabs(in.y[i]);
    float tol = 4 * std::numeric_limits<float>::epsilon() * scale
                + std::numeric_limits<float>::min();
    ASSERT_NEAR(got[i], want[i], tol) << "index " << i << " seed " << seed;
  }
}

inline std::vector<float> reference(const inputs& in) {
  auto y = in.y;
  EXPECT_EQ(aip::kernels::axpy_ref(in.a, in.x.data(), y.data(), y.size()),
            status::ok);
  return y;
}

} // namespace aip_test::axpy
