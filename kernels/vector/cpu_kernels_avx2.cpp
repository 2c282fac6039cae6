// AVX2/FMA/F16C inner loops (compiled with AIP_KERNELS_AVX2_FLAGS, called
// only after the run-time check in cpu_kernels_portable.cpp).
//
// dot_tile register-blocks 3 rows x 4 queries: 12 accumulators + 3 row
// registers + 1 query register = all 16 YMM registers, 7 loads per 12 FMAs
// (6 x 1 and 4 x 2 for one and two queries).
// Each row chunk is converted (fp16) and loaded once per 4 queries, from L1
// after the first block: memory sees every row once per tile of queries.
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "vector/cpu_kernels.hpp"

namespace aip::kernels::vector_detail {

namespace {

inline __m256 load8(const float* p) { return _mm256_loadu_ps(p); }

inline __m256 load8(const uint16_t* p) {
  return _mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// The first n (< 8) elements, zeros after; never reads past p + n.
inline __m256 load_tail(const float* p, size_t n) {
  alignas(32) static const int32_t lanes[16] = {-1, -1, -1, -1, -1, -1, -1, -1,
                                                0,  0,  0,  0,  0,  0,  0,  0};
  const __m256i mask = _mm256_loadu_si256(
    reinterpret_cast<const __m256i*>(lanes + 8 - n));
  return _mm256_maskload_ps(p, mask);
}

inline __m256 load_tail(const uint16_t* p, size_t n) {
  alignas(16) uint16_t tmp[8] = {};
  std::memcpy(tmp, p, n * sizeof(uint16_t));
  return load8(tmp);
}

inline float hsum(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  __m128 sh = _mm_movehdup_ps(s);
  s = _mm_add_ps(s, sh);
  sh = _mm_movehl_ps(sh, s);
  return _mm_cvtss_f32(_mm_add_ss(s, sh));
}

// `prefetch`: ask for the next R rows one line per row per 64 bytes
// consumed (the hardware prefetcher alone left the one-query pass ~25% off
// the bandwidth floor); only the first query block of a row block does.
template <int R, int QB, class E>
void dot_block(const E* rows, size_t stride, size_t d, const float* q,
               size_t ldq, float* out, size_t ldo, bool prefetch) {
  __m256 acc[R][QB];
  for (int r = 0; r < R; ++r)
    for (int b = 0; b < QB; ++b)
      acc[r][b] = _mm256_setzero_ps();
  const size_t d8 = d & ~size_t{7};
  size_t j = 0;
  for (; j < d8; j += 8) {
    if (prefetch && (j * sizeof(E)) % 64 == 0)
      for (int r = 0; r < R; ++r)
        _mm_prefetch(reinterpret_cast<const char*>(rows + (R + r) * stride + j),
                     _MM_HINT_T0);
    __m256 x[R];
    for (int r = 0; r < R; ++r)
      x[r] = load8(rows + r * stride + j);
    for (int b = 0; b < QB; ++b) {
      const __m256 y = _mm256_loadu_ps(q + b * ldq + j);
      for (int r = 0; r < R; ++r)
        acc[r][b] = _mm256_fmadd_ps(x[r], y, acc[r][b]);
    }
  }
  if (j < d) {
    // Queries are zero-padded to ldq, so only the rows need a tail load.
    __m256 x[R];
    for (int r = 0; r < R; ++r)
      x[r] = load_tail(rows + r * stride + j, d - j);
    for (int b = 0; b < QB; ++b) {
      const __m256 y = _mm256_loadu_ps(q + b * ldq + j);
      for (int r = 0; r < R; ++r)
        acc[r][b] = _mm256_fmadd_ps(x[r], y, acc[r][b]);
    }
  }
  for (int r = 0; r < R; ++r)
    for (int b = 0; b < QB; ++b)
      out[b * ldo + r] = hsum(acc[r][b]);
}

template <class E>
float sq_norm(const E* row, size_t d) {
  __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps();
  size_t j = 0;
  for (; j + 16 <= d; j += 16) {
    const __m256 x0 = load8(row + j), x1 = load8(row + j + 8);
    a0 = _mm256_fmadd_ps(x0, x0, a0);
    a1 = _mm256_fmadd_ps(x1, x1, a1);
  }
  for (; j + 8 <= d; j += 8) {
    const __m256 x = load8(row + j);
    a0 = _mm256_fmadd_ps(x, x, a0);
  }
  if (j < d) {
    const __m256 x = load_tail(row + j, d - j);
    a1 = _mm256_fmadd_ps(x, x, a1);
  }
  return hsum(_mm256_add_ps(a0, a1));
}

constexpr int block_queries = 4;

// Rows per block by queries per block: R * QB accumulators + R row
// registers + 1 query register <= 16. With one or two queries the pass is
// bandwidth-bound: more rows in flight keep more loads outstanding.
constexpr size_t rows_for(size_t nq) { return nq == 1 ? 6 : nq == 2 ? 4 : 3; }

template <class E>
using block_fn = void (*)(const E*, size_t, size_t, const float*, size_t,
                          float*, size_t, bool);

template <class E, int R>
block_fn<E> pick_queries(size_t qb) {
  switch (qb) {
    case 1:
      return dot_block<R, 1, E>;
    case 2:
      return dot_block<R, 2, E>;
    case 3:
      return dot_block<R, 3, E>;
    default:
      return dot_block<R, 4, E>;
  }
}

template <class E>
block_fn<E> pick(size_t rows, size_t qb) {
  switch (rows) {
    case 1:
      return pick_queries<E, 1>(qb);
    case 2:
      return pick_queries<E, 2>(qb);
    // 4, 5 and 6 rows come with rows_for(nq) > 3, so qb <= 2 (4) or 1.
    case 4:
      return qb == 1 ? dot_block<4, 1, E> : dot_block<4, 2, E>;
    case 5:
      return dot_block<5, 1, E>;
    case 6:
      return dot_block<6, 1, E>;
    default:
      return pick_queries<E, 3>(qb);
  }
}

template <class E>
void dot_tile_typed(const dot_tile_args& a) {
  const E* rows = static_cast<const E*>(a.rows);
  const size_t block_rows = rows_for(a.nq);
  for (size_t r = 0; r < a.nrows; r += block_rows) {
    const size_t rb = std::min(a.nrows - r, block_rows);
    const E* base = rows + r * a.stride;
    for (size_t q = 0; q < a.nq; q += block_queries) {
      const size_t qb = std::min<size_t>(a.nq - q, block_queries);
      pick<E>(rb, qb)(base, a.stride, a.d, a.queries + q * a.ldq, a.ldq,
                      a.out + q * a.ldo + r, a.ldo, q == 0);
    }
    // The rows are in L1 now: their norms cost no extra memory traffic.
    if (a.sq != nullptr)
      for (size_t i = 0; i < rb; ++i)
        a.sq[r + i] = sq_norm(base + i * a.stride, a.d);
  }
}

void dot_tile(const dot_tile_args& a) {
  if (a.type == element::f16)
    dot_tile_typed<uint16_t>(a);
  else
    dot_tile_typed<float>(a);
}

inline __m256 keys8(const float* dots, const float* scale, const float* bias,
                    size_t r) {
  return _mm256_fmsub_ps(_mm256_loadu_ps(dots + r), _mm256_loadu_ps(scale + r),
                         _mm256_loadu_ps(bias + r));
}

inline int accepted(const topk_list& list, __m256 key) {
  if (!list.pruned())
    return _mm256_movemask_ps(_mm256_cmp_ps(key, key, _CMP_ORD_Q));
  return _mm256_movemask_ps(
    _mm256_cmp_ps(key, _mm256_set1_ps(list.threshold()), _CMP_GT_OQ));
}

void push_mask(topk_list& list, __m256 key, int mask, int64_t id0) {
  alignas(32) float keys[8];
  _mm256_store_ps(keys, key);
  while (mask != 0) {
    const int j = __builtin_ctz(static_cast<unsigned>(mask));
    mask &= mask - 1;
    // Re-checked: a cut inside this loop may have raised the bar.
    if (list.accepts(keys[j]))
      list.push(keys[j], id0 + j);
  }
}

// Almost every block is rejected once the list has been cut: test 32 keys
// with one branch and only then look at single lanes.
void select(topk_list& list, const float* dots, size_t count,
            const float* scale, const float* bias, int64_t row0) {
  size_t r = 0;
  for (; r + 32 <= count; r += 32) {
    const __m256 k0 = keys8(dots, scale, bias, r);
    const __m256 k1 = keys8(dots, scale, bias, r + 8);
    const __m256 k2 = keys8(dots, scale, bias, r + 16);
    const __m256 k3 = keys8(dots, scale, bias, r + 24);
    if (list.pruned()) {
      const __m256 t = _mm256_set1_ps(list.threshold());
      const __m256 gt = _mm256_or_ps(
        _mm256_or_ps(_mm256_cmp_ps(k0, t, _CMP_GT_OQ),
                     _mm256_cmp_ps(k1, t, _CMP_GT_OQ)),
        _mm256_or_ps(_mm256_cmp_ps(k2, t, _CMP_GT_OQ),
                     _mm256_cmp_ps(k3, t, _CMP_GT_OQ)));
      if (_mm256_movemask_ps(gt) == 0)
        continue;
    }
    const __m256 ks[4] = {k0, k1, k2, k3};
    for (int i = 0; i < 4; ++i)
      if (const int m = accepted(list, ks[i]); m != 0)
        push_mask(list, ks[i], m, row0 + static_cast<int64_t>(r + 8 * i));
  }
  for (; r + 8 <= count; r += 8) {
    const __m256 k = keys8(dots, scale, bias, r);
    if (const int m = accepted(list, k); m != 0)
      push_mask(list, k, m, row0 + static_cast<int64_t>(r));
  }
  for (; r < count; ++r) {
    const float key = std::fma(dots[r], scale[r], -bias[r]);
    if (list.accepts(key))
      list.push(key, row0 + static_cast<int64_t>(r));
  }
}

void f16_to_f32_rows(const uint16_t* src, size_t stride, size_t rows,
                     size_t d, float* dst) {
  for (size_t r = 0; r < rows; ++r) {
    const uint16_t* s = src + r * stride;
    float* o = dst + r * d;
    size_t j = 0;
    for (; j + 8 <= d; j += 8)
      _mm256_storeu_ps(o + j, load8(s + j));
    if (j < d) {
      alignas(32) float tmp[8];
      _mm256_store_ps(tmp, load_tail(s + j, d - j));
      std::memcpy(o + j, tmp, (d - j) * sizeof(float));
    }
  }
}

void sq_norms(const float* rows, size_t stride, size_t nrows, size_t d,
              float* out) {
  for (size_t r = 0; r < nrows; ++r)
    out[r] = sq_norm(rows + r * stride, d);
}

} // namespace

const cpu_kernels& avx2_kernels() {
  static const cpu_kernels k{dot_tile, select, f16_to_f32_rows, sq_norms};
  return k;
}

} // namespace aip::kernels::vector_detail
