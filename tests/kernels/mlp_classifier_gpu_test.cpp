// The CUDA MLP classifier against the float64 reference and the CPU twin:
// random models (fresh seed) in every dtype, activation and output, row
// counts around the device block size, poisoned outputs with guard bands.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "kernels/mlp_test_models.hpp"
#include "mlp/mlp_classifier.hpp"
#include "support/require_gpu.hpp"

namespace {

using namespace aip::kernels;
using namespace aip::kernels::mlp_test;

TEST(mlp_classifier_gpu, random_models_match_float64_reference) {
  AIP_REQUIRE_GPU();
  const uint64_t seed = fresh_seed("mlp_classifier_gpu");
  std::mt19937_64 rng(seed);
  for (int trial = 0; trial < 30; ++trial) {
    random_spec s = draw_spec(rng, trial < 20 ? 64 : 600);
    if (trial == 0)
      s.widths.back() = 100; // softmax rows wider than a warp
    if (trial == 1)
      s.widths.back() = 1;
    if (trial < 2)
      s.output = mlp_output::softmax;
    temp_model m;
    write_random_model(m, s, rng);
    mlp_classifier cpu;
    mlp_classifier_cuda gpu;
    std::string err;
    ASSERT_TRUE(mlp_classifier::load(m.path, cpu, err)) << err;
    ASSERT_TRUE(mlp_classifier_cuda::load(m.path, gpu, err)) << err;
    ASSERT_EQ(gpu.inputs(), cpu.inputs());
    ASSERT_EQ(gpu.outputs(), cpu.outputs());
    ASSERT_EQ(gpu.labels(), cpu.labels());
    // 16384 rows is one device block: 16385 takes two.
    const size_t rows[] = {1, 7, trial % 5 == 0 ? size_t{16385} : size_t{300}};
    for (size_t n : rows) {
      const std::vector<float> x = random_inputs(rng, n * cpu.inputs());
      poisoned got(n * cpu.outputs()), want(n * cpu.outputs()),
        on_cpu(n * cpu.outputs());
      ASSERT_EQ(gpu.predict(x.data(), n, got.data()), status::ok);
      ASSERT_EQ(cpu.predict_ref(x.data(), n, want.data()), status::ok);
      ASSERT_EQ(cpu.predict(x.data(), n, on_cpu.data()), status::ok);
      EXPECT_TRUE(got.intact()) << describe(s);
      const size_t count = n * cpu.outputs();
      EXPECT_TRUE(close(got.data(), want.data(), count, 3e-5))
        << "seed " << seed << " trial " << trial << " n " << n << ": "
        << describe(s);
      EXPECT_TRUE(close(got.data(), on_cpu.data(), count, 3e-5))
        << "vs CPU, seed " << seed << " trial " << trial << " n " << n;
    }
  }
}

TEST(mlp_classifier_gpu, argument_errors_and_upload) {
  AIP_REQUIRE_GPU();
  mlp_classifier_cuda empty;
  float p[2];
  const float x[2] = {0, 0};
  EXPECT_EQ(empty.predict(x, 1, p), status::invalid_argument);
  mlp_classifier not_loaded;
  std::string err;
  EXPECT_FALSE(mlp_classifier_cuda::upload(not_loaded, empty, err));
  EXPECT_NE(err.find("not loaded"), std::string::npos) << err;

  std::mt19937_64 rng(fresh_seed("mlp_classifier_gpu upload"));
  random_spec s = draw_spec(rng, 32);
  temp_model m;
  write_random_model(m, s, rng);
  mlp_classifier cpu;
  ASSERT_TRUE(mlp_classifier::load(m.path, cpu, err)) << err;
  mlp_classifier_cuda gpu;
  ASSERT_TRUE(mlp_classifier_cuda::upload(cpu, gpu, err)) << err;
  EXPECT_EQ(gpu.predict(nullptr, 1, p), status::invalid_argument);
  EXPECT_EQ(gpu.predict(nullptr, 0, nullptr), status::ok);
  // Moved-from twins are empty; the moved-to one works.
  mlp_classifier_cuda moved = std::move(gpu);
  const std::vector<float> in = random_inputs(rng, cpu.inputs());
  poisoned got(cpu.outputs()), want(cpu.outputs());
  ASSERT_EQ(moved.predict(in.data(), 1, got.data()), status::ok);
  ASSERT_EQ(cpu.predict_ref(in.data(), 1, want.data()), status::ok);
  EXPECT_TRUE(got.intact());
  EXPECT_TRUE(close(got.data(), want.data(), cpu.outputs(), 3e-5));
}

} // namespace
