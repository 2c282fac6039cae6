// axpy: the CPU path against the double-precision reference on fresh random
// inputs, and what the CUDA path says where it cannot run.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kernels/axpy_inputs.hpp"

namespace {

using namespace aip_test::axpy;

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
