// axpy on a GPU against the double-precision reference on fresh random
// inputs; skipped loudly without a CUDA device.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <vector>

#include "kernels/axpy_inputs.hpp"
#include "support/require_gpu.hpp"

namespace {

using namespace aip_test::axpy;

TEST(axpy, cuda_matches_reference_on_random_inputs) {
  AIP_REQUIRE_GPU();
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

} // namespace
