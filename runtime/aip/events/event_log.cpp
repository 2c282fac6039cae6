#include "aip/events/event_log.hpp"

#include <chrono>
#include <ctime>
#include <stdexcept>

#include <nlohmann/json.hpp>

namespace aip {

std::shared_ptr<event_log> event_log::open(const std::string& target) {
  if (target == "off" || target == "none")
    return off();
  std::shared_ptr<event_log> log{new event_log(kind::file)};
  if (target == "stdout" || target.empty()) {
    log->file_ = stdout;
  } else if (target == "stderr") {
    log->file_ = stderr;
  } else {
    log->file_ = std::fopen(target.c_str(), "a");
    if (log->file_ == nullptr)
      throw std::runtime_error("cannot open event stream file '" + target
                               + "'");
    log->owns_file_ = true;
  }
  return log;
}

std::shared_ptr<event_log> event_log::memory() {
  return std::shared_ptr<event_log>{new event_log(kind::memory)};
}

std::shared_ptr<event_log> event_log::with_callback(callback f) {
  std::shared_ptr<event_log> log{new event_log(kind::callback)};
  log->callback_ = std::move(f);
  return log;
}

std::shared_ptr<event_log> event_log::off() {
  return std::shared_ptr<event_log>{new event_log(kind::off)};
}

event_log::~event_log() {
  if (owns_file_)
    std::fclose(file_);
}

std::string rfc3339_now() {
  using namespace std::chrono;
  auto now = system_clock::now();
  auto secs = time_point_cast<seconds>(now);
  auto micros = duration_cast<microseconds>(now - secs).count();
  std::time_t t = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[40];
  auto n = std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof(buf) - n, ".%06lldZ",
                static_cast<long long>(micros));
  return buf;
}

void event_log::emit(std::string_view event, std::string_view path,
                     std::string_view reason, uint64_t restart_count,
                     const nlohmann::json* extra) {
  if (kind_ == kind::off)
    return;
  nlohmann::json j;
  j["ts"] = rfc3339_now();
  j["event"] = event;
  j["path"] = path;
  j["reason"] = reason;
  j["restart_count"] = restart_count;
  if (extra != nullptr && extra->is_object())
    for (auto& [k, v] : extra->items())
      j[k] = v;
  if (kind_ == kind::callback) {
    callback_(j);
    return;
  }
  auto line = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::lock_guard<std::mutex> guard{mtx_};
  if (kind_ == kind::memory) {
    lines_.push_back(std::move(line));
    cv_.notify_all();
    return;
  }
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), file_);
  std::fflush(file_);
}

std::vector<std::string> event_log::lines() const {
  std::lock_guard<std::mutex> guard{mtx_};
  return lines_;
}

bool event_log::wait_for(
  const std::function<bool(const std::vector<nlohmann::json>&)>& pred,
  int ms) const {
  auto deadline = std::chrono::steady_clock::now()
                  + std::chrono::milliseconds{ms};
  std::unique_lock<std::mutex> guard{mtx_};
  std::vector<nlohmann::json> parsed;
  for (;;) {
    for (size_t i = parsed.size(); i < lines_.size(); ++i)
      parsed.push_back(nlohmann::json::parse(lines_[i]));
    if (pred(parsed))
      return true;
    if (cv_.wait_until(guard, deadline) == std::cv_status::timeout) {
      for (size_t i = parsed.size(); i < lines_.size(); ++i)
        parsed.push_back(nlohmann::json::parse(lines_[i]));
      return pred(parsed);
    }
  }
}

} // namespace aip
