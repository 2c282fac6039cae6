// mlp_classifier::load: the spec (yaml-cpp reads both the JSON metadata and
// the YAML file, keeping line:col for every node) checked against the
// safetensors tensors, then converted to f32.
#include <fstream>

#include <yaml-cpp/yaml.h>

#include "mlp/mlp_classifier.hpp"
#include "safetensors/safetensors.hpp"

namespace aip::kernels {

namespace {

constexpr const char* metadata_key = "aip.layers";

struct spec_layer {
  std::string weight;
  std::string bias;
  mlp_activation activation = mlp_activation::none;
  std::string where; // "<origin>:line:col" of the layer's node
};

struct spec {
  size_t inputs = 0; // 0: not given
  std::string inputs_where; // "<origin>:line:col"
  std::vector<spec_layer> layers;
  mlp_output output = mlp_output::softmax;
  std::vector<std::string> labels;
  bool has_labels = false;
  std::string labels_where;
};

std::string shape_str(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? "," : "") + std::to_string(shape[i]);
  return s + "]";
}

class spec_parser {
public:
  explicit spec_parser(std::string origin) : origin_(std::move(origin)) {}

  bool parse(const YAML::Node& root, spec& out, std::string& error) {
    try {
      return parse_root(root, out, error);
    } catch (const YAML::Exception& e) {
      error = at(e.mark) + e.msg;
      return false;
    }
  }

  /// "origin:line:col" (1-based), or the origin alone without a mark.
  std::string loc(const YAML::Mark& m) const {
    if (m.is_null())
      return origin_;
    return origin_ + ":" + std::to_string(m.line + 1) + ":"
           + std::to_string(m.column + 1);
  }
  std::string at(const YAML::Mark& m) const { return loc(m) + ": "; }

private:
  bool fail(const YAML::Node& n, const std::string& msg, std::string& error) {
    error = at(n.Mark()) + msg;
    return false;
  }

  bool scalar(const YAML::Node& n, const char* what, std::string& value,
              std::string& error) {
    if (!n.IsScalar())
      return fail(n, std::string(what) + " must be a string", error);
    value = n.Scalar();
    return true;
  }

  bool parse_root(const YAML::Node& root, spec& out, std::string& error) {
    if (root.IsSequence())
      return parse_layers(root, out, error);
    if (!root.IsMap())
      return fail(root,
                  "the spec must be a map (inputs, layers, output, labels) "
                  "or a list of layers",
                  error);
    bool have_layers = false;
    for (const auto& kv : root) {
      const std::string key = kv.first.Scalar();
      const YAML::Node& v = kv.second;
      if (key == "layers") {
        have_layers = true;
        if (!parse_layers(v, out, error))
          return false;
      } else if (key == "inputs") {
        long long n = 0;
        if (!v.IsScalar() || !YAML::convert<long long>::decode(v, n) || n <= 0)
          return fail(v, "inputs must be a positive integer", error);
        out.inputs = static_cast<size_t>(n);
        out.inputs_where = loc(v.Mark());
      } else if (key == "output") {
        std::string s;
        if (!scalar(v, "output", s, error))
          return false;
        if (s == "softmax")
          out.output = mlp_output::softmax;
        else if (s == "sigmoid")
          out.output = mlp_output::sigmoid;
        else if (s == "logits")
          out.output = mlp_output::logits;
        else
          return fail(v, "unknown output '" + s
                           + "' (softmax, sigmoid or logits)", error);
      } else if (key == "labels") {
        if (!v.IsSequence())
          return fail(v, "labels must be a list of strings", error);
        for (const auto& l : v) {
          std::string s;
          if (!scalar(l, "a label", s, error))
            return false;
          out.labels.push_back(s);
        }
        out.has_labels = true;
        out.labels_where = at(v.Mark());  // with ": "
      } else {
        return fail(kv.first, "unknown key '" + key
                                + "' (inputs, layers, output, labels)", error);
      }
    }
    if (!have_layers)
      return fail(root, "no 'layers' list", error);
    return true;
  }

