#pragma once
/// Topic names and subscription patterns of the message broker: dot-separated
/// tokens (`orders.eu.created`), with NATS's wildcards `*` (one token) and `>`
/// (one or more trailing tokens) allowed in patterns only. Pure functions with
/// no shared state: call them from any thread. docs/topics.md has the rules.

#include <array>
#include <cassert>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace aip {

/// Longest topic or pattern, in bytes.
inline constexpr std::size_t max_topic_bytes = 255;

/// Most tokens a name within max_topic_bytes can have (`a.a.a...`).
inline constexpr std::size_t max_topic_tokens = (max_topic_bytes + 1) / 2;

/// Whether a name is a concrete topic (what a publisher sends to) or a
/// subscription pattern (which may contain `*` and a final `>`).
enum class topic_kind { concrete, pattern };

/// A topic or pattern cut at its dots. The tokens are views into the string
/// that was split, which must outlive them. Fixed capacity, so splitting a
/// topic on the publish path allocates nothing.
class topic_tokens {
public:
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }

  std::string_view operator[](std::size_t i) const noexcept {
    assert(i < size_);
    return tokens_[i];
  }

  const std::string_view* begin() const noexcept { return tokens_.data(); }
  const std::string_view* end() const noexcept {
    return tokens_.data() + size_;
  }

  void clear() noexcept { size_ = 0; }

  /// @pre size() < max_topic_tokens
  void push_back(std::string_view token) noexcept {
    assert(size_ < max_topic_tokens);
    tokens_[size_++] = token;
  }

private:
  std::array<std::string_view, max_topic_tokens> tokens_{};
  std::size_t size_ = 0;
};

/// Checks `name` as a `kind` and, when valid, leaves its tokens in `out`.
/// Returns the first error found, e.g. `topic 'orders..x': token 2 is empty`
/// (tokens count from 1); `out` is unspecified then. Allocates only to build
/// an error message.
std::optional<std::string>
split_topic(std::string_view name, topic_kind kind, topic_tokens& out);

/// Why `topic` is not a valid concrete topic, or nullopt if it is.
std::optional<std::string> validate_topic(std::string_view topic);

/// Why `pattern` is not a valid subscription pattern, or nullopt if it is.
std::optional<std::string> validate_pattern(std::string_view pattern);

} // namespace aip
