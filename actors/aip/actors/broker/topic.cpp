#include "aip/actors/broker/topic.hpp"

namespace aip {

namespace {

const char* kind_name(topic_kind kind) {
  return kind == topic_kind::concrete ? "topic" : "pattern";
}

// Every message names what was checked and, where one is at fault, the token
// and its 1-based position, so a user can find it in a long name.
std::string token_error(topic_kind kind, std::string_view name,
                        std::size_t position, std::string_view token,
                        std::string_view what) {
  std::string msg = kind_name(kind);
  msg += " '";
  msg += name;
  msg += "': token ";
  msg += std::to_string(position);
  if (!token.empty()) {
    msg += " '";
    msg += token;
    msg += '\'';
  }
  msg += ' ';
  msg += what;
  return msg;
}

bool is_whitespace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v'
         || c == '\f';
}

bool is_control(char c) {
  auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

// Checks one token; returns the complaint (without prefix) or nullptr.
const char* check_token(std::string_view token, topic_kind kind,
                        bool is_last) {
  if (token.empty())
    return "is empty";
  for (char c : token) {
    if (is_whitespace(c))
      return "contains whitespace";
    if (is_control(c))
      return "contains a control character";
  }
  bool has_wildcard = token.find_first_of("*>") != std::string_view::npos;
  if (!has_wildcard)
    return nullptr;
  if (kind == topic_kind::concrete)
    return "contains a wildcard; only subscription patterns may use '*' and "
           "'>'";
  if (token != "*" && token != ">")
    return "mixes a wildcard with other characters; '*' and '>' must be "
           "whole tokens";
  if (token == ">" && !is_last)
    return "is not the last token; '>' may only end a pattern";
  return nullptr;
}

} // namespace

std::optional<std::string>
split_topic(std::string_view name, topic_kind kind, topic_tokens& out) {
  out.clear();
  if (name.empty())
    return std::string{kind_name(kind)} + " is empty";
  if (name.size() > max_topic_bytes) {
    // Echoing 255+ bytes into a log line helps nobody; the start identifies
    // the name well enough.
    std::string msg = kind_name(kind);
    msg += " '";
    msg += name.substr(0, 32);
    msg += "...': ";
    msg += std::to_string(name.size());
    msg += " bytes, over the limit of ";
    msg += std::to_string(max_topic_bytes);
    return msg;
  }
  // The length check above bounds the token count by max_topic_tokens, so
  // push_back cannot overflow.
  std::size_t begin = 0;
  for (;;) {
    auto dot = name.find('.', begin);
    bool is_last = dot == std::string_view::npos;
    auto token = name.substr(begin, is_last ? name.size() - begin
                                            : dot - begin);
    if (auto what = check_token(token, kind, is_last))
      return token_error(kind, name, out.size() + 1, token, what);
    out.push_back(token);
    if (is_last)
      return std::nullopt;
    begin = dot + 1;
  }
}

std::optional<std::string> validate_topic(std::string_view topic) {
  topic_tokens tokens;
  return split_topic(topic, topic_kind::concrete, tokens);
}

std::optional<std::string> validate_pattern(std::string_view pattern) {
  topic_tokens tokens;
  return split_topic(pattern, topic_kind::pattern, tokens);
}

} // namespace aip