  bool parse_layers(const YAML::Node& list, spec& out, std::string& error) {
    if (!list.IsSequence() || list.size() == 0)
      return fail(list, "layers must be a non-empty list", error);
    for (const auto& node : list) {
      const std::string idx = "layer " + std::to_string(out.layers.size());
      if (!node.IsMap())
        return fail(node, idx + " must be a map (weight, bias, activation)",
                    error);
      spec_layer l;
      l.where = loc(node.Mark());
      for (const auto& kv : node) {
        const std::string key = kv.first.Scalar();
        const YAML::Node& v = kv.second;
        if (key == "weight") {
          if (!scalar(v, "weight", l.weight, error))
            return false;
        } else if (key == "bias") {
          if (!v.IsNull() && !scalar(v, "bias", l.bias, error))
            return false;
        } else if (key == "activation") {
          std::string s;
          if (!scalar(v, "activation", s, error))
            return false;
          if (!parse_activation(s, l.activation))
            return fail(v, idx + ": unknown activation '" + s
                             + "' (none, relu, gelu, tanh, sigmoid)", error);
        } else {
          return fail(kv.first, idx + ": unknown key '" + key
                                  + "' (weight, bias, activation)", error);
        }
      }
      if (l.weight.empty())
        return fail(node, idx + ": no weight tensor named", error);
      out.layers.push_back(std::move(l));
    }
    return true;
  }

  static bool parse_activation(const std::string& s, mlp_activation& a) {
    for (auto c : {mlp_activation::none, mlp_activation::relu,
                   mlp_activation::gelu, mlp_activation::tanh,
                   mlp_activation::sigmoid})
      if (s == to_string(c)) {
        a = c;
        return true;
      }
    return false;
  }

  std::string origin_;
};

bool is_float(dtype t) {
  return t == dtype::f32 || t == dtype::f16 || t == dtype::bf16;
}

// One tensor of the spec, checked for dtype and exact shape, as f32.
// `shape_why` explains the expected shape when only that differs.
bool take_tensor(const safetensors& st, const std::string& name,
                 const std::vector<int64_t>& shape, const std::string& ctx,
                 const std::string& shape_why, std::vector<float>& out,
                 std::string& error) {
  const tensor_info* t = st.find(name);
  if (t == nullptr) {
    error = st.origin() + ": " + ctx + ": no tensor '" + name + "'";
    return false;
  }
  if (!is_float(t->type)) {
    error = st.origin() + ": " + ctx + ": tensor '" + name + "' has dtype "
            + to_string(t->type) + ", expected F32, F16 or BF16";
    return false;
  }
  if (st.require(name, t->type, shape, error) == nullptr) {
    // require() says "<file>: tensor ...": put the layer after the file.
    const std::string head = st.origin() + ": ";
    if (error.compare(0, head.size(), head) == 0)
      error = head + ctx + ": " + error.substr(head.size());
    error += shape_why;
    return false;
  }
  return st.to_f32(*t, out);
}

std::string yaml_path_for(const std::string& path) {
  const std::string ext = ".safetensors";
  if (path.size() >= ext.size()
      && path.compare(path.size() - ext.size(), ext.size(), ext) == 0)
    return path.substr(0, path.size() - ext.size()) + ".yaml";
  return path + ".yaml";
}

bool read_spec(const safetensors& st, const std::string& path, spec& out,
               std::string& error) {
  auto meta = st.metadata().find(metadata_key);
  try {
    if (meta != st.metadata().end()) {
      spec_parser p(path + ": __metadata__ \"" + metadata_key + "\"");
      try {
        return p.parse(YAML::Load(meta->second), out, error);
      } catch (const YAML::Exception& e) {
        error = p.at(e.mark) + e.msg;
        return false;
      }
    }
    const std::string yaml_path = yaml_path_for(path);
    std::ifstream in(yaml_path);
    if (!in) {
      error = path + ": no __metadata__ \"" + metadata_key + "\" and cannot "
              "open " + yaml_path + " for the layer spec";
      return false;
    }
    spec_parser p(yaml_path);
    try {
      return p.parse(YAML::Load(in), out, error);
    } catch (const YAML::Exception& e) {
      error = p.at(e.mark) + e.msg;
      return false;
    }
  } catch (const std::exception& e) { // bad_alloc and the like
    error = path + ": " + e.what();
    return false;
  }
}

} // namespace

