#include "bert/sentence_encoder.hpp"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace aip::kernels {

namespace {

using json = nlohmann::json;

// The tokenizer settings of a Hugging Face tokenizer.json; the defaults
// (BERT uncased) stand when the file is absent. Anything but a
// BertNormalizer + WordPiece pipeline is refused: the tokenizer implements
// only that one.
bool read_tokenizer_json(const std::string& path, tokenizer_options& opts,
                         std::string& error) {
  std::ifstream in{path, std::ios::binary};
  if (!in)
    return true;
  std::stringstream text;
  text << in.rdbuf();
  try {
    const json doc = json::parse(text.str());
    const json& norm = doc.at("normalizer");
    if (norm.at("type") != "BertNormalizer") {
      error = path + ": normalizer is not a BertNormalizer";
      return false;
    }
    opts.lowercase = norm.value("lowercase", true);
    // null means "follow lowercase", as in BertNormalizer.
    const auto sa = norm.find("strip_accents");
    opts.strip_accents = sa == norm.end() || sa->is_null() ? opts.lowercase
                                                           : sa->get<bool>();
    opts.split_chinese = norm.value("handle_chinese_chars", true);
    const json& model = doc.at("model");
    if (model.at("type") != "WordPiece"
        || model.value("continuing_subword_prefix", "##") != "##") {
      error = path + ": model is not WordPiece with the ## prefix";
      return false;
    }
    opts.max_chars_per_word = model.value("max_input_chars_per_word", size_t{100});
    if (auto added = doc.find("added_tokens"); added != doc.end()) {
      opts.special_tokens.clear();
      for (const json& t : *added)
        opts.special_tokens.push_back(t.at("content").get<std::string>());
    }
  } catch (const json::exception& e) {
    error = path + ": " + e.what();
    return false;
  }
  return true;
}

} // namespace

bool load_model_tokenizer(const std::string& model_dir, size_t max_tokens,
                          wordpiece_tokenizer& out, std::string& error) {
  tokenizer_options opts;
  if (!read_tokenizer_json(model_dir + "/tokenizer.json", opts, error))
    return false;
  opts.max_tokens = max_tokens;
  return wordpiece_tokenizer::load(model_dir + "/vocab.txt", opts, out, error);
}

const char* to_string(encoder_backend b) {
  switch (b) {
    case encoder_backend::cpu:
      return "cpu";
    case encoder_backend::cuda_f16:
      return "cuda_f16";
    case encoder_backend::cuda_bf16:
      return "cuda_bf16";
  }
  return "unknown";
}

sentence_encoder::sentence_encoder() = default;
sentence_encoder::~sentence_encoder() = default;
sentence_encoder::sentence_encoder(sentence_encoder&&) noexcept = default;
sentence_encoder&
sentence_encoder::operator=(sentence_encoder&&) noexcept = default;

bool sentence_encoder::load(const std::string& model_dir,
                            encoder_backend backend, sentence_encoder& out,
                            std::string& error) {
  sentence_encoder e;
  e.backend_ = backend;
  size_t max_tokens = 0;
  if (backend == encoder_backend::cpu) {
    if (!bert_encoder::load(model_dir, e.cpu_, error))
      return false;
    max_tokens = e.cpu_.max_tokens();
  } else {
    e.gpu_ = std::make_unique<bert_encoder_cuda>();
    const auto precision = backend == encoder_backend::cuda_bf16
                             ? bert_precision::bf16
                             : bert_precision::f16;
    if (!bert_encoder_cuda::load(model_dir, precision, *e.gpu_, error))
      return false;
    max_tokens = e.gpu_->max_tokens();
  }
  if (!load_model_tokenizer(model_dir, max_tokens, e.tokenizer_, error))
    return false;
  const size_t vocab = e.gpu_ ? e.gpu_->vocab_size() : e.cpu_.vocab_size();
  if (e.tokenizer_.vocab_size() != vocab) {
    error = model_dir + "/vocab.txt: "
            + std::to_string(e.tokenizer_.vocab_size())
            + " tokens, but the model has " + std::to_string(vocab);
    return false;
  }
  out = std::move(e);
  return true;
}

size_t sentence_encoder::dim() const {
  return cpu_.dim();
}

size_t sentence_encoder::max_tokens() const {
  return tokenizer_.options().max_tokens;
}

size_t sentence_encoder::count_tokens(std::string_view text) const {
  // count_tokens may run on the batcher's threads: scratch per thread.
  thread_local std::vector<int32_t> ids;
  ids.clear();
  return tokenizer_.encode(text, ids);
}

status sentence_encoder::embed(const std::vector<std::string_view>& texts,
                               float* out) {
  if (texts.empty())
    return status::ok;
  if (out == nullptr || (gpu_ == nullptr && cpu_.max_tokens() == 0))
    return status::invalid_argument;
  ids_.clear();
  offsets_.assign(1, 0);
  for (std::string_view text : texts) {
    tokenizer_.encode(text, ids_);
    offsets_.push_back(ids_.size());
  }
  const token_batch batch{ids_.data(), offsets_.data(), texts.size()};
  return gpu_ ? gpu_->encode(batch, out) : cpu_.encode(batch, out);
}

} // namespace aip::kernels
