#include "bert/bert_model.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "safetensors/safetensors.hpp"

namespace aip::kernels {

namespace {

using json = nlohmann::json;

bool read_json(const std::string& path, json& out, std::string& error) {
  std::ifstream in{path, std::ios::binary};
  if (!in) {
    error = path + ": cannot open";
    return false;
  }
  std::stringstream text;
  text << in.rdbuf();
  try {
    out = json::parse(text.str());
  } catch (const json::exception& e) {
    error = path + ": " + e.what();
    return false;
  }
  if (!out.is_object()) {
    error = path + ": expected a JSON object";
    return false;
  }
  return true;
}

// A positive integer field; `want` 0 accepts any positive value.
bool config_count(const json& cfg, const std::string& path, const char* key,
                  size_t want, size_t& out, std::string& error) {
  auto it = cfg.find(key);
  if (it == cfg.end() || !it->is_number_integer() || it->get<int64_t>() <= 0) {
    error = path + ": " + key + " missing or not a positive integer";
    return false;
  }
  out = static_cast<size_t>(it->get<int64_t>());
  if (want != 0 && out != want) {
    error = path + ": " + key + " is " + std::to_string(out) + ", expected "
            + std::to_string(want) + " (all-MiniLM-L6-v2)";
    return false;
  }
  return true;
}

bool config_string(const json& cfg, const std::string& path, const char* key,
                   const char* want, bool optional, std::string& error) {
  auto it = cfg.find(key);
  if (it == cfg.end() && optional)
    return true;
  if (it == cfg.end() || !it->is_string() || it->get<std::string>() != want) {
    error = path + ": " + key + " must be \"" + want + "\"";
    return false;
  }
  return true;
}

bool read_config(const std::string& path, bert_model& m, std::string& error) {
  json cfg;
  if (!read_json(path, cfg, error))
    return false;
  size_t n = 0;
  size_t layers = 0;
  size_t types = 0;
  if (!config_count(cfg, path, "hidden_size", bert_shape::hidden, n, error)
      || !config_count(cfg, path, "num_attention_heads", bert_shape::heads, n,
                       error)
      || !config_count(cfg, path, "intermediate_size", bert_shape::ffn, n,
                       error)
      || !config_count(cfg, path, "num_hidden_layers", 0, layers, error)
      || !config_count(cfg, path, "vocab_size", 0, m.vocab, error)
      || !config_count(cfg, path, "max_position_embeddings", 0, m.positions,
                       error)
      || !config_count(cfg, path, "type_vocab_size", 0, types, error))
    return false;
  // "gelu" in transformers is the exact erf form; the tanh approximation is
  // spelled "gelu_new" / "gelu_pytorch_tanh" and would need other code.
  if (!config_string(cfg, path, "hidden_act", "gelu", false, error)
      || !config_string(cfg, path, "position_embedding_type", "absolute", true,
                        error)
      || !config_string(cfg, path, "model_type", "bert", true, error))
    return false;
  auto eps = cfg.find("layer_norm_eps");
  if (eps == cfg.end() || !eps->is_number() || !(eps->get<double>() > 0)
      || eps->get<double>() > 1e-3) {
    error = path + ": layer_norm_eps missing or outside (0, 1e-3]";
    return false;
  }
  m.ln_eps = static_cast<float>(eps->get<double>());
  if (layers > 64) {
    error = path + ": num_hidden_layers " + std::to_string(layers)
            + " is implausible";
    return false;
  }
  m.layers.resize(layers);
  m.max_tokens = std::min(bert_shape::max_tokens, m.positions);
  return true;
}

// Reads the tensors of one model file into a bert_model.
class tensor_reader {
public:
  tensor_reader(const safetensors& st, std::string& error)
    : st_(st), error_(error) {}

  bool get(const std::string& name, std::vector<int64_t> shape,
           std::vector<float>& out) {
    const tensor_info* t = st_.require(name, dtype::f32, shape, error_);
    return t != nullptr && st_.to_f32(*t, out);
  }

