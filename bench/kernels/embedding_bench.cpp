// all-MiniLM-L6-v2 encoder throughput in sentences/s: batches of 1, 8 and 64
// sentences of 16 and 128 tokens, on the CPU (fp32, OpenBLAS with 1 thread
// and with all cores; and two concurrent callers with one thread each) and
// on the GPU (fp16, bf16) when one exists.
// Baseline in the same run: the dense layers' GEMMs alone on the same token
// count (plain OpenBLAS, what any fp32 CPU BERT must at least spend), so
// "encoder / gemm_only" is the share of time the rest of the model costs.
//
//   build/<dir>/bench/kernels/embedding_bench [--benchmark_filter=cpu]
// Model: ~/.cache/aip/models/all-MiniLM-L6-v2 (tools/scripts/fetch-model),
// or $AIP_MODEL_DIR.
#include <benchmark/benchmark.h>
#include <cblas.h>

#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bert/bert_encoder.hpp"

namespace {

using aip::kernels::bert_encoder;
using aip::kernels::bert_encoder_cuda;
using aip::kernels::bert_precision;
using aip::kernels::status;

constexpr size_t hidden = 384;
constexpr size_t ffn = 1536;
constexpr size_t layers = 6;

std::string model_dir() {
  if (const char* d = std::getenv("AIP_MODEL_DIR"))
    return d;
  const char* home = std::getenv("HOME");
  return std::string{home ? home : ""} + "/.cache/aip/models/all-MiniLM-L6-v2";
}

// Random ids between [CLS] and [SEP]: the encoder's cost depends only on
// the lengths.
struct inputs {
  std::vector<int32_t> ids;
  std::vector<size_t> offsets{0};
  aip::kernels::token_batch view() const {
    return {ids.data(), offsets.data(), offsets.size() - 1};
  }
};

inputs make_inputs(size_t count, size_t len) {
  std::mt19937 gen{42};
  std::uniform_int_distribution<int32_t> word{1000, 30000};
  inputs in;
  for (size_t i = 0; i < count; ++i) {
    in.ids.push_back(101);
    for (size_t j = 2; j < len; ++j)
      in.ids.push_back(word(gen));
    in.ids.push_back(102);
    in.offsets.push_back(in.ids.size());
  }
  return in;
}

// Multiply-adds of the dense layers plus attention, per sequence of `len`.
double flops_per_sentence(size_t len) {
  const double t = static_cast<double>(len);
  const double dense = 2 * t * hidden * (4 * hidden + 2 * ffn);
  const double attention = 4 * t * t * hidden;
  return layers * (dense + attention);
}

const bert_encoder* cpu_encoder(std::string& why) {
  static std::string error;
  static std::unique_ptr<bert_encoder> enc = [] {
    auto e = std::make_unique<bert_encoder>();
    if (!bert_encoder::load(model_dir(), *e, error))
      e.reset();
    return e;
  }();
  why = error;
  return enc.get();
}

int thread_count(int arg) {
  return arg > 0 ? arg
                 : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void report(benchmark::State& state, size_t count, size_t len) {
  const double sentences = static_cast<double>(state.iterations() * count);
  state.counters["sentences/s"]
    = benchmark::Counter(sentences, benchmark::Counter::kIsRate);
  state.counters["GFLOP/s"] = benchmark::Counter(
    sentences * flops_per_sentence(len) / 1e9, benchmark::Counter::kIsRate);
}


// The timed loop both CPU benchmarks share: encode count × len tokens.
void encode_loop(benchmark::State& state, const bert_encoder& enc,
                 size_t count, size_t len) {
  auto in = make_inputs(count, len);
  std::vector<float> out(count * hidden);
  for (auto _ : state) {
    if (enc.encode(in.view(), out.data()) != status::ok) {
      state.SkipWithError("encode failed");
      return;
    }
    benchmark::DoNotOptimize(out.data());
  }
  report(state, count, len);
}

// Args: batch, tokens, OpenBLAS threads (0 = all cores).
void cpu(benchmark::State& state) {
  std::string why;
  const bert_encoder* enc = cpu_encoder(why);
  if (enc == nullptr) {
    state.SkipWithError(("model missing (tools/scripts/fetch-model): " + why)
                          .c_str());
    return;
  }
  const size_t count = state.range(0);
  const size_t len = state.range(1);
  openblas_set_num_threads(thread_count(static_cast<int>(state.range(2))));
  encode_loop(state, *enc, count, len);
}

// Two callers at once on the shared const encoder, one OpenBLAS thread
// each: how an actor pool would use the cores instead of BLAS threading.
void cpu_two_callers(benchmark::State& state) {
  std::string why;
  const bert_encoder* enc = cpu_encoder(why);
  if (enc == nullptr) {
    state.SkipWithError(("model missing (tools/scripts/fetch-model): " + why)
                          .c_str());
    return;
  }
  const size_t count = state.range(0);
  const size_t len = state.range(1);
  if (state.thread_index() == 0)
    openblas_set_num_threads(1);
  encode_loop(state, *enc, count, len);
}

// Baseline: the 6 layers' four dense GEMMs on count·len tokens, nothing else.
void gemm_only(benchmark::State& state) {
  const size_t count = state.range(0);
  const size_t len = state.range(1);
  openblas_set_num_threads(thread_count(static_cast<int>(state.range(2))));
  const int t = static_cast<int>(count * len);
  std::vector<float> w_qkv(3 * hidden * hidden, 0.01f),
    w_out(hidden * hidden, 0.01f), w1(ffn * hidden, 0.01f),
    w2(hidden * ffn, 0.01f), x(t * hidden, 0.5f), big(t * ffn);
  auto gemm = [&](const float* a, int k, const std::vector<float>& w, int n,
                  float* c) {
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, t, n, k, 1.0f, a, k,
                w.data(), k, 0.0f, c, n);
  };
  for (auto _ : state) {
    for (size_t l = 0; l < layers; ++l) {
      gemm(x.data(), hidden, w_qkv, 3 * hidden, big.data());
      gemm(x.data(), hidden, w_out, hidden, big.data());
      gemm(x.data(), hidden, w1, ffn, big.data());
      gemm(big.data(), ffn, w2, hidden, x.data());
    }
    benchmark::DoNotOptimize(x.data());
  }
  report(state, count, len);
}

// Args: batch, tokens, precision (1 = fp16, 2 = bf16).
void gpu(benchmark::State& state) {
  const auto precision = static_cast<bert_precision>(state.range(2));
  static std::unique_ptr<bert_encoder_cuda> enc[3];
  static std::string error[3];
  auto& e = enc[state.range(2)];
  if (!e && error[state.range(2)].empty()) {
    e = std::make_unique<bert_encoder_cuda>();
    if (!bert_encoder_cuda::load(model_dir(), precision, *e,
                                 error[state.range(2)]))
      e.reset();
  }
  if (!e) {
    state.SkipWithError(("skipped: " + error[state.range(2)]).c_str());
    return;
  }
  const size_t count = state.range(0);
  const size_t len = state.range(1);
  auto in = make_inputs(count, len);
  std::vector<float> out(count * hidden);
  // The first call grows the device scratch; time the steady state.
  if (e->encode(in.view(), out.data()) != status::ok) {
    state.SkipWithError("encode failed");
    return;
  }
  for (auto _ : state) {
    if (auto st = e->encode(in.view(), out.data()); st != status::ok) {
      state.SkipWithError(aip::kernels::to_string(st));
      return;
    }
    benchmark::DoNotOptimize(out.data());
  }
  report(state, count, len);
}

// Every (batch, tokens) shape, times each value of an optional third
// argument.
void shapes(benchmark::internal::Benchmark* b, const char* third_name,
            std::vector<int64_t> third) {
  if (third_name != nullptr)
    b->ArgNames({"batch", "tokens", third_name});
  else
    b->ArgNames({"batch", "tokens"});
  for (int64_t tokens : {16, 128})
    for (int64_t batch : {1, 8, 64}) {
      if (third.empty())
        b->Args({batch, tokens});
      for (int64_t x : third)
        b->Args({batch, tokens, x});
    }
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

// threads 0 = all cores; precision 1 = fp16, 2 = bf16 (bert_precision).
BENCHMARK(cpu)->Apply([](auto* b) { shapes(b, "threads", {1, 0}); });
BENCHMARK(cpu_two_callers)
  ->Apply([](auto* b) { shapes(b, nullptr, {}); })
  ->Threads(2);
BENCHMARK(gemm_only)->Apply([](auto* b) { shapes(b, "threads", {1, 0}); });
BENCHMARK(gpu)->Apply([](auto* b) { shapes(b, "precision", {1, 2}); });

} // namespace

BENCHMARK_MAIN();
