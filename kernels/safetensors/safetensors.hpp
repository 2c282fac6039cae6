#pragma once
/// A checked reader of the safetensors format (u64 little-endian header
/// length N, N bytes of JSON naming each tensor's dtype, shape and
/// data_offsets, then the data). Every bound is checked before a byte of
/// data is handed out: a malformed or truncated file is rejected with one
/// message naming the file and the place, never half-loaded. Immutable after
/// parsing, so any thread may read it.
///
///   safetensors st; std::string err;
///   if (!safetensors::open("model.safetensors", st, err)) die(err);
///   const tensor_info* w = st.require("dense.weight", dtype::f32, {384, 384}, err);

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace aip::kernels {

enum class dtype : uint8_t { f64, f32, f16, bf16, i64, i32, i16, i8, u8, boolean };

/// Bytes per element.
size_t dtype_size(dtype t);
/// The format's spelling: "F32", "BF16", "BOOL", ...
const char* to_string(dtype t);

struct tensor_info {
  std::string name;
  dtype type = dtype::f32;
  std::vector<int64_t> shape;
  /// Start and length within the data section.
  size_t offset = 0;
  size_t bytes = 0;

  size_t elements() const;
};

class safetensors {
public:
  /// The largest header accepted (the reference implementation's limit).
  static constexpr size_t max_header_bytes = 100'000'000;

  /// Parses `size` bytes at `data`, which must outlive `out`. `origin` names
  /// the input in errors (a file name). False, with `error` set, on any
  /// violation; `out` is then empty.
  static bool parse(const uint8_t* data, size_t size, std::string origin,
                    safetensors& out, std::string& error);

  /// Maps `path` read-only and parses it; the mapping lives as long as the
  /// returned object (and its copies).
  static bool open(const std::string& path, safetensors& out,
                   std::string& error);

  const std::vector<tensor_info>& tensors() const { return tensors_; }
  const std::map<std::string, std::string>& metadata() const { return meta_; }
  const std::string& origin() const { return origin_; }

  /// nullptr when there is no tensor of that name.
  const tensor_info* find(std::string_view name) const;

  /// The tensor `name` when it exists with dtype `type` and exactly `shape`;
  /// otherwise nullptr and `error` says what differs, e.g.
  /// "model.safetensors: tensor 'w': shape [384,1536], expected [384,384]".
  const tensor_info* require(std::string_view name, dtype type,
                             const std::vector<int64_t>& shape,
                             std::string& error) const;

  /// The tensor's bytes (unaligned: read through memcpy or the converters).
  const uint8_t* data(const tensor_info& t) const { return data_ + t.offset; }

  /// Elements of an F32, F16 or BF16 tensor as floats; false for other
  /// dtypes.
  bool to_f32(const tensor_info& t, std::vector<float>& out) const;

private:
  std::string origin_;
  std::vector<tensor_info> tensors_;
  std::map<std::string, std::string> meta_;
  const uint8_t* data_ = nullptr;
  std::shared_ptr<const void> mapping_;
};

/// Half-precision conversions shared by the converters and the model code.
float f16_to_f32(uint16_t h);
float bf16_to_f32(uint16_t h);
uint16_t f32_to_f16(float f);
uint16_t f32_to_bf16(float f);

} // namespace aip::kernels