const char* to_string(mlp_activation a) {
  switch (a) {
    case mlp_activation::none: return "none";
    case mlp_activation::relu: return "relu";
    case mlp_activation::gelu: return "gelu";
    case mlp_activation::tanh: return "tanh";
    case mlp_activation::sigmoid: return "sigmoid";
  }
  return "?";
}

const char* to_string(mlp_output o) {
  switch (o) {
    case mlp_output::softmax: return "softmax";
    case mlp_output::sigmoid: return "sigmoid";
    case mlp_output::logits: return "logits";
  }
  return "?";
}

bool mlp_classifier::load(const std::string& path, mlp_classifier& out,
                          std::string& error) {
  safetensors st;
  if (!safetensors::open(path, st, error))
    return false;
  spec sp;
  if (!read_spec(st, path, sp, error))
    return false;

  std::vector<mlp_layer> layers;
  for (size_t i = 0; i < sp.layers.size(); ++i) {
    const spec_layer& s = sp.layers[i];
    const std::string idx = "layer " + std::to_string(i) + " (" + s.where
                            + ")";
    const tensor_info* w = st.find(s.weight);
    if (w != nullptr && w->shape.size() != 2) {
      error = path + ": " + idx + ": tensor '" + s.weight + "' has shape "
              + shape_str(w->shape) + ", expected [out, in]";
      return false;
    }
    if (w != nullptr && (w->shape[0] <= 0 || w->shape[1] <= 0)) {
      error = path + ": " + idx + ": tensor '" + s.weight + "' has shape "
              + shape_str(w->shape) + ": dimensions must be positive";
      return false;
    }
    // The expected in: the previous layer's out, or the spec's inputs.
    std::vector<int64_t> shape;
    std::string why;
    if (w != nullptr) {
      shape = w->shape;
      if (i > 0) {
        shape[1] = static_cast<int64_t>(layers.back().out);
        why = " (layer " + std::to_string(i - 1) + " '"
              + layers.back().weight_name + "' gives "
              + std::to_string(layers.back().out) + " outputs)";
      } else if (sp.inputs != 0) {
        shape[1] = static_cast<int64_t>(sp.inputs);
        why = " (" + sp.inputs_where + ": inputs: "
              + std::to_string(sp.inputs) + ")";
      }
    }
    mlp_layer l;
    if (!take_tensor(st, s.weight, shape, idx, why, l.weight, error))
      return false;
    l.in = static_cast<size_t>(w->shape[1]);
    l.out = static_cast<size_t>(w->shape[0]);
    l.activation = s.activation;
    l.weight_name = s.weight;
    l.bias_name = s.bias;
    if (s.bias.empty()) {
      l.bias.assign(l.out, 0.0f);
    } else if (!take_tensor(st, s.bias, {w->shape[0]}, idx, "", l.bias,
                                   error)) {
      error += " (the bias of '" + s.weight + "', shape "
               + shape_str(w->shape) + ")";
      return false;
    }
    layers.push_back(std::move(l));
  }

  std::vector<std::string> labels = sp.labels;
  const size_t outputs = layers.back().out;
  if (sp.has_labels && labels.size() != outputs) {
    error = sp.labels_where + std::to_string(labels.size()) + " labels for "
            + std::to_string(outputs) + " outputs (layer "
            + std::to_string(layers.size() - 1) + " '"
            + layers.back().weight_name + "')";
    return false;
  }
  if (!sp.has_labels)
    for (size_t i = 0; i < outputs; ++i)
      labels.push_back(std::to_string(i));

  out.layers_ = std::move(layers);
  out.output_ = sp.output;
  out.labels_ = std::move(labels);
  return true;
}

} // namespace aip::kernels
