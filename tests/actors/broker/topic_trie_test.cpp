// Topic validation and the broker's subscription trie: each wildcard rule on
// its own, pruning of freed nodes, exact error messages, and a randomized
// comparison against a naive matcher that reads the NATS rules literally.

#include "aip/actors/broker/topic.hpp"
#include "aip/actors/broker/topic_trie.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

using namespace aip;

namespace {

std::vector<subscriber_id> match(const topic_trie& trie,
                                 std::string_view topic) {
  std::vector<subscriber_id> out;
  trie.match(topic, out);
  return out;
}

using ids = std::vector<subscriber_id>;

// -- naive reference matcher --------------------------------------------------

std::vector<std::string> split(const std::string& name) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : name) {
    if (c == '.') {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  out.push_back(cur);
  return out;
}

// Token by token: `*` takes one, `>` takes all that are left (at least one).
bool naive_matches(const std::vector<std::string>& p,
                   const std::vector<std::string>& t) {
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == ">")
      return t.size() > i;
    if (i >= t.size())
      return false;
    if (p[i] != "*" && p[i] != t[i])
      return false;
  }
  return p.size() == t.size();
}

} // namespace

// -- validation ---------------------------------------------------------------

TEST(topic_validation, accepts_good_names) {
  EXPECT_EQ(validate_topic("orders"), std::nullopt);
  EXPECT_EQ(validate_topic("orders.eu.created"), std::nullopt);
  EXPECT_EQ(validate_topic("a-b_c.D9.~x"), std::nullopt);
  EXPECT_EQ(validate_topic(std::string(255, 'a')), std::nullopt);
  EXPECT_EQ(validate_pattern("orders.*.created"), std::nullopt);
  EXPECT_EQ(validate_pattern("orders.>"), std::nullopt);
  EXPECT_EQ(validate_pattern("orders.*.>"), std::nullopt);
  EXPECT_EQ(validate_pattern("*"), std::nullopt);
  EXPECT_EQ(validate_pattern(">"), std::nullopt);
  EXPECT_EQ(validate_pattern("orders.eu"), std::nullopt);
}

TEST(topic_validation, most_tokens_fit) {
  std::string name = "a";
  while (name.size() + 2 <= max_topic_bytes)
    name += ".a";
  topic_tokens tokens;
  EXPECT_EQ(split_topic(name, topic_kind::concrete, tokens), std::nullopt);
  EXPECT_EQ(tokens.size(), max_topic_tokens);
}

TEST(topic_validation, exact_error_messages) {
  EXPECT_EQ(validate_topic(""), "topic is empty");
  EXPECT_EQ(validate_pattern(""), "pattern is empty");
  EXPECT_EQ(validate_topic("orders..x"), "topic 'orders..x': token 2 is empty");
  EXPECT_EQ(validate_topic(".orders"), "topic '.orders': token 1 is empty");
  EXPECT_EQ(validate_pattern("orders."),
            "pattern 'orders.': token 2 is empty");
  EXPECT_EQ(validate_topic("orders.e u"),
            "topic 'orders.e u': token 2 'e u' contains whitespace");
  EXPECT_EQ(validate_topic("a\tb"),
            "topic 'a\tb': token 1 'a\tb' contains whitespace");
  EXPECT_EQ(validate_topic(std::string("a.b\x01")),
            "topic 'a.b\x01': token 2 'b\x01' contains a control character");
  EXPECT_EQ(validate_topic("orders.*"),
            "topic 'orders.*': token 2 '*' contains a wildcard; only "
            "subscription patterns may use '*' and '>'");
  EXPECT_EQ(validate_topic("orders.>"),
            "topic 'orders.>': token 2 '>' contains a wildcard; only "
            "subscription patterns may use '*' and '>'");
  EXPECT_EQ(validate_topic("a.b.x*y"),
            "topic 'a.b.x*y': token 3 'x*y' contains a wildcard; only "
            "subscription patterns may use '*' and '>'");
  EXPECT_EQ(validate_pattern("orders.eu*"),
            "pattern 'orders.eu*': token 2 'eu*' mixes a wildcard with other "
            "characters; '*' and '>' must be whole tokens");
  EXPECT_EQ(validate_pattern("orders.>.x"),
            "pattern 'orders.>.x': token 2 '>' is not the last token; '>' "
            "may only end a pattern");
  EXPECT_EQ(validate_pattern("orders.>.>"),
            "pattern 'orders.>.>': token 2 '>' is not the last token; '>' "
            "may only end a pattern");
  std::string long_name(256, 'a');
  EXPECT_EQ(validate_topic(long_name),
            "topic '" + std::string(32, 'a')
              + "...': 256 bytes, over the limit of 255");
  EXPECT_EQ(validate_pattern(long_name),
            "pattern '" + std::string(32, 'a')
              + "...': 256 bytes, over the limit of 255");
}

