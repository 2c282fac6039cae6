// The CPU MLP classifier: a hand-checked network, every activation and
// output function against their formulas, random models (fresh seed)
// against the float64 reference, and every load error with its message.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "common/cuda_device.hpp"
#include "mlp/mlp_classifier.hpp"
#include "kernels/mlp_test_models.hpp"

namespace {

using namespace aip::kernels;
using namespace aip::kernels::mlp_test;

// 2 → 2 (relu) → 2, weights chosen so the result is known by hand.
void write_hand_model(const temp_model& m, const std::string& output,
                      const std::string& extra = "") {
  write_safetensors(m.path,
                    {{"w1", "F32", {2, 2}, {1, -1, 2, 0.5f}},
                     {"b1", "F32", {2}, {0, -1}},
                     {"w2", "F32", {2, 2}, {1, 1, -1, 2}},
                     {"b2", "F32", {2}, {0.5f, 0}}},
                    {});
  m.write_yaml("inputs: 2\nlayers:\n"
               "  - {weight: w1, bias: b1, activation: relu}\n"
               "  - {weight: w2, bias: b2}\n"
               "output: " + output + "\n" + extra);
}

TEST(mlp_classifier, hand_checked_network) {
  temp_model m;
  write_hand_model(m, "softmax", "labels: [neg, pos]\n");
  mlp_classifier c;
  std::string err;
  ASSERT_TRUE(mlp_classifier::load(m.path, c, err)) << err;
  EXPECT_EQ(c.inputs(), 2u);
  EXPECT_EQ(c.outputs(), 2u);
  EXPECT_EQ(c.labels(), (std::vector<std::string>{"neg", "pos"}));
  // x = [1, 2]: h = relu([1 - 2, 2 + 1 - 1]) = [0, 2]; z = [2.5, 4].
  // x = [-1, 0]: h = relu([-1, -3]) = [0, 0]; z = [0.5, 0].
  const float x[] = {1, 2, -1, 0};
  const double e15 = std::exp(1.5), e05 = std::exp(0.5);
  const double want[] = {1 / (1 + e15), e15 / (1 + e15), e05 / (1 + e05),
                         1 / (1 + e05)};
  float p[4], r[4];
  ASSERT_EQ(c.predict(x, 2, p), status::ok);
  ASSERT_EQ(c.predict_ref(x, 2, r), status::ok);
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(p[i], want[i], 1e-6) << i;
    EXPECT_NEAR(r[i], want[i], 1e-7) << i;
  }
  write_hand_model(m, "logits");
  ASSERT_TRUE(mlp_classifier::load(m.path, c, err)) << err;
  EXPECT_EQ(c.labels(), (std::vector<std::string>{"0", "1"}));
  ASSERT_EQ(c.predict(x, 2, p), status::ok);
  EXPECT_EQ(std::vector<float>(p, p + 4), (std::vector<float>{2.5f, 4, 0.5f, 0}));
  write_hand_model(m, "sigmoid");
  ASSERT_TRUE(mlp_classifier::load(m.path, c, err)) << err;
  ASSERT_EQ(c.predict(x, 2, p), status::ok);
  EXPECT_NEAR(p[0], 1 / (1 + std::exp(-2.5)), 1e-6);
  EXPECT_NEAR(p[1], 1 / (1 + std::exp(-4.0)), 1e-6);
  EXPECT_NEAR(p[3], 0.5, 1e-7);
}

TEST(mlp_classifier, each_activation_matches_its_formula) {
  const size_t n = 9;
  std::vector<float> eye(n * n, 0.0f);
  for (size_t i = 0; i < n; ++i)
    eye[i * n + i] = 1;
  const float x[n] = {-3, -1.5f, -0.5f, -0.01f, 0, 0.01f, 0.5f, 1.5f, 3};
  auto formula = [](const std::string& a, double v) {
    if (a == "relu")
      return v > 0 ? v : 0;
    if (a == "gelu")
      return 0.5 * v * (1 + std::erf(v / std::sqrt(2.0)));
    if (a == "tanh")
      return std::tanh(v);
    if (a == "sigmoid")
      return 1 / (1 + std::exp(-v));
    return v;
  };
  for (const std::string a : {"none", "relu", "gelu", "tanh", "sigmoid"}) {
    temp_model m;
    write_safetensors(m.path, {{"w", "F32", {int64_t(n), int64_t(n)}, eye}},
                      {{"aip.layers", "[{\"weight\":\"w\",\"activation\":\""
                                        + a + "\"}]"}});
    mlp_classifier c;
    std::string err;
    ASSERT_TRUE(mlp_classifier::load(m.path, c, err)) << err;
    // A bare layer list means softmax: undo it by comparing ratios.
    float p[n];
    ASSERT_EQ(c.predict(x, 1, p), status::ok);
    double sum = 0;
    for (float v : x)
      sum += std::exp(formula(a, v));
    for (size_t i = 0; i < n; ++i)
      EXPECT_NEAR(p[i], std::exp(formula(a, x[i])) / sum, 1e-6) << a << " " << i;
  }
}

