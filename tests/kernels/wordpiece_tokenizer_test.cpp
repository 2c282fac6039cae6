// WordPiece behaviour on hand-checked cases with a tiny vocab written here,
// and the vocab loader's errors. Parity with the reference on the real vocab
// is tokenizer_parity_test.cpp.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "text/wordpiece_tokenizer.hpp"

namespace {

using aip::kernels::tokenizer_options;
using aip::kernels::wordpiece_tokenizer;

// A temp file removed at scope exit.
struct temp_file {
  std::string path;
  explicit temp_file(const std::string& content) {
    char name[] = "/tmp/aip_vocab_XXXXXX";
    int fd = ::mkstemp(name);
    EXPECT_GE(fd, 0);
    ::close(fd);
    path = name;
    std::ofstream(path, std::ios::binary) << content;
  }
  ~temp_file() { std::remove(path.c_str()); }
};

const char* tiny_vocab_lines[] = {
  "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",                   // 0-4
  "un", "##aff", "##able", "##a", "##ff", "##ab",                  // 5-10
  "a", "b", "ab", "x", "hello", "world", ",", "!", ".",            // 11-19
  "中", "文", "##文", "cafe", "naive", "café", "Hello", "i",        // 20-27
  "##\u0307", "the",                                               // 28-29
};

std::string tiny_vocab() {
  std::string s;
  for (const char* t : tiny_vocab_lines)
    s += std::string(t) + "\n";
  return s;
}

class wordpiece_test : public ::testing::Test {
protected:
  void SetUp() override { tok_ = load({}); }

  wordpiece_tokenizer load(const tokenizer_options& o) {
    wordpiece_tokenizer t;
    std::string err;
    EXPECT_TRUE(wordpiece_tokenizer::load(vocab_.path, o, t, err)) << err;
    return t;
  }

  // The ids of `text` between [CLS] and [SEP], checking both are there.
  std::vector<int32_t> pieces(const wordpiece_tokenizer& t,
                              std::string_view text) {
    std::vector<int32_t> ids;
    const size_t n = t.encode(text, ids);
    EXPECT_EQ(n, ids.size());
    EXPECT_GE(ids.size(), 2u);
    if (ids.size() < 2)
      return {};
    EXPECT_EQ(ids.front(), t.cls_id());
    EXPECT_EQ(ids.back(), t.sep_id());
    return {ids.begin() + 1, ids.end() - 1};
  }

  std::vector<int32_t> pieces(std::string_view text) {
    return pieces(tok_, text);
  }

  int32_t id(std::string_view token) const { return tok_.token_id(token); }

