#pragma once
/// Internal to kernels/text: the loaded vocabulary behind a
/// wordpiece_tokenizer: token spellings, an open-addressing hash index
/// answering "id of this word start / of this ##continuation" without
/// building strings, and the special tokens. Immutable once built.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "text/wordpiece_tokenizer.hpp"

namespace aip::kernels {

struct wordpiece_tokenizer::vocab {
  /// All spellings back to back; token i is [offsets[i], offsets[i + 1]).
  std::string arena;
  std::vector<uint32_t> offsets;
  /// Slots hold 2 * id + continuation + 1 (0 = empty). A continuation entry
  /// is keyed by the spelling after "##", so encode looks up the bytes of
  /// the word as they are.
  std::vector<uint32_t> slots;
  size_t mask = 0;
  /// Present special tokens, longest first, and their possible first bytes.
  std::vector<std::pair<std::string, int32_t>> specials;
  std::array<bool, 256> special_first{};

  size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  std::string_view spelling(size_t id) const {
    return {arena.data() + offsets[id], offsets[id + 1] - offsets[id]};
  }
  /// Builds the index over every token (call once, after the arena).
  void build_index();
  /// The id of `piece` as a word start (continuation = false) or as the
  /// continuation "##piece"; -1 when absent.
  int32_t find(std::string_view piece, bool continuation) const;
};

} // namespace aip::kernels
