// Loading vocab.txt and the hash index; encode() is in wordpiece_encode.cpp.
#include "text/wordpiece_tokenizer.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <limits>
#include <unordered_map>

#include "text/bert_text.hpp"
#include "text/wordpiece_vocab.hpp"

namespace aip::kernels {

namespace {

constexpr std::string_view continuation_prefix = "##";

// Word-at-a-time multiply-xorshift: tokens are short, so the tail load and
// the final mix dominate; good enough spread for a power-of-two table.
uint64_t hash_bytes(const char* p, size_t n, bool continuation) {
  uint64_t h = (n * 0x9E3779B97F4A7C15ull) ^ (continuation ? 0x5851F42Du : 0);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  uint64_t w = 0;
  std::memcpy(&w, p, n);
  h = (h ^ w) * 0x94D049BB133111EBull;
  h ^= h >> 32;
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 29);
}

bool valid_utf8(std::string_view s) {
  auto p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const auto* before = p;
    if (bert_text::decode_utf8(p, end) == 0xFFFD
        && !(p - before == 3 && before[0] == 0xEF && before[1] == 0xBF
             && before[2] == 0xBD))
      return false;
  }
  return true;
}

// Rust's str::trim_end (what the reference applies to each vocab line):
// drops trailing White_Space code points.
std::string_view trim_end(std::string_view s) {
  while (!s.empty()) {
    size_t start = s.size() - 1;
    while (start > 0 && s.size() - start < 4
           && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80)
      --start;
    auto p = reinterpret_cast<const unsigned char*>(s.data()) + start;
    const auto* end = reinterpret_cast<const unsigned char*>(s.data())
                      + s.size();
    char32_t cp = bert_text::decode_utf8(p, end);
    if (p != end || !bert_text::is_whitespace(cp))
      break;
    s.remove_suffix(s.size() - start);
  }
  return s;
}

} // namespace

void wordpiece_tokenizer::vocab::build_index() {
  size_t entries = 0;
  for (size_t id = 0; id < size(); ++id)
    entries += 1 + (spelling(id).substr(0, 2) == continuation_prefix);
  size_t cap = 16;
  while (cap < 2 * entries)
    cap *= 2;
  slots.assign(cap, 0);
  mask = cap - 1;
  auto insert = [&](std::string_view key, size_t id, bool cont) {
    size_t i = hash_bytes(key.data(), key.size(), cont) & mask;
    while (slots[i] != 0)
      i = (i + 1) & mask;
    slots[i] = static_cast<uint32_t>(2 * id + cont + 1);
  };
  for (size_t id = 0; id < size(); ++id) {
    std::string_view s = spelling(id);
    insert(s, id, false);
    if (s.substr(0, 2) == continuation_prefix)
      insert(s.substr(2), id, true);
  }
}

int32_t wordpiece_tokenizer::vocab::find(std::string_view piece,
                                         bool continuation) const {
  size_t i = hash_bytes(piece.data(), piece.size(), continuation) & mask;
  for (;; i = (i + 1) & mask) {
    const uint32_t slot = slots[i];
    if (slot == 0)
      return -1;
    if (((slot - 1) & 1u) != static_cast<uint32_t>(continuation))
      continue;
    const size_t id = (slot - 1) >> 1;
    std::string_view s = spelling(id);
    if (continuation)
      s.remove_prefix(2);
    if (s == piece)
      return static_cast<int32_t>(id);
  }
}

bool wordpiece_tokenizer::load(const std::string& vocab_path,
                               const tokenizer_options& opts,
                               wordpiece_tokenizer& out, std::string& error) {
  if (opts.max_tokens < 2) {
    error = vocab_path + ": tokenizer_options.max_tokens is "
            + std::to_string(opts.max_tokens)
            + ", must be at least 2 ([CLS] and [SEP])";
    return false;
  }
  std::ifstream in(vocab_path, std::ios::binary);
  if (!in) {
    error = vocab_path + ": cannot open: " + std::strerror(errno);
    return false;
  }
  std::string text((std::istreambuf_iterator<char>(in)),
                   std::istreambuf_iterator<char>());
  if (in.bad()) {
    error = vocab_path + ": read error";
    return false;
  }
  if (text.size() >= std::numeric_limits<uint32_t>::max()) {
    error = vocab_path + ": larger than 4 GiB";
    return false;
  }
  auto v = std::make_shared<vocab>();
  v->arena.reserve(text.size());
  v->offsets.push_back(0);
  // First line of each spelling, to name both places of a duplicate.
  std::unordered_map<std::string_view, size_t> seen;
  size_t line = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t nl = text.find('\n', pos);
    if (nl == std::string::npos)
      nl = text.size();
    ++line;
    std::string_view tok = trim_end(std::string_view(text).substr(pos, nl - pos));
    pos = nl + 1;
    const std::string where = vocab_path + ":" + std::to_string(line) + ": ";
    if (tok.empty()) {
      error = where + "empty token (ids are line numbers: every line needs one)";
      return false;
    }
    if (!valid_utf8(tok)) {
      error = where + "token is not valid UTF-8";
      return false;
    }
    if (line > static_cast<size_t>(std::numeric_limits<int32_t>::max() / 2)) {
      error = where + "too many tokens";
      return false;
    }
    auto [it, fresh] = seen.emplace(tok, line);
    if (!fresh) {
      error = where + "duplicate token '" + std::string(tok)
              + "' (first on line " + std::to_string(it->second) + ")";
      return false;
    }
    v->arena.append(tok);
    v->offsets.push_back(static_cast<uint32_t>(v->arena.size()));
  }
  v->build_index();

  int32_t ids[4];
  const char* required[4] = {"[CLS]", "[SEP]", "[PAD]", "[UNK]"};
  for (int i = 0; i < 4; ++i) {
    ids[i] = v->find(required[i], false);
    if (ids[i] < 0) {
      error = vocab_path + ":" + std::to_string(line) + ": end of file without "
              + required[i] + " (a BERT vocab needs [CLS], [SEP], [PAD] and "
              "[UNK])";
      return false;
    }
  }
  for (const std::string& s : opts.special_tokens) {
    int32_t id = v->find(s, false);
    if (id < 0)
      continue;
    v->specials.emplace_back(s, id);
    v->special_first[static_cast<unsigned char>(s[0])] = true;
  }
  std::stable_sort(v->specials.begin(), v->specials.end(),
                   [](const auto& a, const auto& b) {
                     return a.first.size() > b.first.size();
                   });

  out.vocab_ = std::move(v);
  out.opts_ = opts;
  out.cls_ = ids[0];
  out.sep_ = ids[1];
  out.pad_ = ids[2];
  out.unk_ = ids[3];
  return true;
}

size_t wordpiece_tokenizer::vocab_size() const {
  return vocab_ ? vocab_->size() : 0;
}

int32_t wordpiece_tokenizer::token_id(std::string_view token) const {
  return vocab_ ? vocab_->find(token, false) : -1;
}

std::string_view wordpiece_tokenizer::token(int32_t id) const {
  if (!vocab_ || id < 0 || static_cast<size_t>(id) >= vocab_->size())
    return {};
  return vocab_->spelling(static_cast<size_t>(id));
}

} // namespace aip::kernels