TEST(mlp_classifier, random_models_match_float64_reference) {
  const uint64_t seed = fresh_seed("random_models_match_float64_reference");
  std::mt19937_64 rng(seed);
  for (int trial = 0; trial < 40; ++trial) {
    const random_spec s = draw_spec(rng, trial < 30 ? 64 : 420);
    temp_model m;
    write_random_model(m, s, rng);
    mlp_classifier c;
    std::string err;
    ASSERT_TRUE(mlp_classifier::load(m.path, c, err)) << err;
    ASSERT_EQ(c.inputs(), s.widths.front());
    ASSERT_EQ(c.outputs(), s.widths.back());
    // 1 row, a few, and more than one internal block of rows.
    for (size_t n : {size_t{1}, size_t{3}, size_t{1500}}) {
      const std::vector<float> x = random_inputs(rng, n * c.inputs());
      poisoned got(n * c.outputs()), want(n * c.outputs());
      ASSERT_EQ(c.predict(x.data(), n, got.data()), status::ok);
      ASSERT_EQ(c.predict_ref(x.data(), n, want.data()), status::ok);
      EXPECT_TRUE(got.intact()) << describe(s);
      EXPECT_TRUE(want.intact()) << describe(s);
      EXPECT_TRUE(close(got.data(), want.data(), n * c.outputs(), 3e-5))
        << "seed " << seed << " trial " << trial << " n " << n << ": "
        << describe(s);
      if (s.output == mlp_output::softmax)
        for (size_t r = 0; r < n; ++r) {
          double sum = 0;
          for (size_t j = 0; j < c.outputs(); ++j)
            sum += got.buf[r * c.outputs() + j];
          ASSERT_NEAR(sum, 1.0, 1e-5);
        }
    }
  }
}

TEST(mlp_classifier, half_precision_weights_are_converted) {
  // Values exact in F16 and BF16 give the F32 model's answer exactly.
  for (const std::string dt : {"F16", "BF16"}) {
    temp_model m;
    write_safetensors(m.path,
                      {{"w", dt, {2, 3}, {0.5f, -2, 1, 0.25f, 4, -1}},
                       {"b", dt, {2}, {1, -0.5f}}},
                      {{"aip.layers", "{\"layers\":[{\"weight\":\"w\",\"bias\":"
                                      "\"b\"}],\"output\":\"logits\"}"}});
    mlp_classifier c;
    std::string err;
    ASSERT_TRUE(mlp_classifier::load(m.path, c, err)) << err;
    const float x[] = {1, 2, 3};
    float p[2];
    ASSERT_EQ(c.predict(x, 1, p), status::ok);
    EXPECT_EQ(p[0], 0.5f - 4 + 3 + 1) << dt;
    EXPECT_EQ(p[1], 0.25f + 8 - 3 - 0.5f) << dt;
  }
}

TEST(mlp_classifier, metadata_spec_wins_over_yaml) {
  temp_model m;
  write_safetensors(m.path, {{"w", "F32", {3, 2}, {1, 0, 0, 1, 1, 1}}},
                    {{"aip.layers", "{\"layers\":[{\"weight\":\"w\"}],"
                                    "\"labels\":[\"a\",\"b\",\"c\"]}"}});
  m.write_yaml("this: is [not valid");
  mlp_classifier c;
  std::string err;
  ASSERT_TRUE(mlp_classifier::load(m.path, c, err)) << err;
  EXPECT_EQ(c.labels(), (std::vector<std::string>{"a", "b", "c"}));
}

TEST(mlp_classifier, predict_argument_errors) {
  mlp_classifier empty;
  float p[2];
  const float x[2] = {0, 0};
  EXPECT_EQ(empty.predict(x, 1, p), status::invalid_argument);
  EXPECT_EQ(empty.predict_ref(x, 1, p), status::invalid_argument);
  temp_model m;
  write_hand_model(m, "softmax");
  mlp_classifier c;
  std::string err;
  ASSERT_TRUE(mlp_classifier::load(m.path, c, err)) << err;
  EXPECT_EQ(c.predict(nullptr, 1, p), status::invalid_argument);
  EXPECT_EQ(c.predict(x, 1, nullptr), status::invalid_argument);
  EXPECT_EQ(c.predict(nullptr, 0, nullptr), status::ok);
}

