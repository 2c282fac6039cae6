// Exact top-k inner-product search over N x 384 random rows (N = 1M, or
// AIP_BENCH_VECTOR_N for a smoke run): AIP's scan, GEMM and automatic
// paths (fp32 and fp16 rows) beside FAISS IndexFlatIP and a plain
// "OpenBLAS SGEMM tiles + std::priority_queue" loop, same data, same run.
// Counter queries/s. Example:
//   AIP_BENCH_VECTOR_N=100000 vector_search_bench --benchmark_filter=Q:16
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <sys/resource.h>

#include <cstdlib>
#include <functional>
#include <queue>
#include <random>
#include <vector>

#include "safetensors/safetensors.hpp"
#include "vector/vector_search.hpp"

#ifdef AIP_BENCH_HAVE_FAISS
#include <faiss/IndexFlat.h>
#include <omp.h>
#endif

namespace {

using namespace aip::kernels;

constexpr size_t dim = 384;
constexpr size_t max_queries = 256;

size_t rows() {
  const char* env = std::getenv("AIP_BENCH_VECTOR_N");
  return env != nullptr ? std::strtoull(env, nullptr, 10) : 1'000'000;
}

struct data {
  size_t n = rows();
  std::vector<float> f32;
  std::vector<uint16_t> f16;
  std::vector<float> queries;

  data() {
    std::mt19937 gen{42};
    std::normal_distribution<float> dist;
    f32.resize(n * dim);
    for (auto& x : f32)
      x = dist(gen);
    queries.resize(max_queries * dim);
    for (auto& x : queries)
      x = dist(gen);
  }

  const std::vector<uint16_t>& half() {
    if (f16.empty()) {
      f16.resize(f32.size());
      for (size_t i = 0; i < f32.size(); ++i)
        f16[i] = f32_to_f16(f32[i]);
    }
    return f16;
  }
};

data& the_data() {
  static data d;
  return d;
}

// Process CPU seconds (all threads): on a shared machine the wall clock
// depends on the neighbours, CPU time per query much less.
double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec)
         + 1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

// queries/s (wall clock) and cpu_ms/query (all threads) since `cpu0`.
void report(benchmark::State& state, size_t nq, double cpu0) {
  const double queries = static_cast<double>(nq * state.iterations());
  state.counters["queries/s"] =
    benchmark::Counter(queries, benchmark::Counter::kIsRate);
  state.counters["cpu_ms/query"] =
    1e3 * (process_cpu_seconds() - cpu0) / queries;
}

void aip_search(benchmark::State& state, search_path path, element type) {
  auto& d = the_data();
  const size_t nq = state.range(0), k = state.range(1);
  vector_set db{type == element::f16 ? static_cast<const void*>(d.half().data())
                                     : d.f32.data(),
                type, d.n, dim};
  search_params p;
  p.k = k;
  p.path = path;
  std::vector<float> scores(nq * k);
  std::vector<int64_t> ids(nq * k);
  const double cpu0 = process_cpu_seconds();
  for (auto _ : state) {
    if (search_cpu(db, d.queries.data(), nq, p, scores.data(), ids.data())
        != status::ok)
      state.SkipWithError("search_cpu failed");
    benchmark::DoNotOptimize(ids.data());
  }
  report(state, nq, cpu0);
}

// The baseline a user would write: OpenBLAS (threaded as configured)
// scores a tile of rows for all queries, then one min-heap per query.
void openblas_heap(benchmark::State& state) {
  auto& d = the_data();
  const size_t nq = state.range(0), k = state.range(1);
  constexpr size_t tile = 4096;
  std::vector<float> c(nq * tile);
  using entry = std::pair<float, int64_t>;
  const double cpu0 = process_cpu_seconds();
  for (auto _ : state) {
    std::vector<std::priority_queue<entry, std::vector<entry>, std::greater<>>>
      heaps(nq);
    for (size_t r0 = 0; r0 < d.n; r0 += tile) {
      const size_t m = std::min(tile, d.n - r0);
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, int(nq), int(m),
                  int(dim), 1.f, d.queries.data(), int(dim),
                  d.f32.data() + r0 * dim, int(dim), 0.f, c.data(), int(tile));
      for (size_t q = 0; q < nq; ++q)
        for (size_t r = 0; r < m; ++r) {
          const float s = c[q * tile + r];
          if (heaps[q].size() < k)
            heaps[q].emplace(s, int64_t(r0 + r));
          else if (s > heaps[q].top().first) {
            heaps[q].pop();
            heaps[q].emplace(s, int64_t(r0 + r));
          }
        }
    }
    benchmark::DoNotOptimize(heaps.data());
  }
  report(state, nq, cpu0);
}

