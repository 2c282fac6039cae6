#include "safetensors/safetensors.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace aip::kernels {

namespace {

struct dtype_name {
  const char* name;
  dtype type;
  size_t size;
};

constexpr dtype_name dtype_names[] = {
  {"F64", dtype::f64, 8},  {"F32", dtype::f32, 4}, {"F16", dtype::f16, 2},
  {"BF16", dtype::bf16, 2}, {"I64", dtype::i64, 8}, {"I32", dtype::i32, 4},
  {"I16", dtype::i16, 2},  {"I8", dtype::i8, 1},   {"U8", dtype::u8, 1},
  {"BOOL", dtype::boolean, 1},
};

std::string shape_string(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i > 0)
      s += ',';
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

// nlohmann's parser is iterative, but a bounded nesting depth also keeps the
// destructor and our walk trivially safe: the format never nests deeper than
// {"t": {"shape": [..]}}.
constexpr int max_depth = 3;

bool depth_ok(const char* s, size_t n, size_t& where) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < n; ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) {
        where = i + 1; // 1-based, as nlohmann reports syntax errors
        return false;
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return true;
}

// Reads a JSON integer that must be >= 0; false for floats, negatives and
// other types.
bool read_count(const nlohmann::json& v, uint64_t& out) {
  if (v.is_number_unsigned()) {
    out = v.get<uint64_t>();
    return true;
  }
  if (v.is_number_integer() && v.get<int64_t>() >= 0) {
    out = static_cast<uint64_t>(v.get<int64_t>());
    return true;
  }
  return false;
}

struct parse_failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& what) {
  throw parse_failure{what};
}

tensor_info read_tensor(const std::string& name, const nlohmann::json& v,
                        size_t data_size) {
  const std::string where = "tensor '" + name + "'";
  if (!v.is_object())
    fail(where + ": expected an object with dtype, shape, data_offsets");
  for (auto& [key, _] : v.items())
    if (key != "dtype" && key != "shape" && key != "data_offsets")
      fail(where + ": unknown field '" + key + "'");
  tensor_info t;
  t.name = name;
  auto dt = v.find("dtype");
  if (dt == v.end() || !dt->is_string())
    fail(where + ": dtype missing or not a string");
  auto dts = dt->get<std::string>();
  auto known = std::find_if(std::begin(dtype_names), std::end(dtype_names),
                            [&](const dtype_name& d) { return dts == d.name; });
  if (known == std::end(dtype_names))
    fail(where + ": unknown dtype '" + dts + "'");
  t.type = known->type;
  auto sh = v.find("shape");
  if (sh == v.end() || !sh->is_array())
    fail(where + ": shape missing or not an array");
  uint64_t elements = 1;
  for (auto& d : *sh) {
    uint64_t n = 0;
    if (!read_count(d, n) || n > uint64_t{INT64_MAX})
      fail(where + ": shape entries must be integers >= 0");
    if (__builtin_mul_overflow(elements, n, &elements))
      fail(where + ": shape " + sh->dump() + " overflows");
    t.shape.push_back(static_cast<int64_t>(n));
  }
  uint64_t bytes = 0;
  if (__builtin_mul_overflow(elements, known->size, &bytes))
    fail(where + ": shape " + sh->dump() + " overflows");
  auto off = v.find("data_offsets");
  uint64_t begin = 0;
  uint64_t end = 0;
  if (off == v.end() || !off->is_array() || off->size() != 2
      || !read_count((*off)[0], begin) || !read_count((*off)[1], end))
    fail(where + ": data_offsets must be [begin, end] with integers >= 0");
  if (end < begin)
    fail(where + ": data_offsets [" + std::to_string(begin) + ","
         + std::to_string(end) + "] end before begin");
  if (end > data_size)
    fail(where + ": data_offsets end " + std::to_string(end)
         + " is past the data section (" + std::to_string(data_size)
         + " bytes; truncated file?)");
  if (end - begin != bytes)
    fail(where + ": " + std::to_string(end - begin) + " bytes for " + dts
         + " " + shape_string(t.shape) + ", which needs "
         + std::to_string(bytes));
  t.offset = static_cast<size_t>(begin);
  t.bytes = static_cast<size_t>(bytes);
  return t;
}

