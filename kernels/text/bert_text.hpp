#pragma once
/// Internal to kernels/text (the WordPiece tokenizer): UTF-8 decoding and the
/// per-code-point rules of Hugging Face's BertNormalizer and BertPreTokenizer
/// (tokenizers 0.23.3), answered by libutf8proc plus the generated table of
/// the places where the reference's older Unicode data disagrees with it
/// (unicode_compat_table.inc). Pure functions: any thread may call them.

#include <cstddef>
#include <cstdint>

namespace aip::kernels::bert_text {

/// Decodes the code point at `p` (REQUIRES: p < end) and advances `p` past
/// it. A byte that does not start a valid UTF-8 sequence (stray continuation,
/// overlong form, surrogate, > U+10FFFF, truncated sequence) becomes U+FFFD
/// and `p` advances by that one byte only, so the next byte is read afresh.
inline char32_t decode_utf8(const unsigned char*& p, const unsigned char* end) {
  const unsigned char b0 = *p;
  if (b0 < 0x80) {
    ++p;
    return b0;
  }
  auto cont = [&](ptrdiff_t i) {
    return end - p > i && (p[i] & 0xC0) == 0x80;
  };
  if (b0 >= 0xC2 && b0 <= 0xDF && cont(1)) {
    char32_t cp = ((b0 & 0x1Fu) << 6) | (p[1] & 0x3Fu);
    p += 2;
    return cp;
  }
  if (b0 >= 0xE0 && b0 <= 0xEF && cont(1) && cont(2)) {
    char32_t cp = ((b0 & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6)
                  | (p[2] & 0x3Fu);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
      p += 3;
      return cp;
    }
  } else if (b0 >= 0xF0 && b0 <= 0xF4 && cont(1) && cont(2) && cont(3)) {
    char32_t cp = ((b0 & 0x07u) << 18) | ((p[1] & 0x3Fu) << 12)
                  | ((p[2] & 0x3Fu) << 6) | (p[3] & 0x3Fu);
    if (cp >= 0x10000 && cp <= 0x10FFFF) {
      p += 4;
      return cp;
    }
  }
  ++p;
  return 0xFFFD;
}

/// Writes cp (a valid scalar value) as UTF-8; returns the byte count (1-4).
inline size_t encode_utf8(char32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

/// What the pipeline does with an ASCII byte: clean_text drops it, it is
/// whitespace, it is punctuation (Rust's is_ascii_punctuation), or it is a
/// letter or digit kept as part of a word.
enum class ascii_kind : uint8_t { drop, space, punct, word };

constexpr ascii_kind ascii_class(unsigned char c) {
  if (c == '\t' || c == '\n' || c == '\r' || c == ' ')
    return ascii_kind::space;
  if (c < 0x20 || c == 0x7F)
    return ascii_kind::drop;
  if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
    return ascii_kind::word;
  return ascii_kind::punct;
}

/// clean_text removes it: U+0000, U+FFFD, and "other" characters (Cc, Cf,
/// Co) except \t \n \r. Unassigned code points are kept, as the reference
/// does.
bool is_removed(char32_t cp);

/// Rust's char::is_whitespace (the White_Space property): clean_text maps
/// these to ' ' and the pre-tokenizer splits on them.
bool is_whitespace(char32_t cp);

/// BertPreTokenizer: ASCII punctuation or a P* category; each such char is a
/// word of its own.
bool is_punctuation(char32_t cp);

/// handle_chinese_chars pads these with spaces: the ranges of the Rust
/// normalizer, which start the Extension E range at U+2B920 (BERT's
/// Python said U+2B820).
bool is_chinese_char(char32_t cp);

/// One code point of a canonical decomposition.
struct decomposed {
  char32_t cp;
  /// Canonical combining class (0 for starters).
  uint8_t ccc;
  /// A nonspacing mark: strip_accents drops it.
  bool mark;
};

/// Longest canonical decomposition utf8proc produces (Unicode 15: 4).
constexpr size_t max_decomposition = 8;

/// cp's canonical decomposition (NFD without the reordering across
/// characters, which the caller does) into `out`; returns its length.
size_t decompose(char32_t cp, decomposed* out);

/// Rust's char::to_lowercase: writes 1 code point, or 2 for U+0130
/// ("i" + U+0307); returns the count.
size_t to_lower(char32_t cp, char32_t* out);

/// The Unicode version of the linked libutf8proc, and the one the compat
/// table was generated against; they should be equal.
const char* utf8proc_version();
const char* compat_table_version();

} // namespace aip::kernels::bert_text