TEST(mlp_classifier, cuda_twin_says_why_it_cannot_run) {
  temp_model m;
  write_hand_model(m, "softmax");
  mlp_classifier_cuda g;
  std::string err;
  const bool loaded = mlp_classifier_cuda::load(m.path, g, err);
  float p[2];
  const float x[2] = {1, 2};
  if (cuda_available()) {
    ASSERT_TRUE(loaded) << err;
    EXPECT_EQ(g.outputs(), 2u);
  } else {
    EXPECT_FALSE(loaded);
    EXPECT_TRUE(err.find("no_cuda_build") != std::string::npos
                || err.find("no usable CUDA device") != std::string::npos)
      << err;
    EXPECT_NE(g.predict(x, 1, p), status::ok);
  }
}

// --- load errors ---------------------------------------------------------

struct load_case {
  std::vector<tensor> tensors;
  std::string yaml;     // written beside unless empty
  std::string metadata; // aip.layers unless empty
};

std::string load_error(const load_case& lc, temp_model& m) {
  std::map<std::string, std::string> meta;
  if (!lc.metadata.empty())
    meta["aip.layers"] = lc.metadata;
  write_safetensors(m.path, lc.tensors, meta);
  if (!lc.yaml.empty())
    m.write_yaml(lc.yaml);
  mlp_classifier c;
  std::string err;
  EXPECT_FALSE(mlp_classifier::load(m.path, c, err));
  EXPECT_EQ(c.outputs(), 0u);
  return err;
}

// The error, with the temp folder replaced by "D".
std::string error_of(const load_case& lc) {
  temp_model m;
  std::string err = load_error(lc, m);
  for (size_t at; (at = err.find(m.dir)) != std::string::npos;)
    err.replace(at, m.dir.size(), "D");
  return err;
}

const std::vector<tensor> two_layers = {
  {"w1", "F32", {4, 3}, std::vector<float>(12, 0.1f)},
  {"b1", "F32", {4}, std::vector<float>(4, 0.0f)},
  {"w2", "F32", {2, 4}, std::vector<float>(8, 0.1f)},
  {"b2", "F32", {2}, std::vector<float>(2, 0.0f)},
};

TEST(mlp_classifier_load, not_a_safetensors_file) {
  temp_model m;
  std::ofstream(m.path) << "garbage";
  mlp_classifier c;
  std::string err;
  EXPECT_FALSE(mlp_classifier::load(m.path, c, err));
  EXPECT_EQ(err.rfind(m.path, 0), 0u) << err;
}

TEST(mlp_classifier_load, no_spec_anywhere) {
  EXPECT_EQ(error_of({two_layers, "", ""}),
            "D/model.safetensors: no __metadata__ \"aip.layers\" and cannot "
            "open D/model.yaml for the layer spec");
}

TEST(mlp_classifier_load, yaml_syntax_error_has_line_and_column) {
  EXPECT_EQ(error_of({two_layers, "layers:\n  - {weight: w1\n", ""}),
            "D/model.yaml:3:1: end of map flow not found");
}

TEST(mlp_classifier_load, bad_json_in_metadata) {
  const std::string e = error_of({two_layers, "", "{\"layers\": [}"});
  EXPECT_EQ(e.rfind("D/model.safetensors: __metadata__ \"aip.layers\":1:", 0),
            0u) << e;
}

