// libFuzzer entry for the safetensors reader: any byte string is accepted or
// rejected without crashing; an accepted one only describes tensors inside
// the given bytes, and converting them reads nothing outside.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "safetensors/safetensors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using aip::kernels::safetensors;
  safetensors st;
  std::string err;
  if (!safetensors::parse(data, size, "fuzz", st, err)) {
    if (err.empty())
      std::abort();
    return 0;
  }
  std::vector<float> f;
  for (auto& t : st.tensors()) {
    if (st.data(t) + t.bytes > data + size)
      std::abort();
    if (t.bytes <= (1u << 20))
      st.to_f32(t, f);
  }
  return 0;
}
