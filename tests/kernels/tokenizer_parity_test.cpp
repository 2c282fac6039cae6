// Token-id parity of the C++ WordPiece tokenizer with Hugging Face
// `tokenizers` (tools/scripts/tokenizer-reference, run with the test venv)
// on all-MiniLM-L6-v2's vocab: tricky texts, random mixed-script strings and
// random bytes under every option combination, and every code point.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "text/bert_text.hpp"
#include "text/wordpiece_tokenizer.hpp"

namespace {

using aip::kernels::tokenizer_options;
using aip::kernels::wordpiece_tokenizer;

const std::string model_dir = AIP_MODEL_DIR;
const std::string vocab_path = model_dir + "/vocab.txt";
const std::string python = AIP_TEST_PYTHON;
const std::string script = std::string(AIP_SOURCE_DIR)
                           + "/tools/scripts/tokenizer-reference";

struct flags {
  bool lowercase = true;
  bool strip = true;
  bool cjk = true;
  size_t max_tokens = 256;
  bool operator<(const flags& o) const {
    return std::tie(lowercase, strip, cjk, max_tokens)
           < std::tie(o.lowercase, o.strip, o.cjk, o.max_tokens);
  }
};

struct test_case {
  flags f;
  std::string text;
};

bool have_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// Fails (not skips) the test when the fetched files are missing.
#define REQUIRE_REFERENCE()                                                    \
  do {                                                                         \
    for (const std::string& f :                                                \
         {vocab_path, model_dir + "/tokenizer.json", python}) {                \
      ASSERT_TRUE(have_file(f))                                                \
        << f << " is missing: run tools/scripts/fetch-model (it fetches "      \
        << "all-MiniLM-L6-v2 and the test venv with tokenizers==0.23.3)";     \
    }                                                                          \
  } while (false)

std::string hex(const std::string& s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// Printable form of a case for failure messages.
std::string escaped(const std::string& s) {
  std::string out;
  auto p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while (p < end) {
    const auto* at = p;
    char32_t cp = aip::kernels::bert_text::decode_utf8(p, end);
    char buf[16];
    if (cp == 0xFFFD && p - at == 1)
      std::snprintf(buf, sizeof buf, "\\x%02x", *at);
    else if (cp >= 0x20 && cp < 0x7F && cp != '\\')
      std::snprintf(buf, sizeof buf, "%c", static_cast<char>(cp));
    else
      std::snprintf(buf, sizeof buf, "\\u{%X}", static_cast<unsigned>(cp));
    out += buf;
  }
  return out;
}

std::string join(const std::vector<int32_t>& ids) {
  std::string out;
  for (int32_t id : ids)
    out += (out.empty() ? "" : " ") + std::to_string(id);
  return out;
}

// The reference's ids for every case, in order; empty on failure.
std::vector<std::string> reference_ids(const std::vector<test_case>& cases,
                                       std::string& error) {
  char in_path[] = "/tmp/aip_tokref_in_XXXXXX";
  int fd = ::mkstemp(in_path);
  if (fd < 0) {
    error = "mkstemp failed";
    return {};
  }
  ::close(fd);
  const std::string out_path = std::string(in_path) + ".out";
  {
    std::ofstream in(in_path);
    for (const test_case& c : cases)
      in << c.f.lowercase << ' ' << c.f.strip << ' ' << c.f.cjk << ' '
         << c.f.max_tokens << ' ' << hex(c.text) << '\n';
  }
  const std::string cmd = "'" + python + "' '" + script + "' --model '"
                          + model_dir + "' < '" + in_path + "' > '"
                          + out_path + "'";
  const int rc = std::system(cmd.c_str());
  std::vector<std::string> lines;
  std::ifstream out(out_path);
  for (std::string line; std::getline(out, line);)
    lines.push_back(line);
  std::remove(in_path);
  std::remove(out_path.c_str());
  if (rc != 0 || lines.size() != cases.size()) {
    error = "`" + cmd + "` exited with " + std::to_string(rc) + " and gave "
            + std::to_string(lines.size()) + " lines for "
            + std::to_string(cases.size()) + " cases";
    return {};
  }
  return lines;
}

// Encodes every case and compares with the reference; returns mismatches.
size_t compare(const std::vector<test_case>& cases, std::string& report) {
  std::string error;
  const std::vector<std::string> want = reference_ids(cases, error);
  if (want.empty() && !cases.empty()) {
    report = error;
    return cases.size();
  }
  std::map<flags, wordpiece_tokenizer> toks;
  size_t bad = 0;
  std::vector<int32_t> ids;
  for (size_t i = 0; i < cases.size(); ++i) {
    const flags& f = cases[i].f;
    auto it = toks.find(f);
    if (it == toks.end()) {
      tokenizer_options o;
      o.lowercase = f.lowercase;
      o.strip_accents = f.strip;
      o.split_chinese = f.cjk;
      o.max_tokens = f.max_tokens;
      wordpiece_tokenizer t;
      if (!wordpiece_tokenizer::load(vocab_path, o, t, error)) {
        report = error;
        return cases.size();
      }
      it = toks.emplace(f, std::move(t)).first;
    }
    ids.clear();
    const size_t n = it->second.encode(cases[i].text, ids);
    const std::string got = join(ids);
    if (got != want[i] || n != ids.size()) {
      if (++bad <= 20)
        report += "  [" + std::to_string(f.lowercase) + std::to_string(f.strip)
                  + std::to_string(f.cjk) + " max " + std::to_string(f.max_tokens)
                  + "] \"" + escaped(cases[i].text) + "\"\n    reference: "
                  + want[i] + "\n    ours:      " + got + "\n";
    }
  }
  return bad;
}

std::vector<flags> every_flag_combination(size_t max_tokens) {
  std::vector<flags> out;
  for (int m = 0; m < 8; ++m)
    out.push_back({(m & 1) != 0, (m & 2) != 0, (m & 4) != 0, max_tokens});
  return out;
}

std::string utf8(char32_t cp) {
  char buf[4];
  return {buf, aip::kernels::bert_text::encode_utf8(cp, buf)};
}

std::string long_text() {
  std::string s;
  for (int i = 0; i < 60; ++i)
    s += "Sentence " + std::to_string(i)
         + " of a long text: tokenizers, truncation & supervision trees! ";
  return s;
}

const std::vector<std::string>& tricky_texts() {
  static const std::vector<std::string> texts = {
    "", " ", "\t\n\r ", "Hello, world!", "The quick brown fox jumps over the lazy dog.",
    // accents
    "café naïve Ångström", "CAFÉ NAÏVE ÅNGSTRÖM", "cafe\u0301 e\u0301", "Ñandú crème brûlée",
    "façade Æsir Œuvre ø ł đ", "Dvořák Škoda Łódź", "résumé résume resume",
    // punctuation runs
    "!!!???...", "a--b", "(x)[y]{z}", "¿¡«»“”‘’—–…", "#hashtag @user $5 ~tilde^ `tick` |pipe|",
    "e.g. i.e. U.S.A.", "don't won't it's", "a_b_c", "1+1=2<3>0", "\\back\\slash/",
    // long words
    std::string(100, 'a'), std::string(101, 'a'), std::string(300, 'z'),
    "pneumonoultramicroscopicsilicovolcanoconiosis",
    [] { std::string s; for (int i = 0; i < 101; ++i) s += "é"; return s; }(),
    [] { std::string s; for (int i = 0; i < 100; ++i) s += "e\u0301"; return s; }(),
    // numbers
    "3.14159 2.71828", "1,000,000", "2023-10-01T12:34:56Z", "½ ² ³ ① ⅷ ٣ ४", "0x7fffffff",
    // CJK and neighbours
    "中文字符", "日本語のテキスト", "한국어 텍스트", "我爱NLP和AI", "漢字かなカナ", "ｆｕｌｌｗｉｄｔｈ　ＡＢＣ",
    "\uF900\uFA6A", "\U00020000\U0002A6DF\U0002B81F\U0002B820\U0002B920", "\u3400\u4DBF\u9FFF",
    "「引用」『二重』【括弧】", "中,文。字！", "x\u4E00y",
    // emoji
    "🙂👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "❤️ ♥", "hi 🥺 x", "🫠", "flag 🇩🇪 keycap 1️⃣",
    // mixed scripts
    "Привет мир", "مرحبا بالعالم", "שָׁלוֹם עולם", "नमस्ते दुनिया", "สวัสดีชาวโลก", "Ελληνικά Σίσυφος",
    "Tiếng Việt có dấu", "Ğüşiöç İstanbul ıi", "ქართული", "Հայերեն", "አማርኛ", "ᠮᠣᠩᠭᠣᠯ",
    // whitespace and control characters
    "a\x00" "b", "a\x01" "b\x1f" "c\x7f" "d", "a\x0b" "b\x0c" "c", "a\u0085b", "a\u00a0b", "a\u2000b\u200ac",
    "a\u200bb\u200cc\u200dd", "a\u2028b\u2029c", "a\u3000b", "\ufeffbom", "a\ufffdb", "a\u00adb", "a\ue000b",
    "a\U000E0041b", "a\U000F0000b", "line1\nline2\r\nline3",
    // special tokens
    "[CLS] x [SEP]", "[MASK]", "a[MASK]b", "[[CLS]]", "[cls] [Cls]", "[UNK]x[PAD]", "[CLS[SEP]",
    "[MASK][MASK][MASK]", "##ing ## #",
    // case mapping and decomposition corners
    "İstanbul İ", "ǅ ǈ ǋ", "ß ẞ", "ﬁ ﬂ ﬀ", "ΣΑΣ σς", "K Å Ω", "℃ ℉ № ™", "ᾼ ᾳ ῼ",
    "a\u0301\u0316", "a\u0316\u0301", "\U0001D15E\U0001D165\U0001D16D x\U0001D16D\U0001D165",
    "o\u0308\u0304\u0323", "\u1FEF\u1FEE\u037E\u0387", "\u0130\u0307", "Ⅻ ⓐ Ⓐ", "\u1E9B\u0323",
    "\u1734\u1714", "\U00011938", "\U000111C9\u166D", "\u2E5D\u2E43", "\u0890\u08E2", "\uA7CB\uA7DC",
    "\U00010D50", "\u0F73\u0F75\u0F81",
  };
  return texts;
}

TEST(tokenizer_parity, tricky_texts_under_every_option) {
  REQUIRE_REFERENCE();
  std::vector<test_case> cases;
  std::vector<std::string> texts = tricky_texts();
  texts.push_back(long_text());
  for (size_t max : {size_t{256}, size_t{2}, size_t{9}})
    for (const flags& f : every_flag_combination(max))
      for (const std::string& t : texts)
        cases.push_back({f, t});
  std::string report;
  EXPECT_EQ(compare(cases, report), 0u) << report;
}

TEST(tokenizer_parity, long_text_truncates_to_256) {
  REQUIRE_REFERENCE();
  wordpiece_tokenizer t;
  std::string error;
  ASSERT_TRUE(wordpiece_tokenizer::load(vocab_path, {}, t, error)) << error;
  std::vector<int32_t> ids;
  EXPECT_EQ(t.encode(long_text(), ids), 256u);
  EXPECT_EQ(ids.back(), t.sep_id());
  std::string report;
  EXPECT_EQ(compare({{flags{}, long_text()}}, report), 0u) << report;
}

// A string of `n` units drawn from a mixed-script alphabet.
std::string random_text(std::mt19937_64& rng, size_t n) {
  struct range {
    char32_t first, last;
    int weight;
  };
  static const range alphabet[] = {
    {0x61, 0x7A, 30}, {0x41, 0x5A, 8}, {0x30, 0x39, 5}, {0x20, 0x20, 20},
    {0x21, 0x2F, 6}, {0x3A, 0x40, 3}, {0x5B, 0x60, 3}, {0x7B, 0x7E, 2},
    {0x00, 0x1F, 2}, {0x7F, 0xA0, 1}, {0xA1, 0xFF, 6}, {0x100, 0x24F, 4},
    {0x300, 0x36F, 4}, {0x370, 0x3FF, 3}, {0x400, 0x4FF, 3}, {0x590, 0x5FF, 2},
    {0x600, 0x6FF, 2}, {0x900, 0x97F, 2}, {0xE00, 0xE7F, 2}, {0x1100, 0x11FF, 1},
    {0x1E00, 0x1FFF, 3}, {0x2000, 0x206F, 3}, {0x2100, 0x22FF, 2},
    {0x3000, 0x30FF, 3}, {0x3400, 0x4DBF, 1}, {0x4E00, 0x9FFF, 4},
    {0xAC00, 0xD7A3, 3}, {0xE000, 0xE0FF, 1}, {0xF900, 0xFAFF, 1},
    {0xFE00, 0xFE0F, 1}, {0xFF00, 0xFFEF, 2}, {0xFFF0, 0xFFFF, 1},
    {0x1D15E, 0x1D172, 1}, {0x1F300, 0x1FAFF, 4}, {0x1F3FB, 0x1F3FF, 1},
    {0x200D, 0x200D, 2}, {0x20000, 0x2A6DF, 1}, {0x2B700, 0x2BA00, 1},
    {0xE0000, 0xE007F, 1}, {0x11000, 0x11FFF, 1},
  };
  static const char* words[] = {"[CLS]", "[SEP]", "[MASK]", "[UNK]", "[PAD]",
                                "[cls]", "##", "the", "tokenization",
                                "unaffable", "İ", "e\u0301"};
  int total = 0;
  for (const range& r : alphabet)
    total += r.weight;
  std::string s;
  for (size_t i = 0; i < n; ++i) {
    if (rng() % 25 == 0) {
      s += words[rng() % (sizeof words / sizeof *words)];
      continue;
    }
    int pick = static_cast<int>(rng() % total);
    const range* r = alphabet;
    while (pick >= r->weight)
      pick -= (r++)->weight;
    char32_t cp = r->first + static_cast<char32_t>(rng() % (r->last - r->first + 1));
    if (cp >= 0xD800 && cp <= 0xDFFF)
      cp = 'x';
    s += utf8(cp);
  }
  return s;
}

flags random_flags(std::mt19937_64& rng) {
  flags f{rng() % 2 == 0, rng() % 2 == 0, rng() % 2 == 0, 256};
  if (rng() % 3 == 0)
    f.max_tokens = 2 + rng() % 40;
  return f;
}

uint64_t fresh_seed(const char* what) {
  const uint64_t seed = std::random_device{}();
  std::printf("%s: seed %llu\n", what, static_cast<unsigned long long>(seed));
  return seed;
}

TEST(tokenizer_parity, random_mixed_script_strings) {
  REQUIRE_REFERENCE();
  const uint64_t seed = fresh_seed("random_mixed_script_strings");
  std::mt19937_64 rng(seed);
  std::vector<test_case> cases;
  for (int i = 0; i < 600; ++i) {
    flags f = i < 300 ? flags{} : random_flags(rng);
    cases.push_back({f, random_text(rng, rng() % 90)});
  }
  std::string report;
  EXPECT_EQ(compare(cases, report), 0u) << "seed " << seed << "\n" << report;
}

TEST(tokenizer_parity, random_bytes_including_invalid_utf8) {
  REQUIRE_REFERENCE();
  const uint64_t seed = fresh_seed("random_bytes_including_invalid_utf8");
  std::mt19937_64 rng(seed);
  std::vector<test_case> cases;
  for (int i = 0; i < 200; ++i) {
    std::string s = random_text(rng, rng() % 30);
    // Corrupt: stray continuation bytes, truncated sequences, overlong
    // forms, surrogates and bytes that never occur in UTF-8.
    static const char* bad[] = {"\x80", "\xbf", "\xc0\xaf", "\xe0\x80\xaf",
                                "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xff",
                                "\xfe", "\xe4\xb8", "\xf0\x9f\x99", "\xc3"};
    for (int k = static_cast<int>(rng() % 4); k >= 0; --k)
      s.insert(s.empty() ? 0 : rng() % s.size(), bad[rng() % 11]);
    cases.push_back({i % 2 ? flags{} : random_flags(rng), s});
  }
  std::string report;
  EXPECT_EQ(compare(cases, report), 0u) << "seed " << seed << "\n" << report;
}

// Every code point of planes 0, 1 and 14 (and a sample of the others) as a
// word of its own and between letters, with and without accent stripping:
// checks clean_text, whitespace, punctuation, CJK, marks, decomposition and
// lowercasing of each against the reference's own (older) Unicode data.
TEST(tokenizer_parity, every_code_point) {
  REQUIRE_REFERENCE();
  std::vector<test_case> cases;
  for (char32_t cp = 0; cp < 0x110000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF)
      continue;
    const char32_t plane = cp >> 16;
    const bool full = plane == 0 || plane == 1 || plane == 14;
    if (!full && cp % (plane <= 3 ? 7 : 251) != 0)
      continue;
    const std::string c = utf8(cp);
    cases.push_back({flags{}, c + " a" + c + "a"});
    cases.push_back({flags{true, false, true, 256}, c + " a" + c + "a"});
  }
  std::string report;
  const size_t bad = compare(cases, report);
  EXPECT_EQ(bad, 0u)
    << report << "libutf8proc is Unicode " << aip::kernels::bert_text::utf8proc_version()
    << ", kernels/text/unicode_compat_table.inc was made for "
    << aip::kernels::bert_text::compat_table_version()
    << ": regenerate it with `" << python << " " << script
    << " --unicode-compat > kernels/text/unicode_compat_table.inc`";
}

} // namespace
