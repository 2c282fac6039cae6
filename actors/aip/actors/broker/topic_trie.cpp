#include "aip/actors/broker/topic_trie.hpp"

#include "aip/actors/broker/topic.hpp"

#include <algorithm>
#include <cassert>
#include <stdexcept>
#include <utility>

namespace aip {

// Subscriber lists are sorted vectors: match (the hot path) walks them
// linearly and, when only one list contributes, appends it without sorting;
// insert and erase move at most a few KB even for thousands of subscribers.
//
// A `>` token can only end a pattern, so a `>` child would always be a leaf
// holding only subscribers; `rest` stores those subscribers directly in the
// parent instead of paying for a whole node.
struct topic_trie::node {
  // Owns the bytes that this node's key in the parent's `children` views, so
  // match can look tokens up as string_views without building a std::string
  // per token (C++17 unordered_map has no heterogeneous lookup). Node
  // addresses are stable (unique_ptr), hence so is the view.
  std::string token;
  std::unordered_map<std::string_view, std::unique_ptr<node>> children;
  std::unique_ptr<node> star;       // the `*` child
  std::vector<subscriber_id> exact; // patterns that end at this node
  std::vector<subscriber_id> rest;  // patterns `<this node's path>.>`

  bool unused() const noexcept {
    return children.empty() && !star && exact.empty() && rest.empty();
  }
};

namespace {

bool insert_sorted(std::vector<subscriber_id>& ids, subscriber_id id) {
  auto i = std::lower_bound(ids.begin(), ids.end(), id);
  if (i != ids.end() && *i == id)
    return false;
  ids.insert(i, id);
  return true;
}

bool erase_sorted(std::vector<subscriber_id>& ids, subscriber_id id) {
  auto i = std::lower_bound(ids.begin(), ids.end(), id);
  if (i == ids.end() || *i != id)
    return false;
  ids.erase(i);
  if (ids.empty())
    ids.shrink_to_fit(); // a node may outlive its subscribers (children)
  return true;
}

} // namespace

topic_trie::topic_trie() = default;

topic_trie::~topic_trie() = default;

// Hand-written so that a moved-from trie is a valid empty one: a null root_
// means "no nodes", which every member handles.
topic_trie::topic_trie(topic_trie&& other) noexcept
  : root_(std::move(other.root_)),
    patterns_(std::move(other.patterns_)),
    size_(std::exchange(other.size_, 0)),
    nodes_(std::exchange(other.nodes_, 0)) {
  other.patterns_.clear();
}

topic_trie& topic_trie::operator=(topic_trie&& other) noexcept {
  if (this != &other) {
    root_ = std::move(other.root_);
    patterns_ = std::move(other.patterns_);
    other.patterns_.clear();
    size_ = std::exchange(other.size_, 0);
    nodes_ = std::exchange(other.nodes_, 0);
  }
  return *this;
}

bool topic_trie::subscribe(std::string_view pattern, subscriber_id id) {
  topic_tokens tokens;
  if (auto err = split_topic(pattern, topic_kind::pattern, tokens))
    throw std::invalid_argument(*err);
  // The reverse index answers "already there?" without touching the trie,
  // so a duplicate creates no nodes that would need pruning.
  auto& mine = patterns_[id];
  if (mine.count(std::string{pattern}) != 0)
    return false;
  if (!root_)
    root_ = std::make_unique<node>();
  auto* n = root_.get();
  bool ends_in_rest = tokens[tokens.size() - 1] == ">";
  auto path_len = tokens.size() - (ends_in_rest ? 1 : 0);
  for (std::size_t i = 0; i < path_len; ++i) {
    auto token = tokens[i];
    if (token == "*") {
      if (!n->star) {
        n->star = std::make_unique<node>();
        ++nodes_;
      }
      n = n->star.get();
      continue;
    }
    auto child = n->children.find(token);
    if (child == n->children.end()) {
      auto fresh = std::make_unique<node>();
      fresh->token = std::string{token};
      std::string_view key = fresh->token;
      child = n->children.emplace(key, std::move(fresh)).first;
      ++nodes_;
    }
    n = child->second.get();
  }
  insert_sorted(ends_in_rest ? n->rest : n->exact, id);
  mine.emplace(pattern);
  ++size_;
  return true;
}

bool topic_trie::unsubscribe(std::string_view pattern, subscriber_id id) {
  auto mine = patterns_.find(id);
  if (mine == patterns_.end())
    return false;
  auto entry = mine->second.find(std::string{pattern});
  if (entry == mine->second.end())
    return false;
  erase_from_trie(pattern, id);
  mine->second.erase(entry);
  if (mine->second.empty())
    patterns_.erase(mine);
  return true;
}

std::size_t topic_trie::unsubscribe_all(subscriber_id id) {
  auto mine = patterns_.find(id);
  if (mine == patterns_.end())
    return 0;
  for (auto& pattern : mine->second)
    erase_from_trie(pattern, id);
  auto removed = mine->second.size();
  patterns_.erase(mine);
  return removed;
}

void topic_trie::erase_from_trie(std::string_view pattern, subscriber_id id) {
  // Only called for pairs in the reverse index: the pattern is valid and its
  // whole path exists.
  topic_tokens tokens;
  split_topic(pattern, topic_kind::pattern, tokens);
  bool ends_in_rest = tokens[tokens.size() - 1] == ">";
  auto path_len = tokens.size() - (ends_in_rest ? 1 : 0);
  // path[i] is the node reached after i tokens; path[0] is the root.
  std::vector<node*> path;
  path.reserve(path_len + 1);
  path.push_back(root_.get());
  for (std::size_t i = 0; i < path_len; ++i) {
    auto* n = path.back();
    path.push_back(tokens[i] == "*"
                     ? n->star.get()
                     : n->children.find(tokens[i])->second.get());
  }
  auto* last = path.back();
  [[maybe_unused]] bool erased
    = erase_sorted(ends_in_rest ? last->rest : last->exact, id);
  assert(erased);
  // Free the nodes this subscription alone kept alive, deepest first.
  for (auto i = path_len; i > 0 && path[i]->unused(); --i) {
    auto* parent = path[i - 1];
    if (tokens[i - 1] == "*")
      parent->star.reset();
    else
      parent->children.erase(parent->children.find(tokens[i - 1]));
    --nodes_;
  }
  --size_;
}

namespace {

struct match_state {
  const topic_tokens& tokens;
  std::vector<subscriber_id>& out;
  std::size_t lists = 0; // non-empty subscriber lists appended
};

template <class Node>
void collect(const Node& n, std::size_t i, match_state& st) {
  auto append = [&st](const std::vector<subscriber_id>& ids) {
    if (!ids.empty()) {
      st.out.insert(st.out.end(), ids.begin(), ids.end());
      ++st.lists;
    }
  };
  if (i == st.tokens.size()) {
    append(n.exact);
    return;
  }
  // `>` needs at least one token; i < size() guarantees one is left.
  append(n.rest);
  if (auto child = n.children.find(st.tokens[i]); child != n.children.end())
    collect(*child->second, i + 1, st);
  if (n.star)
    collect(*n.star, i + 1, st);
}

} // namespace

void topic_trie::match(std::string_view topic,
                       std::vector<subscriber_id>& out) const {
  topic_tokens tokens;
  if (auto err = split_topic(topic, topic_kind::concrete, tokens))
    throw std::invalid_argument(*err);
  if (!root_)
    return;
  auto first = out.size();
  match_state st{tokens, out};
  collect(*root_, 0, st);
  // One list is already sorted and unique; only merges need the work.
  if (st.lists > 1) {
    auto begin = out.begin() + static_cast<std::ptrdiff_t>(first);
    std::sort(begin, out.end());
    out.erase(std::unique(begin, out.end()), out.end());
  }
}

std::size_t topic_trie::subscriptions_of(subscriber_id id) const {
  auto mine = patterns_.find(id);
  return mine == patterns_.end() ? 0 : mine->second.size();
}

} // namespace aip
