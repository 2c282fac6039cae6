// WordPiece tokenizer throughput (tokens/s, bytes/s) on all-MiniLM-L6-v2's
// vocab: short English queries, a long English paragraph (truncated at 256
// tokens), and mixed-script text (accents, CJK, Cyrillic, emoji).
// Baseline in the same run: a plain byte scan that splits on spaces and
// looks each word up in a std::unordered_map<std::string, int> (what a
// tokenizer without Unicode handling at least spends). Hugging Face's own
// rate (the Rust library through Python) is measured with the test venv
// on the same texts; it cannot run inside this binary.
//
//   build/<dir>/bench/kernels/tokenizer_bench
// Model: ~/.cache/aip/models/all-MiniLM-L6-v2 (tools/scripts/fetch-model),
// or $AIP_MODEL_DIR.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "text/wordpiece_tokenizer.hpp"

namespace {

using aip::kernels::wordpiece_tokenizer;

std::string model_dir() {
  if (const char* d = std::getenv("AIP_MODEL_DIR"))
    return d;
  const char* home = std::getenv("HOME");
  return std::string{home ? home : ""} + "/.cache/aip/models/all-MiniLM-L6-v2";
}

const std::vector<std::string>& corpus(int which) {
  static const std::vector<std::string> queries = {
    "how do I reset my password?",
    "The quick brown fox jumps over the lazy dog.",
    "What is the capital of France?",
    "Supervision trees restart crashed actors within microseconds.",
    "best pizza near me open now",
    "Explain the difference between TCP and UDP in simple terms.",
    "Tokenization splits unaffable words into word pieces.",
    "Is it going to rain tomorrow in Berlin?",
  };
  static const std::vector<std::string> paragraph = [] {
    std::string s;
    for (int i = 0; i < 12; ++i)
      s += "Actor runtimes schedule millions of lightweight processes, each "
           "with a mailbox, and supervisors restart the ones that crash. ";
    return std::vector<std::string>{s};
  }();
  static const std::vector<std::string> mixed = {
    "Café naïve Ångström über façade", "中文字符和日本語のテキスト",
    "Привет, мир! Как дела?", "emoji 🙂👍🏽 and 👨‍👩‍👧‍👦 family",
    "한국어 텍스트 처리", "Σίσυφος και Ελληνικά",
  };
  return which == 0 ? queries : which == 1 ? paragraph : mixed;
}

const char* corpus_name(int which) {
  return which == 0 ? "queries" : which == 1 ? "paragraph" : "mixed";
}

void report(benchmark::State& state, size_t tokens, size_t bytes) {
  state.counters["tokens/s"] = benchmark::Counter(
    static_cast<double>(tokens), benchmark::Counter::kIsRate);
  state.counters["bytes/s"] = benchmark::Counter(
    static_cast<double>(bytes), benchmark::Counter::kIsRate);
}

void bm_wordpiece(benchmark::State& state) {
  static wordpiece_tokenizer tok;
  static std::string err;
  static const bool loaded = wordpiece_tokenizer::load(
    model_dir() + "/vocab.txt", {}, tok, err);
  if (!loaded) {
    state.SkipWithError(("run tools/scripts/fetch-model: " + err).c_str());
    return;
  }
  const auto& texts = corpus(static_cast<int>(state.range(0)));
  state.SetLabel(corpus_name(static_cast<int>(state.range(0))));
  std::vector<int32_t> ids;
  size_t tokens = 0, bytes = 0;
  for (auto _ : state) {
    for (const std::string& t : texts) {
      ids.clear();
      tokens += tok.encode(t, ids);
      bytes += t.size();
    }
    benchmark::DoNotOptimize(ids.data());
  }
  report(state, tokens, bytes);
}

void bm_baseline_space_split(benchmark::State& state) {
  static const std::unordered_map<std::string, int> vocab = [] {
    std::unordered_map<std::string, int> v;
    std::ifstream in(model_dir() + "/vocab.txt");
    int id = 0;
    for (std::string line; std::getline(in, line);)
      v.emplace(line, id++);
    return v;
  }();
  const auto& texts = corpus(static_cast<int>(state.range(0)));
  state.SetLabel(corpus_name(static_cast<int>(state.range(0))));
  std::vector<int32_t> ids;
  std::string word;
  size_t tokens = 0, bytes = 0;
  for (auto _ : state) {
    for (const std::string& t : texts) {
      ids.clear();
      for (size_t i = 0; i <= t.size(); ++i) {
        if (i == t.size() || t[i] == ' ') {
          auto it = vocab.find(word);
          ids.push_back(it == vocab.end() ? 100 : it->second);
          word.clear();
        } else {
          word += t[i];
        }
      }
      tokens += ids.size();
      bytes += t.size();
    }
    benchmark::DoNotOptimize(ids.data());
  }
  report(state, tokens, bytes);
}

BENCHMARK(bm_wordpiece)->DenseRange(0, 2);
BENCHMARK(bm_baseline_space_split)->DenseRange(0, 2);

} // namespace

BENCHMARK_MAIN();