TEST(topic_validation, first_error_wins) {
  EXPECT_EQ(validate_pattern("a..b c.>.x"),
            "pattern 'a..b c.>.x': token 2 is empty");
}

// -- matching -----------------------------------------------------------------

TEST(topic_trie, exact) {
  topic_trie trie;
  EXPECT_TRUE(trie.subscribe("orders.eu.created", 1));
  EXPECT_EQ(match(trie, "orders.eu.created"), (ids{1}));
  EXPECT_EQ(match(trie, "orders.us.created"), ids{});
  EXPECT_EQ(match(trie, "orders.eu"), ids{});
  EXPECT_EQ(match(trie, "orders.eu.created.x"), ids{});
  EXPECT_EQ(match(trie, "orders"), ids{});
}

TEST(topic_trie, star_matches_exactly_one_token) {
  topic_trie trie;
  trie.subscribe("orders.*.created", 1);
  trie.subscribe("*", 2);
  EXPECT_EQ(match(trie, "orders.eu.created"), (ids{1}));
  EXPECT_EQ(match(trie, "orders.us.created"), (ids{1}));
  EXPECT_EQ(match(trie, "orders.created"), ids{});
  EXPECT_EQ(match(trie, "orders.eu.x.created"), ids{});
  EXPECT_EQ(match(trie, "orders"), (ids{2}));
  EXPECT_EQ(match(trie, "x.y"), ids{});
}

TEST(topic_trie, gt_matches_one_or_more_trailing_tokens) {
  topic_trie trie;
  trie.subscribe("orders.>", 1);
  trie.subscribe(">", 2);
  EXPECT_EQ(match(trie, "orders.eu"), (ids{1, 2}));
  EXPECT_EQ(match(trie, "orders.eu.created.today"), (ids{1, 2}));
  // `>` never matches zero tokens.
  EXPECT_EQ(match(trie, "orders"), (ids{2}));
  EXPECT_EQ(match(trie, "payments.eu"), (ids{2}));
}

TEST(topic_trie, mixed_wildcards) {
  topic_trie trie;
  trie.subscribe("orders.*.>", 1);
  trie.subscribe("*.eu.*", 2);
  trie.subscribe("orders.eu.created", 3);
  EXPECT_EQ(match(trie, "orders.eu.created"), (ids{1, 2, 3}));
  EXPECT_EQ(match(trie, "orders.us.created"), (ids{1}));
  EXPECT_EQ(match(trie, "orders.eu"), ids{});
  EXPECT_EQ(match(trie, "orders.eu.a.b"), (ids{1}));
  EXPECT_EQ(match(trie, "payments.eu.x"), (ids{2}));
}

TEST(topic_trie, ids_reported_once_and_sorted) {
  topic_trie trie;
  trie.subscribe("orders.eu.created", 9);
  trie.subscribe("orders.*.created", 9);
  trie.subscribe("orders.>", 9);
  trie.subscribe(">", 4);
  trie.subscribe("orders.eu.*", 4);
  trie.subscribe("orders.eu.created", 1);
  EXPECT_EQ(match(trie, "orders.eu.created"), (ids{1, 4, 9}));
}

TEST(topic_trie, match_appends_after_existing_ids) {
  topic_trie trie;
  trie.subscribe("a", 5);
  trie.subscribe(">", 5);
  std::vector<subscriber_id> out{5, 100};
  trie.match("a", out);
  EXPECT_EQ(out, (ids{5, 100, 5}));
}

TEST(topic_trie, duplicate_subscription_rejected) {
  topic_trie trie;
  EXPECT_TRUE(trie.subscribe("a.*", 1));
  EXPECT_FALSE(trie.subscribe("a.*", 1));
  EXPECT_TRUE(trie.subscribe("a.*", 2));
  EXPECT_TRUE(trie.subscribe("a.>", 1));
  EXPECT_EQ(trie.size(), 3u);
  EXPECT_EQ(trie.subscriptions_of(1), 2u);
  EXPECT_EQ(match(trie, "a.b"), (ids{1, 2}));
}

