#pragma once
/// For tests in `*_gpu_test.cpp` files (CTest label `gpu`): skips the test
/// when no CUDA device can run it, saying so loudly on stderr and in the
/// GTest skip message. CTest reports such a test as "Skipped", not passed.

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "common/cuda_device.hpp"

#define AIP_REQUIRE_GPU()                                                      \
  do {                                                                         \
    std::string aip_why_;                                                      \
    if (!::aip::kernels::cuda_available(&aip_why_)) {                          \
      std::fprintf(stderr,                                                     \
                   "\n*** GPU TEST SKIPPED: %s.%s did not run: %s ***\n\n",    \
                   ::testing::UnitTest::GetInstance()                          \
                     ->current_test_info()                                     \
                     ->test_suite_name(),                                      \
                   ::testing::UnitTest::GetInstance()                          \
                     ->current_test_info()                                     \
                     ->name(),                                                 \
                   aip_why_.c_str());                                          \
      GTEST_SKIP() << "GPU TEST SKIPPED (no CUDA device): " << aip_why_;      \
    }                                                                          \
  } while (false)
