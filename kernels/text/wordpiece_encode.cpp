// encode(): one pass over the bytes that normalises, pre-tokenises and cuts
// words as it goes, in the reference's order (special tokens on the raw
// text, then per character clean_text, CJK padding, NFD minus marks,
// lowercase, then whitespace/punctuation splits on what that produced). It
// stops reading as soon as the piece budget is spent.
#include <algorithm>
#include <cstring>

#include "text/bert_text.hpp"
#include "text/wordpiece_tokenizer.hpp"
#include "text/wordpiece_vocab.hpp"

namespace aip::kernels {

namespace {

using bert_text::ascii_kind;
using bert_text::decomposed;

class encoder {
public:
  encoder(const wordpiece_tokenizer::vocab& v, const tokenizer_options& o,
          int32_t unk, std::vector<int32_t>& ids)
    : vocab_(v), opts_(o), unk_(unk), ids_(ids), first_(ids.size()),
      budget_(o.max_tokens - 2) {
    word_.reserve(64);
  }

  bool full() const { return ids_.size() - first_ >= budget_; }

  void special(int32_t id) {
    if (!full())
      ids_.push_back(id);
  }

  /// Text between special tokens: normalised as a string of its own.
  void segment(const unsigned char* p, const unsigned char* end) {
    while (p < end && !full()) {
      const unsigned char b = *p;
      if (b < 0x80) {
        // ASCII: its own NFD, a starter, never a mark.
        ++p;
        flush_pending();
        switch (bert_text::ascii_class(b)) {
          case ascii_kind::drop:
            break;
          case ascii_kind::space:
            end_word();
            break;
          case ascii_kind::punct:
            end_word();
            append(b);
            end_word();
            break;
          case ascii_kind::word:
            append(opts_.lowercase && b >= 'A' && b <= 'Z' ? b | 0x20 : b);
            break;
        }
        continue;
      }
      const char32_t cp = bert_text::decode_utf8(p, end);
      if (bert_text::is_removed(cp))
        continue;
      if (bert_text::is_whitespace(cp)) {
        flush_pending();
        end_word();
      } else if (opts_.split_chinese && bert_text::is_chinese_char(cp)) {
        flush_pending();
        end_word();
        normalise(cp);
        flush_pending();
        end_word();
      } else {
        normalise(cp);
      }
    }
    flush_pending();
    end_word();
  }

private:
  // strip_accents and lowercase for one kept character.
  void normalise(char32_t cp) {
    if (!opts_.strip_accents) {
      lower(cp);
      return;
    }
    decomposed parts[bert_text::max_decomposition];
    const size_t n = bert_text::decompose(cp, parts);
    for (size_t i = 0; i < n; ++i) {
      if (parts[i].ccc == 0) {
        flush_pending();
        if (!parts[i].mark)
          lower(parts[i].cp);
      } else if (!parts[i].mark) {
        pending_.push_back(parts[i]);
      }
    }
  }

  // NFD orders each run of combining characters by class; the marks among
  // them are gone already, which leaves the others' order unchanged.
  void flush_pending() {
    if (pending_.empty())
      return;
    std::stable_sort(pending_.begin(), pending_.end(),
                     [](const decomposed& a, const decomposed& b) {
                       return a.ccc < b.ccc;
                     });
    for (const decomposed& d : pending_)
      lower(d.cp);
    pending_.clear();
  }

  void lower(char32_t cp) {
    if (!opts_.lowercase) {
      pre_tokenize(cp);
      return;
    }
    char32_t out[2];
    const size_t n = bert_text::to_lower(cp, out);
    for (size_t i = 0; i < n; ++i)
      pre_tokenize(out[i]);
  }

  void pre_tokenize(char32_t cp) {
    if (bert_text::is_whitespace(cp)) {
      end_word();
    } else if (bert_text::is_punctuation(cp)) {
      end_word();
      append(cp);
      end_word();
    } else {
      append(cp);
    }
  }

  void append(char32_t cp) {
    char buf[4];
    word_.append(buf, bert_text::encode_utf8(cp, buf));
    ++word_chars_;
  }

  // WordPiece on the finished word, then truncation to the budget.
  void end_word() {
    if (word_.empty() || full()) {
      word_.clear();
      word_chars_ = 0;
      return;
    }
    const size_t before = ids_.size();
    const std::string_view w = word_;
    bool bad = word_chars_ > opts_.max_chars_per_word;
    for (size_t start = 0; !bad && start < w.size();) {
      size_t end = w.size();
      int32_t id = -1;
      while (end > start) {
        id = vocab_.find(w.substr(start, end - start), start > 0);
        if (id >= 0)
          break;
        do
          --end;
        while (end > start && (static_cast<unsigned char>(w[end]) & 0xC0) == 0x80);
      }
      if (id < 0) {
        bad = true;
        break;
      }
      ids_.push_back(id);
      start = end;
    }
    if (bad) {
      ids_.resize(before);
      ids_.push_back(unk_);
    }
    if (ids_.size() - first_ > budget_)
      ids_.resize(first_ + budget_);
    word_.clear();
    word_chars_ = 0;
  }

  const wordpiece_tokenizer::vocab& vocab_;
  const tokenizer_options& opts_;
  const int32_t unk_;
  std::vector<int32_t>& ids_;
  const size_t first_;  // index of the first word piece
  const size_t budget_; // word pieces allowed
  std::string word_;
  size_t word_chars_ = 0;
  std::vector<decomposed> pending_;
};

} // namespace

size_t wordpiece_tokenizer::encode(std::string_view utf8,
                                   std::vector<int32_t>& ids) const {
  if (!vocab_)
    return 0;
  const size_t start = ids.size();
  ids.push_back(cls_);
  encoder enc(*vocab_, opts_, unk_, ids);
  auto p = reinterpret_cast<const unsigned char*>(utf8.data());
  const auto* end = p + utf8.size();
  const auto& specials = vocab_->specials;
  const unsigned char* seg = p;
  // Special tokens split the raw text first; each match starts at a
  // character boundary because their first byte is never a continuation
  // byte, and the decoder reads an invalid byte as one character.
  for (const unsigned char* q = p; q < end && !enc.full();) {
    if (!vocab_->special_first[*q]) {
      ++q;
      continue;
    }
    const auto it = std::find_if(
      specials.begin(), specials.end(), [&](const auto& s) {
        return static_cast<size_t>(end - q) >= s.first.size()
               && std::memcmp(q, s.first.data(), s.first.size()) == 0;
      });
    if (it == specials.end()) {
      ++q;
      continue;
    }
    enc.segment(seg, q);
    enc.special(it->second);
    q += it->first.size();
    seg = q;
  }
  enc.segment(seg, end);
  ids.push_back(sep_);
  return ids.size() - start;
}

} // namespace aip::kernels