TEST(topic_trie, invalid_names_throw) {
  topic_trie trie;
  EXPECT_THROW(trie.subscribe("a..b", 1), std::invalid_argument);
  EXPECT_THROW(trie.subscribe("a.>.b", 1), std::invalid_argument);
  EXPECT_EQ(trie.size(), 0u);
  EXPECT_EQ(trie.node_count(), 0u);
  std::vector<subscriber_id> out;
  EXPECT_THROW(trie.match("a.*", out), std::invalid_argument);
  EXPECT_FALSE(trie.unsubscribe("a..b", 1));
}

// -- removal and memory -------------------------------------------------------

TEST(topic_trie, unsubscribe_prunes_nodes) {
  topic_trie trie;
  EXPECT_EQ(trie.node_count(), 0u);
  trie.subscribe("a.b.c", 1); // a, b, c
  EXPECT_EQ(trie.node_count(), 3u);
  trie.subscribe("a.b.d", 1); // + d
  trie.subscribe("a.*.c", 2); // + *, c
  trie.subscribe("a.>", 3);   // `>` lives in node a
  EXPECT_EQ(trie.node_count(), 6u);
  EXPECT_FALSE(trie.unsubscribe("a.b.c", 2));
  EXPECT_FALSE(trie.unsubscribe("a.b", 1));
  EXPECT_TRUE(trie.unsubscribe("a.b.c", 1));
  EXPECT_EQ(trie.node_count(), 5u); // c under b gone, b stays for d
  EXPECT_FALSE(trie.unsubscribe("a.b.c", 1));
  EXPECT_TRUE(trie.unsubscribe("a.b.d", 1));
  EXPECT_EQ(trie.node_count(), 3u); // a, *, c
  EXPECT_TRUE(trie.unsubscribe("a.*.c", 2));
  EXPECT_EQ(trie.node_count(), 1u); // a holds the `>` subscriber
  EXPECT_EQ(match(trie, "a.x.y"), (ids{3}));
  EXPECT_TRUE(trie.unsubscribe("a.>", 3));
  EXPECT_EQ(trie.node_count(), 0u);
  EXPECT_EQ(trie.size(), 0u);
  EXPECT_TRUE(trie.empty());
  EXPECT_EQ(match(trie, "a.x.y"), ids{});
}

TEST(topic_trie, inner_node_with_subscribers_survives_pruning) {
  topic_trie trie;
  trie.subscribe("a", 1);
  trie.subscribe("a.b", 2);
  EXPECT_TRUE(trie.unsubscribe("a.b", 2));
  EXPECT_EQ(trie.node_count(), 1u);
  EXPECT_EQ(match(trie, "a"), (ids{1}));
}

TEST(topic_trie, unsubscribe_all_removes_one_subscriber_everywhere) {
  topic_trie trie;
  trie.subscribe("orders.eu.created", 7);
  trie.subscribe("orders.*.created", 7);
  trie.subscribe("orders.>", 7);
  trie.subscribe("x.y.z", 7);
  trie.subscribe("orders.*.created", 8);
  EXPECT_EQ(trie.node_count(), 8u);
  EXPECT_EQ(trie.unsubscribe_all(7), 4u);
  EXPECT_EQ(trie.unsubscribe_all(7), 0u);
  EXPECT_EQ(trie.size(), 1u);
  EXPECT_EQ(trie.subscriptions_of(7), 0u);
  EXPECT_EQ(trie.node_count(), 3u); // orders, *, created
  EXPECT_EQ(match(trie, "orders.eu.created"), (ids{8}));
  EXPECT_EQ(trie.unsubscribe_all(8), 1u);
  EXPECT_EQ(trie.node_count(), 0u);
  // Usable again after everything was freed.
  EXPECT_TRUE(trie.subscribe("orders.*.created", 7));
  EXPECT_EQ(match(trie, "orders.eu.created"), (ids{7}));
}

TEST(topic_trie, moved_from_trie_is_empty_and_usable) {
  topic_trie a;
  a.subscribe("x.>", 1);
  topic_trie b{std::move(a)};
  EXPECT_EQ(match(b, "x.y"), (ids{1}));
  EXPECT_EQ(a.size(), 0u); // NOLINT(bugprone-use-after-move): on purpose
  EXPECT_EQ(a.node_count(), 0u);
  EXPECT_EQ(match(a, "x.y"), ids{});
  EXPECT_FALSE(a.unsubscribe("x.>", 1));
  EXPECT_TRUE(a.subscribe("x.>", 2));
  b = std::move(a);
  EXPECT_EQ(match(b, "x.y"), (ids{2}));
}

