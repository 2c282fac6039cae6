#pragma once
/// `result<T>`: the value an awaited call produced or the `workflow_error`
/// that ended it (timeout, cancelled, ...). A plain value type; any thread.
///
///   auto r = wf.await<int>(start, 500ms);
///   if (!r) return log(to_string(r.error()));
///   use(*r);                     // or r.value(): throws workflow_exception

#include <cassert>
#include <utility>
#include <variant>

#include "aip/workflow/workflow_error.hpp"

namespace aip {

template <class T>
class result {
public:
  result(T value) : v_(std::in_place_index<0>, std::move(value)) {
  }

  result(workflow_error err) : v_(std::in_place_index<1>, std::move(err)) {
  }

  bool has_value() const noexcept {
    return v_.index() == 0;
  }

  explicit operator bool() const noexcept {
    return has_value();
  }

  /// The value; throws `workflow_exception` carrying the error otherwise.
  T& value() & {
    check();
    return std::get<0>(v_);
  }

  const T& value() const& {
    check();
    return std::get<0>(v_);
  }

  T value() && {
    check();
    return std::move(std::get<0>(v_));
  }

  /// REQUIRES: has_value().
  T& operator*() {
    assert(has_value());
    return std::get<0>(v_);
  }

  const T& operator*() const {
    assert(has_value());
    return std::get<0>(v_);
  }

  T* operator->() {
    return &**this;
  }

  const T* operator->() const {
    return &**this;
  }

  /// REQUIRES: !has_value().
  const workflow_error& error() const {
    assert(!has_value());
    return std::get<1>(v_);
  }

  /// True when this holds an error with `code`.
  bool is(workflow_errc code) const noexcept {
    return !has_value() && std::get<1>(v_).code == code;
  }

private:
  void check() const {
    if (!has_value())
      throw workflow_exception(std::get<1>(v_));
  }

  std::variant<T, workflow_error> v_;
};

} // namespace aip
