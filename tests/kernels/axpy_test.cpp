// axpy: CPU and CUDA paths against the double-precision reference on fresh
// random inputs (the seed is printed so a failure can be replayed).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "axpy/axpy.hpp"

namespace {

using aip::kernels::status;

struct inputs {
  float a = 0;
  std::vector<float> x;
  std::vector<float> y;
};

inputs make_inputs(size_t n, uint32_t seed) {
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

uint32_t fresh_seed() {
  return std::random_device{}();
}

// Float results may differ from the reference by the rounding of a * x (the
// CPU path rounds twice, an FMA once): allow a few ulps of the operands.
void expect_close(const inputs& in, const std::vector<float>& got,
                  const std::vector<float>& want, uint32_t seed) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    float scale = std::fabs(in.a * in.x[i]) + std::fabs(in.y[i]);
    float tol = 4 * std::numeric_limits<float>::epsilon() * scale
                + std::numeric_limits<float>::min();
    ASSERT_NEAR(got[i], want[i], tol) << "index " << i << " seed " << seed;
  }
}

std::vector<float> reference(const inputs& in) {
  auto y = in.y;
  EXPECT_EQ(aip::kernels::axpy_ref(in.a, in.x.data(), y.data(), y.size()),
            status::ok);
  return y;
}

TEST(axpy, cpu_matches_reference_on_random_inputs) {
  for (size_t n : {size_t{1}, size_t{7}, size_t{1000}, size_t{1} << 16}) {
    auto seed = fresh_seed();
    auto in = make_inputs(n, seed);
    auto want = reference(in);
    auto got = in.y;
    ASSERT_EQ(aip::kernels::axpy_cpu(in.a, in.x.data(), got.data(), n),
              status::ok);
    expect_close(in, got, want, seed);
  }
}

TEST(axpy, empty_and_null_inputs) {
  EXPECT_EQ(aip::kernels::axpy_cpu(1.f, nullptr, nullptr, 0), status::ok);
  EXPECT_EQ(aip::kernels::axpy_cpu(1.f, nullptr, nullptr, 3),
            status::invalid_argument);
  EXPECT_EQ(aip::kernels::axpy_ref(1.f, nullptr, nullptr, 3),
            status::invalid_argument);
}

TEST(axpy, cuda_matches_reference_on_random_inputs) {
  std::string why;
  if (!aip::kernels::cuda_available(&why))
    GTEST_SKIP() << "no CUDA device: " << why;
  // n not a multiple of the block size; the guard tail after n is poisoned
  // with a NaN pattern and must survive (no write past n on copy back).
  constexpr size_t guard = 64;
  for (size_t n : {size_t{1}, size_t{1000}, (size_t{1} << 20) + 17}) {
    auto seed = fresh_seed();
    auto in = make_inputs(n, seed);
    auto want = reference(in);
    std::vector<float> buf(n + guard);
    std::copy(in.y.begin(), in.y.end(), buf.begin());
    const uint32_t poison = 0x7fc0dead;
    for (size_t i = n; i < buf.size(); ++i)
      std::memcpy(&buf[i], &poison, sizeof(poison));
    ASSERT_EQ(aip::kernels::axpy_cuda(in.a, in.x.data(), buf.data(), n),
              status::ok);
    for (size_t i = n; i < buf.size(); ++i) {
      uint32_t bits;
      std::memcpy(&bits, &buf[i], sizeof(bits));
      ASSERT_EQ(bits, poison) << "guard overwritten at " << i;
    }
    std::vector<float> got(buf.begin(), buf.begin() + n);
    expect_close(in, got, want, seed);
  }
}

TEST(axpy, cuda_reports_why_it_cannot_run) {
  std::string why;
  if (aip::kernels::cuda_available(&why))
    GTEST_SKIP() << "a CUDA device is present: nothing to report";
  EXPECT_FALSE(why.empty());
  std::vector<float> x(4, 1.f), y(4, 2.f);
  auto s = aip::kernels::axpy_cuda(2.f, x.data(), y.data(), 4);
  EXPECT_TRUE(s == status::no_device || s == status::no_cuda_build)
    << aip::kernels::to_string(s);
  EXPECT_EQ(y, std::vector<float>(4, 2.f)) << "y touched on failure";
}

} // namespace
