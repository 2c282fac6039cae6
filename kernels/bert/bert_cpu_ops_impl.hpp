#pragma once
/// Internal to kernels/bert: the body of bert_cpu_ops, written once with GCC
/// vector extensions (8 floats) and included by bert_cpu_ops_generic.cpp
/// (SSE2 code) and bert_cpu_ops_avx2.cpp (AVX2+FMA code). Everything here
/// has internal linkage, so the two builds never merge at link time.
/// Include only from those two files.

#include <cstdint>
#include <cstring>

#include "bert/bert_cpu_ops.hpp"

// Every function here has internal linkage, so the vector ABI (which
// differs between the SSE2 and AVX builds) never crosses a TU; vectors are
// passed by reference so GCC has no ABI change to note.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace aip::kernels {
namespace {

using v8 = float __attribute__((vector_size(32)));
using v8i = int32_t __attribute__((vector_size(32)));

inline v8 load(const float* p) {
  v8 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
inline void store(float* p, const v8& v) {
  std::memcpy(p, &v, sizeof v);
}
inline v8 splat(float x) {
  return v8{} + x;
}
inline float hsum(const v8& v) {
  return ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7]));
}
inline float hmax(const v8& v) {
  float m = v[0];
  for (int i = 1; i < 8; ++i)
    m = v[i] > m ? v[i] : m;
  return m;
}

// The same code evaluates one float or eight: these overloads are the only
// places where the two differ.
inline float vmin(float a, float b) { return a < b ? a : b; }
inline float vmax(float a, float b) { return a > b ? a : b; }
inline v8 vmin(const v8& a, const v8& b) { return a < b ? a : b; }
inline v8 vmax(const v8& a, const v8& b) { return a > b ? a : b; }
inline float floor_of(float x) {
  float t = static_cast<float>(static_cast<int32_t>(x));
  return t > x ? t - 1.0f : t;
}
inline v8 floor_of(const v8& x) {
  v8 t = __builtin_convertvector(__builtin_convertvector(x, v8i), v8);
  return t > x ? t - 1.0f : t;
}
// 2^n for integral n in [-126, 127].
inline float pow2(float n) {
  int32_t bits = (static_cast<int32_t>(n) + 127) << 23;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}