#ifdef AIP_BENCH_HAVE_FAISS
void faiss_flat_ip(benchmark::State& state) {
  auto& d = the_data();
  static faiss::IndexFlatIP* index = [&] {
    auto* ix = new faiss::IndexFlatIP(dim);
    ix->add(static_cast<faiss::Index::idx_t>(d.n), d.f32.data());
    return ix;
  }();
  const size_t nq = state.range(0), k = state.range(1);
  std::vector<float> scores(nq * k);
  std::vector<faiss::Index::idx_t> ids(nq * k);
  const double cpu0 = process_cpu_seconds();
  for (auto _ : state) {
    index->search(static_cast<faiss::Index::idx_t>(nq), d.queries.data(),
                  static_cast<faiss::Index::idx_t>(k), scores.data(),
                  ids.data());
    benchmark::DoNotOptimize(ids.data());
  }
  report(state, nq, cpu0);
}
#endif

void shapes(benchmark::internal::Benchmark* b) {
  b->ArgsProduct({{1, 16, 256}, {10, 100}})
    ->ArgNames({"Q", "k"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
}

// Where search_path::automatic switches (vector_search.hpp): both passes
// over a range of batch sizes.
void crossover(benchmark::internal::Benchmark* b) {
  b->ArgsProduct({{2, 4, 8, 12, 24, 32, 64, 128, 256}, {10}})
    ->ArgNames({"Q", "k"})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
}

BENCHMARK_CAPTURE(aip_search, crossover_scan_f32, search_path::scan,
                  element::f32)
  ->Apply(crossover);
BENCHMARK_CAPTURE(aip_search, crossover_gemm_f32, search_path::gemm,
                  element::f32)
  ->Apply(crossover);
BENCHMARK_CAPTURE(aip_search, crossover_scan_f16, search_path::scan,
                  element::f16)
  ->Apply(crossover);
BENCHMARK_CAPTURE(aip_search, crossover_gemm_f16, search_path::gemm,
                  element::f16)
  ->Apply(crossover);

BENCHMARK_CAPTURE(aip_search, scan_f32, search_path::scan, element::f32)
  ->Apply(shapes);
BENCHMARK_CAPTURE(aip_search, gemm_f32, search_path::gemm, element::f32)
  ->Apply(shapes);
BENCHMARK_CAPTURE(aip_search, auto_f32, search_path::automatic, element::f32)
  ->Apply(shapes);
BENCHMARK_CAPTURE(aip_search, scan_f16, search_path::scan, element::f16)
  ->Apply(shapes);
BENCHMARK_CAPTURE(aip_search, gemm_f16, search_path::gemm, element::f16)
  ->Apply(shapes);
BENCHMARK_CAPTURE(aip_search, auto_f16, search_path::automatic, element::f16)
  ->Apply(shapes);
#ifdef AIP_BENCH_HAVE_FAISS
BENCHMARK(faiss_flat_ip)->Apply(shapes);
#endif
BENCHMARK(openblas_heap)->Apply(shapes);

} // namespace

int main(int argc, char** argv) {
  benchmark::AddCustomContext("openblas_core", openblas_get_corename());
  benchmark::AddCustomContext("openblas_threads",
                              std::to_string(openblas_get_num_threads()));
  benchmark::AddCustomContext("rows", std::to_string(rows()));
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
