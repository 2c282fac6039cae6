// Writes the safetensors seed corpus: a valid two-tensor file, one with only
// metadata, and one-rule-broken variants (truncated, overlapping, holed).
#include <cstdio>
#include <string>
#include <vector>

#include "support/safetensors_writer.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  using aip_test::safetensors_writer;
  int n = 0;
  auto save = [&](const std::vector<uint8_t>& bytes) {
    safetensors_writer::write_file(dir + "/seed-" + std::to_string(n++), bytes);
  };
  safetensors_writer w;
  w.add_f32("layer.weight", {2, 3}, {1, 2, 3, 4, 5, 6});
  std::vector<uint8_t> h{0, 60, 0, 192};
  w.add("layer.bias", "F16", {2}, h.data(), h.size());
  w.add("b16", "BF16", {1}, h.data(), 2);
  w.metadata("aip.layers", "[{\"weight\":\"layer.weight\"}]");
  auto good = w.bytes();
  save(good);
  save(std::vector<uint8_t>(good.begin(), good.end() - 3));
  safetensors_writer meta;
  meta.metadata("format", "pt");
  save(meta.bytes());
  auto overlap = w;
  overlap.header()["layer.bias"]["data_offsets"] = {20, 24};
  save(overlap.bytes());
  auto hole = w;
  hole.data().push_back(0);
  save(hole.bytes());
  return 0;
}