  // Appends tensor `name` to `out` (to fuse Q, K and V).
  bool append(const std::string& name, std::vector<int64_t> shape,
              std::vector<float>& out) {
    std::vector<float> part;
    if (!get(name, std::move(shape), part))
      return false;
    out.insert(out.end(), part.begin(), part.end());
    return true;
  }

private:
  const safetensors& st_;
  std::string& error_;
};

bool read_layer(tensor_reader& r, size_t i, bert_layer& l) {
  const int64_t h = bert_shape::hidden;
  const int64_t f = bert_shape::ffn;
  const std::string p = "encoder.layer." + std::to_string(i) + ".";
  for (const char* part : {"query", "key", "value"}) {
    const std::string base = p + "attention.self." + part;
    if (!r.append(base + ".weight", {h, h}, l.qkv_w)
        || !r.append(base + ".bias", {h}, l.qkv_b))
      return false;
  }
  return r.get(p + "attention.output.dense.weight", {h, h}, l.out_w)
         && r.get(p + "attention.output.dense.bias", {h}, l.out_b)
         && r.get(p + "attention.output.LayerNorm.weight", {h}, l.ln1_g)
         && r.get(p + "attention.output.LayerNorm.bias", {h}, l.ln1_b)
         && r.get(p + "intermediate.dense.weight", {f, h}, l.ffn1_w)
         && r.get(p + "intermediate.dense.bias", {f}, l.ffn1_b)
         && r.get(p + "output.dense.weight", {h, f}, l.ffn2_w)
         && r.get(p + "output.dense.bias", {h}, l.ffn2_b)
         && r.get(p + "output.LayerNorm.weight", {h}, l.ln2_g)
         && r.get(p + "output.LayerNorm.bias", {h}, l.ln2_b);
}

// A NaN or infinity in the file would silently poison every embedding.
bool all_finite(const bert_model& m, const std::string& path,
                std::string& error) {
  auto check = [&](const std::vector<float>& v, const char* what) {
    for (float x : v)
      if (!std::isfinite(x)) {
        error = path + ": non-finite value in " + what;
        return false;
      }
    return true;
  };
  if (!check(m.word, "word embeddings") || !check(m.pos, "positions")
      || !check(m.type0, "token types") || !check(m.emb_ln_g, "LayerNorm")
      || !check(m.emb_ln_b, "LayerNorm"))
    return false;
  for (auto& l : m.layers)
    for (auto* v : {&l.qkv_w, &l.qkv_b, &l.out_w, &l.out_b, &l.ln1_g, &l.ln1_b,
                    &l.ffn1_w, &l.ffn1_b, &l.ffn2_w, &l.ffn2_b, &l.ln2_g,
                    &l.ln2_b})
      if (!check(*v, "an encoder layer"))
        return false;
  return true;
}

} // namespace

bool load_bert_model(const std::string& model_dir, bert_model& out,
                     std::string& error) {
  bert_model m;
  if (!read_config(model_dir + "/config.json", m, error))
    return false;
  const std::string path = model_dir + "/model.safetensors";
  safetensors st;
  if (!safetensors::open(path, st, error))
    return false;
  tensor_reader r{st, error};
  const int64_t h = bert_shape::hidden;
  std::vector<float> types;
  if (!r.get("embeddings.word_embeddings.weight",
             {static_cast<int64_t>(m.vocab), h}, m.word)
      || !r.get("embeddings.position_embeddings.weight",
                {static_cast<int64_t>(m.positions), h}, m.pos)
      || !r.get("embeddings.LayerNorm.weight", {h}, m.emb_ln_g)
      || !r.get("embeddings.LayerNorm.bias", {h}, m.emb_ln_b))
    return false;
  const tensor_info* t = st.find("embeddings.token_type_embeddings.weight");
  if (t == nullptr || t->type != dtype::f32 || t->shape.size() != 2
      || t->shape[0] < 1 || t->shape[1] != h) {
    error = path + ": tensor 'embeddings.token_type_embeddings.weight': "
            + (t == nullptr ? "missing" : "expected F32 [n,384]");
    return false;
  }
  st.to_f32(*t, types);
  m.type0.assign(types.begin(), types.begin() + h);
  for (size_t i = 0; i < m.layers.size(); ++i)
    if (!read_layer(r, i, m.layers[i]))
      return false;
  if (!all_finite(m, path, error))
    return false;
  out = std::move(m);
  return true;
}

status check_token_batch(const token_batch& batch, float* out,
                         size_t max_tokens, size_t vocab, size_t* longest) {
  if (batch.count == 0)
    return status::ok;
  if (batch.ids == nullptr || batch.offsets == nullptr || out == nullptr)
    return status::invalid_argument;
  size_t most = 0;
  for (size_t i = 0; i < batch.count; ++i) {
    const size_t b = batch.offsets[i];
    const size_t e = batch.offsets[i + 1];
    if (e <= b || e - b > max_tokens)
      return status::invalid_argument;
    most = std::max(most, e - b);
    for (size_t j = b; j < e; ++j)
      if (batch.ids[j] < 0 || static_cast<size_t>(batch.ids[j]) >= vocab)
        return status::invalid_argument;
  }
  if (longest != nullptr)
    *longest = most;
  return status::ok;
}

const char* to_string(bert_precision p) {
  switch (p) {
    case bert_precision::f32:
      return "f32";
    case bert_precision::f16:
      return "f16";
    case bert_precision::bf16:
      return "bf16";
  }
  return "unknown";
}

} // namespace aip::kernels