// -- randomized against the reference -----------------------------------------

TEST(topic_trie, randomized_against_naive_matcher) {
  std::mt19937_64 rng{20251122};
  auto pick = [&rng](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>{0, n - 1}(rng);
  };
  const std::vector<std::string> alphabet{"a", "b", "c"};
  auto random_pattern = [&] {
    std::string p;
    auto n = 1 + pick(4);
    for (std::size_t i = 0; i < n; ++i) {
      auto r = pick(10);
      std::string token = r < 2   ? "*"
                          : r < 3 ? (i + 1 == n ? ">" : "*")
                                  : alphabet[pick(alphabet.size())];
      p += (i ? "." : "") + token;
    }
    return p;
  };
  // Every topic of 1..5 tokens over the alphabet: length 5 checks that
  // patterns of at most 4 tokens only match through `>`.
  std::vector<std::string> topics;
  std::vector<std::string> frontier{""};
  for (int len = 1; len <= 5; ++len) {
    std::vector<std::string> next;
    for (auto& prefix : frontier)
      for (auto& tok : alphabet)
        next.push_back(prefix.empty() ? tok : prefix + '.' += tok);
    topics.insert(topics.end(), next.begin(), next.end());
    frontier = std::move(next);
  }
  ASSERT_EQ(topics.size(), 3u + 9 + 27 + 81 + 243);
  topic_trie trie;
  std::set<std::pair<std::string, subscriber_id>> reference;
  std::vector<std::vector<std::string>> topic_split;
  topic_split.reserve(topics.size());
  for (auto& topic : topics)
    topic_split.push_back(split(topic));
  // Splits each distinct pattern once (the set is ordered by pattern), so a
  // Debug build runs this in well under a second per check.
  std::size_t delivered = 0; // so an always-empty match cannot pass
  auto check_all = [&] {
    ASSERT_EQ(trie.size(), reference.size());
    std::vector<std::set<subscriber_id>> want(topics.size());
    const std::string* last = nullptr;
    std::vector<std::size_t> hits; // topics that *last matches
    for (auto& [pattern, id] : reference) {
      if (!last || pattern != *last) {
        last = &pattern;
        auto p = split(pattern);
        hits.clear();
        for (std::size_t t = 0; t < topics.size(); ++t)
          if (naive_matches(p, topic_split[t]))
            hits.push_back(t);
      }
      for (auto t : hits)
        want[t].insert(id);
      delivered += hits.size();
    }
    for (std::size_t t = 0; t < topics.size(); ++t)
      ASSERT_EQ(match(trie, topics[t]), ids(want[t].begin(), want[t].end()))
        << "topic " << topics[t];
  };
  for (int round = 0; round < 8; ++round) {
    for (int i = 0; i < 500; ++i) {
      auto pattern = random_pattern();
      ASSERT_EQ(validate_pattern(pattern), std::nullopt) << pattern;
      subscriber_id id = pick(40);
      bool added = reference.emplace(pattern, id).second;
      ASSERT_EQ(trie.subscribe(pattern, id), added) << pattern << " " << id;
    }
    check_all();
    for (int i = 0; i < 300; ++i) {
      auto pattern = random_pattern();
      subscriber_id id = pick(40);
      bool present = reference.erase({pattern, id}) == 1;
      ASSERT_EQ(trie.unsubscribe(pattern, id), present);
    }
    for (int i = 0; i < 3; ++i) {
      subscriber_id id = pick(40);
      std::size_t n = 0;
      for (auto it = reference.begin(); it != reference.end();)
        if (it->second == id) {
          it = reference.erase(it);
          ++n;
        } else {
          ++it;
        }
      ASSERT_EQ(trie.unsubscribe_all(id), n);
    }
    check_all();
  }
  EXPECT_GT(delivered, 100000u);
  // Emptying it by any route frees every node.
  for (subscriber_id id = 0; id < 40; ++id)
    trie.unsubscribe_all(id);
  EXPECT_EQ(trie.size(), 0u);
  EXPECT_EQ(trie.node_count(), 0u);
}