// The format forbids holes and overlaps: the data section is exactly the
// concatenation of the tensors (this also rules out polyglot files).
void check_coverage(std::vector<tensor_info> ts, size_t data_size) {
  std::sort(ts.begin(), ts.end(), [](const tensor_info& a, const tensor_info& b) {
    return a.offset != b.offset ? a.offset < b.offset : a.bytes < b.bytes;
  });
  size_t at = 0;
  const tensor_info* prev = nullptr;
  for (auto& t : ts) {
    if (t.offset > at)
      fail("bytes [" + std::to_string(at) + "," + std::to_string(t.offset)
           + ") of the data section belong to no tensor (before '" + t.name
           + "')");
    if (t.offset < at)
      fail("tensor '" + t.name + "' overlaps '" + prev->name + "'");
    at = t.offset + t.bytes;
    prev = &t;
  }
  if (at != data_size)
    fail(std::to_string(data_size - at)
         + " bytes after the last tensor belong to no tensor");
}

uint16_t load_u16(const uint8_t* p) {
  uint16_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

} // namespace

size_t dtype_size(dtype t) {
  for (auto& d : dtype_names)
    if (d.type == t)
      return d.size;
  return 0;
}

const char* to_string(dtype t) {
  for (auto& d : dtype_names)
    if (d.type == t)
      return d.name;
  return "?";
}

size_t tensor_info::elements() const {
  size_t n = 1;
  for (auto d : shape)
    n *= static_cast<size_t>(d);
  return n;
}

bool safetensors::parse(const uint8_t* data, size_t size, std::string origin,
                        safetensors& out, std::string& error) {
  out = safetensors{};
  auto reject = [&](const std::string& what) {
    error = origin + ": " + what;
    out = safetensors{};
    return false;
  };
  if (size < 8)
    return reject("file is " + std::to_string(size)
                  + " bytes; it must start with an 8-byte header length");
  uint64_t n = 0;
  for (int i = 7; i >= 0; --i)
    n = (n << 8) | data[i];
  if (n > max_header_bytes)
    return reject("header length " + std::to_string(n) + " exceeds the limit of "
                  + std::to_string(max_header_bytes) + " bytes");
  if (n > size - 8)
    return reject("header length " + std::to_string(n) + " exceeds the "
                  + std::to_string(size - 8)
                  + " bytes after it (truncated file?)");
  const char* header = reinterpret_cast<const char*>(data + 8);
  if (n == 0 || header[0] != '{')
    return reject("header must be a JSON object starting with '{'");
  size_t deep_at = 0;
  if (!depth_ok(header, n, deep_at))
    return reject("header byte " + std::to_string(deep_at)
                  + ": nested deeper than " + std::to_string(max_depth));
  const size_t data_size = size - 8 - n;
  try {
    std::set<std::string> keys;
    nlohmann::json::parser_callback_t on_event =
      [&](int depth, nlohmann::json::parse_event_t ev, nlohmann::json& v) {
        if (depth == 1 && ev == nlohmann::json::parse_event_t::key
            && !keys.insert(v.get<std::string>()).second)
          fail("duplicate key '" + v.get<std::string>() + "'");
        return true;
      };
    auto root = nlohmann::json::parse(header, header + n, on_event);
    if (!root.is_object())
      return reject("header must be a JSON object");
    for (auto& [name, v] : root.items()) {
      if (name == "__metadata__") {
        if (!v.is_object())
          fail("__metadata__ must be an object of strings");
        for (auto& [k, mv] : v.items()) {
          if (!mv.is_string())
            fail("__metadata__ '" + k + "' must be a string");
          out.meta_.emplace(k, mv.get<std::string>());
        }
        continue;
      }
      out.tensors_.push_back(read_tensor(name, v, data_size));
    }
    check_coverage(out.tensors_, data_size);
  } catch (const nlohmann::json::parse_error& e) {
    return reject("header byte " + std::to_string(e.byte) + ": "
                  + e.what());
  } catch (const parse_failure& e) {
    return reject(e.what());
  } catch (const nlohmann::json::exception& e) {
    return reject(std::string{"header: "} + e.what());
  }
  out.origin_ = std::move(origin);
  out.data_ = data + 8 + n;
  return true;
}

bool safetensors::open(const std::string& path, safetensors& out,
                       std::string& error) {
  out = safetensors{};
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = path + ": cannot open: " + std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    error = path + ": not a regular file";
    ::close(fd);
    return false;
  }
  const size_t size = static_cast<size_t>(st.st_size);
  void* map = nullptr;
  if (size > 0) {
    map = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED) {
      error = path + ": cannot map: " + std::strerror(errno);
      ::close(fd);
      return false;
    }
  }
  ::close(fd);
  std::shared_ptr<const void> mapping{map, [size](const void* p) {
                                        if (p != nullptr)
                                          munmap(const_cast<void*>(p), size);
                                      }};
  if (!parse(static_cast<const uint8_t*>(map), size, path, out, error))
    return false;
  out.mapping_ = std::move(mapping);
  return true;
}

