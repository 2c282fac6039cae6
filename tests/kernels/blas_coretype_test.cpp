// The OpenBLAS core-type hook: on a CPU with AVX2 + FMA whose kernels
// OpenBLAS 0.3.21 does not know, the program runs OpenBLAS's AVX2 kernels
// (not its SSE fallback) unless the user chose OPENBLAS_CORETYPE.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "common/blas_coretype.hpp"

namespace {

using namespace aip::kernels;

TEST(blas_coretype, avx2_cpus_run_avx2_kernels_unless_the_user_chose) {
  const char* env = std::getenv("OPENBLAS_CORETYPE");
  const char* chosen = blas_coretype_chosen();
  std::printf("OpenBLAS core %s (hook chose %s, OPENBLAS_CORETYPE=%s)\n",
              blas_core_name(), chosen ? chosen : "nothing",
              env ? env : "unset");
  if (chosen != nullptr) {
    EXPECT_EQ(std::string{blas_core_name()}, chosen);
    ASSERT_NE(env, nullptr);
    EXPECT_EQ(std::string{env}, chosen);
  }
  __builtin_cpu_init();
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  // Without a user setting, an AVX2 CPU never runs the SSE-only kernels.
  if (avx2 && chosen != nullptr)
    EXPECT_TRUE(blas_core_is_fast()) << blas_core_name();
  if (avx2 && env == nullptr && !blas_core_is_fast())
    ADD_FAILURE() << "an AVX2 CPU runs OpenBLAS's SSE-only kernels "
                  << blas_core_name() << " and the hook did nothing";
}

} // namespace
