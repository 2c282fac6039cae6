#pragma once
/// Builds safetensors files in memory for tests: tensors are laid out in the
/// order added, the header is written as given (so a test can also write a
/// broken one on purpose).

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aip_test {

class safetensors_writer {
public:
  /// Adds a tensor of raw bytes with the given dtype spelling and shape.
  safetensors_writer& add(const std::string& name, const std::string& dtype,
                          std::vector<int64_t> shape, const void* bytes,
                          size_t size) {
    header_[name] = {{"dtype", dtype},
                     {"shape", shape},
                     {"data_offsets", {data_.size(), data_.size() + size}}};
    auto* p = static_cast<const uint8_t*>(bytes);
    data_.insert(data_.end(), p, p + size);
    return *this;
  }

  safetensors_writer& add_f32(const std::string& name,
                              std::vector<int64_t> shape,
                              const std::vector<float>& values) {
    return add(name, "F32", std::move(shape), values.data(),
               values.size() * sizeof(float));
  }

  safetensors_writer& metadata(const std::string& key, const std::string& v) {
    header_["__metadata__"][key] = v;
    return *this;
  }

  nlohmann::json& header() { return header_; }
  std::vector<uint8_t>& data() { return data_; }

  /// The file: 8-byte little-endian header length, header, data.
  std::vector<uint8_t> bytes() const { return frame(header_.dump(), data_); }

  static std::vector<uint8_t> frame(const std::string& header,
                                    const std::vector<uint8_t>& data) {
    // One sized buffer and memcpy: GCC 12 warns falsely (-Warray-bounds)
    // on vector::insert after an 8-byte vector.
    std::vector<uint8_t> out(8 + header.size() + data.size());
    uint64_t n = header.size();
    for (int i = 0; i < 8; ++i)
      out[i] = static_cast<uint8_t>(n >> (8 * i));
    std::memcpy(out.data() + 8, header.data(), header.size());
    if (!data.empty())
      std::memcpy(out.data() + 8 + header.size(), data.data(), data.size());
    return out;
  }

  static void write_file(const std::string& path,
                         const std::vector<uint8_t>& bytes) {
    std::ofstream f{path, std::ios::binary | std::ios::trunc};
    f.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  }

private:
  nlohmann::json header_ = nlohmann::json::object();
  std::vector<uint8_t> data_;
};

} // namespace aip_test
