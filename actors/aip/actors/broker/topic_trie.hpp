#pragma once
/// The subscription index of one broker shard: which subscribers' patterns
/// match a published topic. NOT thread-safe, not even for concurrent const
/// calls with a writer: the one shard actor that owns it calls every member.
/// Matching costs O(tokens x branching), independent of the number of
/// subscriptions: a trie keyed by token, with `*` and `>` kept apart.
///
///   topic_trie trie;
///   trie.subscribe("orders.*.created", 7);
///   std::vector<subscriber_id> ids;
///   trie.match("orders.eu.created", ids); // ids == {7}

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace aip {

/// Who subscribed; the broker maps it to an actor handle.
using subscriber_id = uint64_t;

class topic_trie {
public:
  topic_trie();
  ~topic_trie();
  topic_trie(topic_trie&&) noexcept;
  topic_trie& operator=(topic_trie&&) noexcept;
  topic_trie(const topic_trie&) = delete;
  topic_trie& operator=(const topic_trie&) = delete;

  /// Adds (pattern, id); false if exactly that pair is already present.
  /// @pre validate_pattern(pattern) succeeds; else throws
  ///      std::invalid_argument with its message (a bug in the caller, which
  ///      must validate to report the error to the subscriber).
  bool subscribe(std::string_view pattern, subscriber_id id);

  /// Removes (pattern, id) and frees nodes no subscription needs any more;
  /// false if the pair was not present (an invalid pattern never is).
  bool unsubscribe(std::string_view pattern, subscriber_id id);

  /// Removes every subscription of `id` (its agent died); returns how many.
  /// Costs O(patterns of id x tokens), not a walk of the whole trie.
  std::size_t unsubscribe_all(subscriber_id id);

  /// Appends to `out` every id with a pattern matching `topic`, each id once
  /// even if several of its patterns match, in ascending order. Ids already
  /// in `out` are left alone (and not de-duplicated against).
  /// @pre validate_topic(topic) succeeds; else throws std::invalid_argument.
  void match(std::string_view topic, std::vector<subscriber_id>& out) const;

  /// Number of (pattern, id) subscriptions.
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

  /// Number of trie nodes below the root: 0 when empty. For tests that check
  /// nodes are freed with their last subscription.
  std::size_t node_count() const noexcept { return nodes_; }

  /// Number of subscriptions of `id`.
  std::size_t subscriptions_of(subscriber_id id) const;

private:
  struct node;

  /// Removes (pattern, id) from the nodes and prunes; the caller keeps the
  /// reverse index in step.
  void erase_from_trie(std::string_view pattern, subscriber_id id);

  std::unique_ptr<node> root_;
  // Reverse index so unsubscribe_all need not walk the trie.
  std::unordered_map<subscriber_id, std::unordered_set<std::string>>
    patterns_;
  std::size_t size_ = 0;
  std::size_t nodes_ = 0;
};

} // namespace aip