  temp_file vocab_{tiny_vocab()};
  wordpiece_tokenizer tok_;
};

using ids = std::vector<int32_t>;

TEST_F(wordpiece_test, special_ids_and_size) {
  EXPECT_EQ(tok_.pad_id(), 0);
  EXPECT_EQ(tok_.unk_id(), 1);
  EXPECT_EQ(tok_.cls_id(), 2);
  EXPECT_EQ(tok_.sep_id(), 3);
  EXPECT_EQ(tok_.vocab_size(), std::size(tiny_vocab_lines));
  EXPECT_EQ(tok_.token(6), "##aff");
  EXPECT_EQ(tok_.token_id("##able"), 7);
  EXPECT_EQ(tok_.token_id("able"), -1);
  EXPECT_EQ(tok_.token(31), "");
}

TEST_F(wordpiece_test, empty_and_blank_text_give_cls_sep) {
  EXPECT_EQ(pieces(""), ids{});
  EXPECT_EQ(pieces(" \t\n\r  "), ids{});
  std::vector<int32_t> out = {7, 7};
  EXPECT_EQ(tok_.encode("", out), 2u);
  EXPECT_EQ(out, (ids{7, 7, 2, 3})); // appends, keeps what was there
}

TEST_F(wordpiece_test, greedy_longest_match_first_with_continuations) {
  // "un" then "##aff" (not the shorter "##a"), then "##able".
  EXPECT_EQ(pieces("unaffable"), (ids{5, 6, 7}));
  EXPECT_EQ(pieces("unable"), (ids{5, 7}));
  // "##ab" matches, then "##x" has no piece: the whole word is one [UNK].
  EXPECT_EQ(pieces("unabx"), (ids{1}));
  EXPECT_EQ(pieces("ab"), (ids{13}));
  EXPECT_EQ(pieces("aab"), (ids{11, 10}));
  EXPECT_EQ(pieces("aaa"), (ids{11, 8, 8}));
}

TEST_F(wordpiece_test, unknown_words_are_one_unk) {
  EXPECT_EQ(pieces("xq"), (ids{1})); // "x" matches, "##q" does not
  EXPECT_EQ(pieces("zzz hello"), (ids{1, 15}));
  EXPECT_EQ(pieces("bb"), (ids{1})); // no "##b"
}

TEST_F(wordpiece_test, words_longer_than_100_chars_are_unk) {
  tokenizer_options o;
  o.max_tokens = 200;
  wordpiece_tokenizer t = load(o);
  ids hundred(100, 8);
  hundred[0] = 11;
  EXPECT_EQ(pieces(t, std::string(100, 'a')), hundred);
  EXPECT_EQ(pieces(t, std::string(101, 'a')), (ids{1}));
  // The limit counts characters after normalisation, not bytes.
  std::string accented;
  for (int i = 0; i < 101; ++i)
    accented += "\xc3\xa1"; // á, stripped to a
  EXPECT_EQ(pieces(t, accented), (ids{1}));
  accented.resize(200);
  EXPECT_EQ(pieces(t, accented), hundred);
}

TEST_F(wordpiece_test, truncation_keeps_sep) {
  tokenizer_options o;
  o.max_tokens = 5;
  wordpiece_tokenizer t = load(o);
  std::vector<int32_t> out;
  EXPECT_EQ(t.encode("a b a b a b", out), 5u);
  EXPECT_EQ(out, (ids{2, 11, 12, 11, 3}));
  // Inside a word, too: [CLS] un ##aff [SEP].
  o.max_tokens = 4;
  EXPECT_EQ(pieces(load(o), "unaffable"), (ids{5, 6}));
  o.max_tokens = 2;
  EXPECT_EQ(pieces(load(o), "hello world"), ids{});
  // Special tokens count.
  o.max_tokens = 4;
  EXPECT_EQ(pieces(load(o), "[MASK] a b"), (ids{4, 11}));
}

TEST_F(wordpiece_test, punctuation_is_split_into_single_tokens) {
  EXPECT_EQ(pieces("hello,world!"), (ids{15, 17, 16, 18}));
  EXPECT_EQ(pieces("a..b"), (ids{11, 19, 19, 12}));
  // Unicode punctuation and ASCII symbols ($ is not P* but is split).
  EXPECT_EQ(pieces("a\xc2\xbf" "b$a"), (ids{11, 1, 12, 1, 11}));
}

TEST_F(wordpiece_test, cjk_ideographs_are_padded) {
  EXPECT_EQ(pieces("中文"), (ids{20, 21}));
  EXPECT_EQ(pieces("a中b"), (ids{11, 20, 12}));
  tokenizer_options o;
  o.split_chinese = false;
  EXPECT_EQ(pieces(load(o), "中文"), (ids{20, 22})); // 中 ##文
}

TEST_F(wordpiece_test, accents_stripped_and_lowercased) {
  EXPECT_EQ(pieces("Café NAÏVE"), (ids{23, 24}));
  EXPECT_EQ(pieces("Cafe\xcc\x81"), (ids{23})); // combining acute
  tokenizer_options o;
  o.strip_accents = false;
  wordpiece_tokenizer keep = load(o);
  EXPECT_EQ(pieces(keep, "Café"), (ids{25}));
  // Rust's full lowercase: İ is "i" + U+0307 when accents stay.
  EXPECT_EQ(pieces(keep, "\xc4\xb0"), (ids{27, 28}));
  EXPECT_EQ(pieces("\xc4\xb0"), (ids{27}));
  o.lowercase = false;
  EXPECT_EQ(pieces(load(o), "Hello hello HELLO"), (ids{26, 15, 1}));
}

TEST_F(wordpiece_test, control_and_format_chars_are_dropped) {
  EXPECT_EQ(pieces(std::string("a\0b", 3)), (ids{13}));
  EXPECT_EQ(pieces("a\x01\x1f\x7f" "b"), (ids{13}));
  EXPECT_EQ(pieces("a\xe2\x80\x8b" "b"), (ids{13}));   // U+200B
  EXPECT_EQ(pieces("a\xef\xbf\xbd" "b"), (ids{13}));   // U+FFFD
  EXPECT_EQ(pieces("a\xee\x80\x80" "b"), (ids{13}));   // private use
  // Whitespace of every kind separates.
  EXPECT_EQ(pieces("a\tb\nab\ra\xc2\xa0" "b\xe3\x80\x80" "a"),
            (ids{11, 12, 13, 11, 12, 11}));
}

TEST_F(wordpiece_test, invalid_utf8_bytes_are_dropped) {
  EXPECT_EQ(pieces("a\xff" "b"), (ids{13}));
  EXPECT_EQ(pieces("\xe4\xb8"), ids{});            // truncated sequence
  EXPECT_EQ(pieces("a\xc3"), (ids{11}));           // truncated at the end
  EXPECT_EQ(pieces("a\xc0\xaf" "b"), (ids{13}));   // overlong '/'
  EXPECT_EQ(pieces("a\xed\xa0\x80" "b"), (ids{13})); // surrogate
  EXPECT_EQ(pieces("\x80\xbf" "x"), (ids{14}));    // stray continuations
  // A bad lead byte does not swallow the next character.
  EXPECT_EQ(pieces("\xe4" "a b"), (ids{11, 12}));
}

TEST_F(wordpiece_test, special_tokens_match_raw_text_only) {
  EXPECT_EQ(pieces("a[MASK]b"), (ids{11, 4, 12}));
  EXPECT_EQ(pieces("[CLS] x [SEP]"), (ids{2, 14, 3}));
  // Lowercase spelling is ordinary text: [ mask ] → [UNK]s for '[' ']'.
  EXPECT_EQ(pieces("[mask]"), (ids{1, 1, 1}));
  tokenizer_options o;
  o.special_tokens = {"[CLS]"};
  EXPECT_EQ(pieces(load(o), "[MASK]"), (ids{1, 1, 1}));
}

TEST_F(wordpiece_test, unloaded_tokenizer_appends_nothing) {
  wordpiece_tokenizer empty;
  std::vector<int32_t> out;
  EXPECT_EQ(empty.encode("hello", out), 0u);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(empty.vocab_size(), 0u);
}

TEST_F(wordpiece_test, shared_instance_is_thread_safe) {
  const std::string text = "Hello, world! unaffable café 中文 a[MASK]b";
  const ids want = pieces(text);
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      std::vector<int32_t> out;
      int good = 0;
      for (int i = 0; i < 2000; ++i) {
        out.clear();
        tok_.encode(text, out);
        good += ids(out.begin() + 1, out.end() - 1) == want;
      }
      ok[t] = good;
    });
  for (auto& th : threads)
    th.join();
  for (int good : ok)
    EXPECT_EQ(good, 2000);
}