TEST(mlp_classifier_load, spec_structure_errors) {
  EXPECT_EQ(error_of({two_layers, "layers:\n  - {weight: w1}\nextra: 1\n", ""}),
            "D/model.yaml:3:1: unknown key 'extra' (inputs, layers, output, "
            "labels)");
  EXPECT_EQ(error_of({two_layers, "output: softmax\n", ""}),
            "D/model.yaml:1:1: no 'layers' list");
  EXPECT_EQ(error_of({two_layers, "layers: []\n", ""}),
            "D/model.yaml:1:9: layers must be a non-empty list");
  EXPECT_EQ(error_of({two_layers, "42\n", ""}),
            "D/model.yaml:1:1: the spec must be a map (inputs, layers, output, "
            "labels) or a list of layers");
  EXPECT_EQ(error_of({two_layers, "layers:\n  - w1\n", ""}),
            "D/model.yaml:2:5: layer 0 must be a map (weight, bias, "
            "activation)");
  EXPECT_EQ(error_of({two_layers, "layers:\n  - {weight: w1}\n  - {bias: b2}\n",
                      ""}),
            "D/model.yaml:3:5: layer 1: no weight tensor named");
  EXPECT_EQ(error_of({two_layers,
                      "layers:\n  - {weight: w1, dropout: 0.1}\n", ""}),
            "D/model.yaml:2:18: layer 0: unknown key 'dropout' (weight, bias, "
            "activation)");
  EXPECT_EQ(error_of({two_layers,
                      "layers:\n  - {weight: w1, activation: relu6}\n", ""}),
            "D/model.yaml:2:30: layer 0: unknown activation 'relu6' (none, "
            "relu, gelu, tanh, sigmoid)");
  EXPECT_EQ(error_of({two_layers,
                      "layers:\n  - {weight: w1}\noutput: probs\n", ""}),
            "D/model.yaml:3:9: unknown output 'probs' (softmax, sigmoid or "
            "logits)");
  EXPECT_EQ(error_of({two_layers, "inputs: -3\nlayers:\n  - {weight: w1}\n",
                      ""}),
            "D/model.yaml:1:9: inputs must be a positive integer");
  EXPECT_EQ(error_of({two_layers, "layers:\n  - {weight: [w1]}\n", ""}),
            "D/model.yaml:2:14: weight must be a string");
  EXPECT_EQ(error_of({two_layers, "layers:\n  - {weight: w1}\nlabels: a\n", ""}),
            "D/model.yaml:3:9: labels must be a list of strings");
}

TEST(mlp_classifier_load, tensor_errors_name_layer_tensor_and_shape) {
  EXPECT_EQ(error_of({two_layers, "layers:\n  - {weight: w1}\n  - {weight: w3}\n",
                      ""}),
            "D/model.safetensors: layer 1 (D/model.yaml:3:5): no tensor 'w3'");
  std::vector<tensor> ints = two_layers;
  ints[2].dtype = "I32";
  EXPECT_EQ(error_of({ints, "layers:\n  - {weight: w1}\n  - {weight: w2}\n", ""}),
            "D/model.safetensors: layer 1 (D/model.yaml:3:5): tensor 'w2' has "
            "dtype I32, expected F32, F16 or BF16");
  EXPECT_EQ(error_of({two_layers, "layers:\n  - {weight: b1}\n", ""}),
            "D/model.safetensors: layer 0 (D/model.yaml:2:5): tensor 'b1' has "
            "shape [4], expected [out, in]");
  // Shapes must chain: w1 gives 4 outputs, w1 again takes 3 inputs.
  EXPECT_EQ(error_of({two_layers, "layers:\n  - {weight: w1}\n  - {weight: w1}\n",
                      ""}),
            "D/model.safetensors: layer 1 (D/model.yaml:3:5): tensor 'w1': "
            "shape [4,3], expected [4,4] (layer 0 'w1' gives 4 outputs)");
  EXPECT_EQ(error_of({two_layers, "inputs: 5\nlayers:\n  - {weight: w1}\n", ""}),
            "D/model.safetensors: layer 0 (D/model.yaml:3:5): tensor 'w1': "
            "shape [4,3], expected [4,5] (D/model.yaml:1:9: inputs: 5)");
  EXPECT_EQ(error_of({two_layers, "layers:\n  - {weight: w1, bias: b2}\n", ""}),
            "D/model.safetensors: layer 0 (D/model.yaml:2:5): tensor 'b2': "
            "shape [2], expected [4] (the bias of 'w1', shape [4,3])");
  EXPECT_EQ(error_of({two_layers, "layers:\n  - {weight: w1, bias: nope}\n", ""}),
            "D/model.safetensors: layer 0 (D/model.yaml:2:5): no tensor 'nope' "
            "(the bias of 'w1', shape [4,3])");
  std::vector<tensor> zero = {{"w", "F32", {0, 3}, {}}};
  EXPECT_EQ(error_of({zero, "layers:\n  - {weight: w}\n", ""}),
            "D/model.safetensors: layer 0 (D/model.yaml:2:5): tensor 'w' has "
            "shape [0,3]: dimensions must be positive");
}

TEST(mlp_classifier_load, label_count_must_match_outputs) {
  EXPECT_EQ(error_of({two_layers,
                      "layers:\n  - {weight: w1}\n  - {weight: w2}\n"
                      "labels: [a, b, c]\n",
                      ""}),
            "D/model.yaml:4:9: 3 labels for 2 outputs (layer 1 'w2')");
}

} // namespace
