#pragma once
/// BERT's WordPiece tokenizer, giving the same ids as Hugging Face
/// `tokenizers` 0.23.3 on a BERT tokenizer.json (all-MiniLM-L6-v2's) with
/// truncation to max_tokens and no padding. Immutable after load(): any
/// thread may call encode() on a shared instance; copies share the vocab.
///
///   wordpiece_tokenizer tok; std::string err;
///   if (!wordpiece_tokenizer::load(dir + "/vocab.txt", {}, tok, err)) die(err);
///   std::vector<int32_t> ids;
///   tok.encode("Hello, world!", ids);   // 101 7592 1010 2088 999 102
///
/// The pipeline, as the reference's: the special tokens (`special_tokens`)
/// are matched verbatim in the raw text and kept whole; the rest is
/// normalised (BertNormalizer: clean_text drops U+0000, U+FFFD and control,
/// format and private-use characters except \t\n\r and maps whitespace to
/// ' '; CJK ideographs are padded with spaces; strip_accents is NFD minus
/// nonspacing marks; lowercase is Rust's char::to_lowercase), split on
/// whitespace with every punctuation character a word of its own
/// (BertPreTokenizer), and each word is cut greedily longest-match-first into
/// vocab pieces, later pieces spelled "##piece"; a word with more than
/// max_chars_per_word characters or with no cut is one [UNK].
///
/// Input that is not UTF-8: every byte that does not start a valid sequence
/// is read as U+FFFD, which clean_text removes, so "a\xffb" encodes as "ab".

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace aip::kernels {

struct tokenizer_options {
  bool lowercase = true;
  /// tokenizer.json says null: follows lowercase.
  bool strip_accents = true;
  /// Pad CJK ideographs with spaces.
  bool split_chinese = true;
  /// Including [CLS] and [SEP]; at least 2.
  size_t max_tokens = 256;
  /// WordPiece's max_input_chars_per_word: longer words are [UNK].
  size_t max_chars_per_word = 100;
  /// tokenizer.json's added_tokens: matched exactly in the raw text (before
  /// normalisation, leftmost and then longest first) and emitted as their
  /// own id. Names absent from the vocab are ignored.
  std::vector<std::string> special_tokens = {"[PAD]", "[UNK]", "[CLS]",
                                             "[SEP]", "[MASK]"};
};

class wordpiece_tokenizer {
public:
  /// Reads vocab.txt (one token per line, id = line number, trailing
  /// whitespace trimmed as the reference does). False with `error` naming
  /// file:line on a malformed file (empty or non-UTF-8 token, duplicate
  /// token, missing [CLS]/[SEP]/[UNK]/[PAD], ...) or bad options; `out` is
  /// then unchanged.
  static bool load(const std::string& vocab_path, const tokenizer_options& opts,
                   wordpiece_tokenizer& out, std::string& error);

  /// Appends [CLS] <ids> [SEP] to `ids`, truncating the word pieces so the
  /// total is at most max_tokens; returns how many it appended. An unloaded
  /// tokenizer appends nothing and returns 0.
  size_t encode(std::string_view utf8, std::vector<int32_t>& ids) const;

  int32_t cls_id() const { return cls_; }
  int32_t sep_id() const { return sep_; }
  int32_t pad_id() const { return pad_; }
  int32_t unk_id() const { return unk_; }
  size_t vocab_size() const;

  /// The id of `token` as spelled in vocab.txt ("##ing" for a continuation),
  /// or -1.
  int32_t token_id(std::string_view token) const;
  /// The spelling of `id`; empty when out of range.
  std::string_view token(int32_t id) const;
  const tokenizer_options& options() const { return opts_; }

  struct vocab;  // defined in wordpiece_tokenizer.cpp

private:
  std::shared_ptr<const vocab> vocab_;
  tokenizer_options opts_;
  int32_t cls_ = -1;
  int32_t sep_ = -1;
  int32_t pad_ = -1;
  int32_t unk_ = -1;
};

} // namespace aip::kernels