inline v8 pow2(const v8& n) {
  v8i bits = (__builtin_convertvector(n, v8i) + 127) << 23;
  v8 f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

// Cephes expf: e^x = 2^n · e^r with |r| <= ln2/2, r from a two-part ln2 so
// the reduction is exact; relative error ~1e-7 over [-87, 88].
template <class T>
T exp_approx(const T& in) {
  const T x = vmax(vmin(in, T{} + 88.0f), T{} - 87.0f);
  T n = floor_of(x * 1.44269504088896341f + 0.5f);
  T r = x - n * 0.693359375f + n * 2.12194440e-4f;
  T p = T{} + 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  return p * pow2(n);
}

// erf as an odd rational function on [-4, 4] (beyond it erf is ±1 in
// float); absolute error below 1e-7 (the coefficients Eigen and XLA use).
template <class T>
T erf_approx(const T& in) {
  const T x = vmax(vmin(in, T{} + 4.0f), T{} - 4.0f);
  const T x2 = x * x;
  T p = x2 * -2.72614225801306e-10f + 2.77068142495902e-08f;
  p = p * x2 - 2.10102402082508e-06f;
  p = p * x2 - 5.69250639462346e-05f;
  p = p * x2 - 7.34990630326855e-04f;
  p = p * x2 - 2.95459980854025e-03f;
  p = p * x2 - 1.60960333262415e-02f;
  p = p * x;
  T q = x2 * -1.45660718464996e-05f - 2.13374055278905e-04f;
  q = q * x2 - 1.68282697438203e-03f;
  q = q * x2 - 7.37332916720468e-03f;
  q = q * x2 - 1.42647390514189e-02f;
  // Rounding may overshoot ±1 by an ulp or two near the clamp.
  return vmax(vmin(p / q, T{} + 1.0f), T{} - 1.0f);
}

float erf_scalar(float x) { return erf_approx(x); }
float exp_scalar(float x) { return exp_approx(x); }

void add_layer_norm(const float* a, const float* b, const float* bias,
                    const float* gamma, const float* beta, float eps,
                    size_t rows, size_t cols, float* out) {
  // The row is summed into a small stack buffer first so `out` may alias
  // a or b; hidden sizes above 2048 are not supported (BERT-base is 768).
  float row[2048];
  const float inv = 1.0f / static_cast<float>(cols);
  for (size_t r = 0; r < rows; ++r) {
    const float* ar = a + r * cols;
    const float* br = b != nullptr ? b + r * cols : nullptr;
    v8 sum{};
    for (size_t c = 0; c < cols; c += 8) {
      v8 v = load(ar + c);
      if (br != nullptr)
        v += load(br + c);
      if (bias != nullptr)
        v += load(bias + c);
      store(row + c, v);
      sum += v;
    }
    const float mean = hsum(sum) * inv;
    v8 sq{};
    for (size_t c = 0; c < cols; c += 8) {
      v8 d = load(row + c) - mean;
      sq += d * d;
    }
    const float var = hsum(sq) * inv;
    const v8 scale = splat(1.0f / __builtin_sqrtf(var + eps));
    float* o = out + r * cols;
    for (size_t c = 0; c < cols; c += 8)
      store(o + c,
            (load(row + c) - mean) * scale * load(gamma + c) + load(beta + c));
  }
}

void bias_gelu(float* x, const float* bias, size_t rows, size_t cols) {
  const float inv_sqrt2 = 0.70710678118654752f;
  for (size_t r = 0; r < rows; ++r) {
    float* xr = x + r * cols;
    for (size_t c = 0; c < cols; c += 8) {
      v8 v = load(xr + c) + load(bias + c);
      store(xr + c, 0.5f * v * (1.0f + erf_approx(v * inv_sqrt2)));
    }
  }
}

void add_bias(float* x, const float* bias, size_t rows, size_t cols) {
  for (size_t r = 0; r < rows; ++r) {
    float* xr = x + r * cols;
    for (size_t c = 0; c < cols; c += 8)
      store(xr + c, load(xr + c) + load(bias + c));
  }
}

void softmax(float* x, size_t rows, size_t cols, size_t ld, float scale) {
  const size_t body = cols & ~size_t{7};
  for (size_t r = 0; r < rows; ++r) {
    float* xr = x + r * ld;
    float m = -3.0e38f;
    if (body > 0) {
      v8 mv = splat(m);
      for (size_t c = 0; c < body; c += 8)
        mv = vmax(mv, load(xr + c));
      m = hmax(mv);
    }
    for (size_t c = body; c < cols; ++c)
      m = vmax(m, xr[c]);
    const float shift = m * scale;
    v8 sv{};
    for (size_t c = 0; c < body; c += 8) {
      v8 e = exp_approx(load(xr + c) * scale - shift);
      store(xr + c, e);
      sv += e;
    }
    float sum = hsum(sv);
    for (size_t c = body; c < cols; ++c) {
      xr[c] = exp_approx(xr[c] * scale - shift);
      sum += xr[c];
    }
    const float inv = 1.0f / sum;
    for (size_t c = 0; c < body; c += 8)
      store(xr + c, load(xr + c) * inv);
    for (size_t c = body; c < cols; ++c)
      xr[c] *= inv;
  }
}

constexpr bert_cpu_ops make_ops(const char* name) {
  return bert_cpu_ops{add_layer_norm, bias_gelu, add_bias, softmax,
                      erf_scalar,     exp_scalar, name};
}

} // namespace
} // namespace aip::kernels