const tensor_info* safetensors::find(std::string_view name) const {
  for (auto& t : tensors_)
    if (t.name == name)
      return &t;
  return nullptr;
}

const tensor_info* safetensors::require(std::string_view name, dtype type,
                                        const std::vector<int64_t>& shape,
                                        std::string& error) const {
  const tensor_info* t = find(name);
  const std::string where = origin_ + ": tensor '" + std::string{name} + "'";
  if (t == nullptr) {
    error = where + ": missing";
    return nullptr;
  }
  if (t->type != type) {
    error = where + ": dtype " + to_string(t->type) + ", expected "
            + to_string(type);
    return nullptr;
  }
  if (t->shape != shape) {
    error = where + ": shape " + shape_string(t->shape) + ", expected "
            + shape_string(shape);
    return nullptr;
  }
  return t;
}

bool safetensors::to_f32(const tensor_info& t, std::vector<float>& out) const {
  const size_t n = t.elements();
  const uint8_t* p = data(t);
  out.resize(n);
  switch (t.type) {
    case dtype::f32:
      if (n > 0)
        std::memcpy(out.data(), p, n * sizeof(float));
      return true;
    case dtype::f16:
      for (size_t i = 0; i < n; ++i)
        out[i] = f16_to_f32(load_u16(p + 2 * i));
      return true;
    case dtype::bf16:
      for (size_t i = 0; i < n; ++i)
        out[i] = bf16_to_f32(load_u16(p + 2 * i));
      return true;
    default:
      out.clear();
      return false;
  }
}

float f16_to_f32(uint16_t h) {
  const uint32_t sign = uint32_t{h & 0x8000u} << 16;
  uint32_t exp = (h >> 10) & 0x1f;
  uint32_t mant = h & 0x3ffu;
  uint32_t bits;
  if (exp == 0x1f) {
    bits = sign | 0x7f800000u | (mant << 13);
  } else if (exp != 0) {
    bits = sign | ((exp + 112) << 23) | (mant << 13);
  } else if (mant == 0) {
    bits = sign;
  } else {
    // Subnormal half: normalise into a float.
    exp = 113;
    while ((mant & 0x400u) == 0) {
      mant <<= 1;
      --exp;
    }
    bits = sign | (exp << 23) | ((mant & 0x3ffu) << 13);
  }
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

float bf16_to_f32(uint16_t h) {
  uint32_t bits = uint32_t{h} << 16;
  float f;
  std::memcpy(&f, &bits, sizeof f);
  return f;
}

uint16_t f32_to_f16(float f) {
  uint32_t x;
  std::memcpy(&x, &f, sizeof x);
  const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
  const uint32_t abs = x & 0x7fffffffu;
  if (abs >= 0x7f800000u) // inf or NaN (NaN stays quiet NaN)
    return sign | (abs > 0x7f800000u ? 0x7e00u : 0x7c00u);
  if (abs >= 0x477ff000u) // rounds to >= 65520: overflow to inf
    return sign | 0x7c00u;
  if (abs < 0x38800000u) { // below the smallest normal half: subnormal or 0
    if (abs < 0x33000000u)
      return sign;
    const uint32_t mant = (abs & 0x7fffffu) | 0x800000u;
    const int shift = 126 - static_cast<int>(abs >> 23);
    const uint32_t half = 1u << (shift - 1);
    uint32_t v = mant >> shift;
    const uint32_t rest = mant & ((1u << shift) - 1);
    if (rest > half || (rest == half && (v & 1u)))
      ++v;
    return sign | static_cast<uint16_t>(v);
  }
  uint32_t v = ((abs >> 13) - (112u << 10));
  const uint32_t rest = abs & 0x1fffu;
  if (rest > 0x1000u || (rest == 0x1000u && (v & 1u)))
    ++v;
  return sign | static_cast<uint16_t>(v);
}

uint16_t f32_to_bf16(float f) {
  uint32_t x;
  std::memcpy(&x, &f, sizeof x);
  if ((x & 0x7fffffffu) > 0x7f800000u)
    return static_cast<uint16_t>((x >> 16) | 0x40u);
  x += 0x7fffu + ((x >> 16) & 1u);
  return static_cast<uint16_t>(x >> 16);
}

} // namespace aip::kernels