// --- vocab load errors ---------------------------------------------------

std::string load_error(const std::string& content,
                       const tokenizer_options& o = {}) {
  temp_file f(content);
  wordpiece_tokenizer t;
  std::string err;
  EXPECT_FALSE(wordpiece_tokenizer::load(f.path, o, t, err));
  EXPECT_EQ(t.vocab_size(), 0u);
  // Every message names the file; strip it for the comparisons below.
  EXPECT_EQ(err.rfind(f.path, 0), 0u) << err;
  return err.substr(std::min(err.size(), f.path.size()));
}

const std::string specials = "[PAD]\n[UNK]\n[CLS]\n[SEP]\n";

TEST(wordpiece_load, missing_file) {
  wordpiece_tokenizer t;
  std::string err;
  EXPECT_FALSE(wordpiece_tokenizer::load("/nonexistent/vocab.txt", {}, t, err));
  EXPECT_NE(err.find("/nonexistent/vocab.txt: cannot open"), std::string::npos)
    << err;
}

TEST(wordpiece_load, empty_line) {
  EXPECT_EQ(load_error(specials + "a\n\nb\n"),
            ":6: empty token (ids are line numbers: every line needs one)");
  EXPECT_EQ(load_error(specials + "a\n \r\n"),
            ":6: empty token (ids are line numbers: every line needs one)");
}

TEST(wordpiece_load, duplicate_token_names_both_lines) {
  EXPECT_EQ(load_error(specials + "a\nb\na\n"),
            ":7: duplicate token 'a' (first on line 5)");
  // Trailing whitespace is trimmed before the comparison.
  EXPECT_EQ(load_error(specials + "a\na \n"),
            ":6: duplicate token 'a' (first on line 5)");
}

TEST(wordpiece_load, missing_special_token) {
  for (const char* missing : {"[PAD]", "[UNK]", "[CLS]", "[SEP]"}) {
    std::string content;
    for (const char* t : {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "a"})
      if (std::string(t) != missing)
        content += std::string(t) + "\n";
    EXPECT_EQ(load_error(content),
              ":4: end of file without " + std::string(missing)
                + " (a BERT vocab needs [CLS], [SEP], [PAD] and [UNK])");
  }
  EXPECT_NE(load_error("").find("end of file without [CLS]"), std::string::npos);
}

TEST(wordpiece_load, invalid_utf8_token) {
  EXPECT_EQ(load_error(specials + "ok\nbad\xff\n"),
            ":6: token is not valid UTF-8");
}

TEST(wordpiece_load, max_tokens_below_two) {
  tokenizer_options o;
  o.max_tokens = 1;
  EXPECT_EQ(load_error(specials, o),
            ": tokenizer_options.max_tokens is 1, must be at least 2 ([CLS] "
            "and [SEP])");
}

TEST(wordpiece_load, crlf_and_missing_final_newline_are_fine) {
  temp_file f("[PAD]\r\n[UNK]\r\n[CLS]\r\n[SEP]\r\nhello\r\nworld");
  wordpiece_tokenizer t;
  std::string err;
  ASSERT_TRUE(wordpiece_tokenizer::load(f.path, {}, t, err)) << err;
  EXPECT_EQ(t.vocab_size(), 6u);
  std::vector<int32_t> out;
  t.encode("Hello WORLD", out);
  EXPECT_EQ(out, (ids{2, 4, 5, 3}));
}

TEST(wordpiece_load, failed_load_leaves_target_unchanged) {
  temp_file good(specials + "x\n");
  wordpiece_tokenizer t;
  std::string err;
  ASSERT_TRUE(wordpiece_tokenizer::load(good.path, {}, t, err)) << err;
  temp_file bad(specials + "x\nx\n");
  EXPECT_FALSE(wordpiece_tokenizer::load(bad.path, {}, t, err));
  std::vector<int32_t> out;
  t.encode("x", out);
  EXPECT_EQ(out, (ids{2, 4, 3}));
}

} // namespace
