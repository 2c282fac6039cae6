#pragma once
/// For the MLP classifier tests (CPU and GPU): safetensors files from
/// floats in any dtype, random models with their spec in the metadata or a YAML file beside, and
/// the comparison against the float64 reference with poisoned outputs.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

#include "mlp/mlp_classifier.hpp"
#include "safetensors/safetensors.hpp"
#include "support/safetensors_writer.hpp"

namespace aip::kernels::mlp_test {

/// A tensor to write: floats stored as `dtype` ("F32", "F16", "BF16", or
/// "I32" to test rejections).
struct tensor {
  std::string name;
  std::string dtype = "F32";
  std::vector<int64_t> shape;
  std::vector<float> values;
};

/// A temp path `<dir>/model.safetensors` (and .yaml beside), removed at
/// scope exit.
struct temp_model {
  std::string dir;
  std::string path;
  std::string yaml;
  temp_model() {
    char name[] = "/tmp/aip_mlp_XXXXXX";
    EXPECT_NE(::mkdtemp(name), nullptr);
    dir = name;
    path = dir + "/model.safetensors";
    yaml = dir + "/model.yaml";
  }
  ~temp_model() {
    std::remove(path.c_str());
    std::remove(yaml.c_str());
    ::rmdir(dir.c_str());
  }
  void write_yaml(const std::string& text) const {
    std::ofstream(yaml, std::ios::binary) << text;
  }
};

/// Writes a safetensors file (tests/support/safetensors_writer.hpp), the
/// floats converted to each tensor's dtype.
inline void write_safetensors(const std::string& path,
                              const std::vector<tensor>& tensors,
                              const std::map<std::string, std::string>& meta) {
  aip_test::safetensors_writer w;
  for (const auto& [k, v] : meta)
    w.metadata(k, v);
  for (const tensor& t : tensors) {
    std::vector<uint8_t> bytes;
    for (float v : t.values) {
      uint8_t b[4];
      size_t size = 4;
      if (t.dtype == "F32") {
        std::memcpy(b, &v, 4);
      } else if (t.dtype == "I32") {
        const auto i = static_cast<int32_t>(v);
        std::memcpy(b, &i, 4);
      } else {
        const uint16_t h = t.dtype == "F16" ? f32_to_f16(v) : f32_to_bf16(v);
        std::memcpy(b, &h, 2);
        size = 2;
      }
      bytes.insert(bytes.end(), b, b + size);
    }
    w.add(t.name, t.dtype, t.shape, bytes.data(), bytes.size());
  }
  aip_test::safetensors_writer::write_file(path, w.bytes());
}

struct random_spec {
  std::vector<size_t> widths; // inputs, then each layer's out
  std::vector<mlp_activation> activations;
  mlp_output output = mlp_output::softmax;
  std::string dtype = "F32";
  bool biases = true;
  bool in_metadata = true; // else the YAML file beside
};

inline random_spec draw_spec(std::mt19937_64& rng, size_t max_width) {
  random_spec s;
  const size_t depth = 1 + rng() % 4;
  s.widths.push_back(1 + rng() % max_width);
  for (size_t i = 0; i < depth; ++i) {
    s.widths.push_back(i + 1 == depth ? 1 + rng() % 12 : 1 + rng() % max_width);
    s.activations.push_back(static_cast<mlp_activation>(rng() % 5));
  }
  s.output = static_cast<mlp_output>(rng() % 3);
  const char* dtypes[] = {"F32", "F16", "BF16"};
  s.dtype = dtypes[rng() % 3];
  s.biases = rng() % 4 != 0;
  s.in_metadata = rng() % 2 == 0;
  return s;
}

/// Writes weights ~ U(-1/sqrt(in), 1/sqrt(in)) like torch.nn.Linear, and
/// the spec (JSON in the metadata, or YAML beside).
inline void write_random_model(const temp_model& m, const random_spec& s,
                               std::mt19937_64& rng) {
  std::vector<tensor> ts;
  std::string layers_json, layers_yaml;
  for (size_t i = 0; i + 1 < s.widths.size(); ++i) {
    const size_t in = s.widths[i], out = s.widths[i + 1];
    const float bound = 1.0f / std::sqrt(static_cast<float>(in));
    std::uniform_real_distribution<float> u(-bound, bound);
    const std::string w = "fc" + std::to_string(i) + ".weight";
    const std::string b = "fc" + std::to_string(i) + ".bias";
    tensor tw{w, s.dtype, {int64_t(out), int64_t(in)}, {}};
    for (size_t k = 0; k < in * out; ++k)
      tw.values.push_back(u(rng));
    ts.push_back(tw);
    const char* act = to_string(s.activations[i]);
    layers_json += std::string(i ? "," : "") + "{\"weight\":\"" + w + "\"";
    layers_yaml += "  - weight: " + w + "\n";
    if (s.biases) {
      tensor tb{b, s.dtype, {int64_t(out)}, {}};
      for (size_t k = 0; k < out; ++k)
        tb.values.push_back(u(rng));
      ts.push_back(tb);
      layers_json += ",\"bias\":\"" + b + "\"";
      layers_yaml += "    bias: " + b + "\n";
    }
    layers_json += std::string(",\"activation\":\"") + act + "\"}";
    layers_yaml += std::string("    activation: ") + act + "\n";
  }
  const std::string out = to_string(s.output);
  const std::string inputs = std::to_string(s.widths.front());
  std::map<std::string, std::string> meta;
  if (s.in_metadata)
    meta["aip.layers"] = "{\"inputs\":" + inputs + ",\"layers\":["
                         + layers_json + "],\"output\":\"" + out + "\"}";
  else
    m.write_yaml("inputs: " + inputs + "\nlayers:\n" + layers_yaml
                 + "output: " + out + "\n");
  write_safetensors(m.path, ts, meta);
}

inline std::vector<float> random_inputs(std::mt19937_64& rng, size_t count) {
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> x(count);
  for (float& v : x)
    v = u(rng);
  return x;
}

/// Output buffer of n×outputs poisoned with NaN plus a guard band of a
/// sentinel that must survive.
struct poisoned {
  static constexpr size_t guard = 64;
  static constexpr float sentinel = -12345.5f;
  std::vector<float> buf;
  size_t used;
  explicit poisoned(size_t count)
    : buf(count + guard, std::numeric_limits<float>::quiet_NaN()),
      used(count) {
    for (size_t i = count; i < buf.size(); ++i)
      buf[i] = sentinel;
  }
  float* data() { return buf.data(); }
  /// Every value written (no NaN left) and the guard band untouched.
  ::testing::AssertionResult intact() const {
    for (size_t i = 0; i < used; ++i)
      if (std::isnan(buf[i]))
        return ::testing::AssertionFailure() << "output " << i << " of "
                                             << used << " not written";
    for (size_t i = used; i < buf.size(); ++i)
      if (buf[i] != sentinel)
        return ::testing::AssertionFailure() << "guard " << i - used
                                             << " overwritten";
    return ::testing::AssertionSuccess();
  }
};

/// |got - want| <= tol * (1 + |want|) everywhere.
inline ::testing::AssertionResult close(const float* got, const float* want,
                                        size_t count, double tol) {
  double worst = 0;
  size_t at = 0;
  for (size_t i = 0; i < count; ++i) {
    const double d = std::fabs(double(got[i]) - want[i])
                     / (1.0 + std::fabs(double(want[i])));
    if (std::isnan(d))
      return ::testing::AssertionFailure()
             << "element " << i << ": got " << got[i] << ", reference "
             << want[i];
    if (d > worst)
      worst = d, at = i;
  }
  if (worst <= tol)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "element " << at << ": got " << got[at] << ", reference "
         << want[at] << " (relative error " << worst << " > " << tol << ")";
}

inline uint64_t fresh_seed(const char* what) {
  const uint64_t seed = std::random_device{}();
  std::printf("%s: seed %llu\n", what, static_cast<unsigned long long>(seed));
  return seed;
}

inline std::string describe(const random_spec& s) {
  std::string d = s.dtype + " widths";
  for (size_t w : s.widths)
    d += " " + std::to_string(w);
  d += " acts";
  for (auto a : s.activations)
    d += std::string(" ") + to_string(a);
  return d + " output " + to_string(s.output)
         + (s.biases ? " biases" : " no-bias")
         + (s.in_metadata ? " (metadata)" : " (yaml)");
}

} // namespace aip::kernels::mlp_test
