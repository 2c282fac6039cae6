#include "isolate.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace aip::bench {

namespace {

void write_all(int fd, const std::string& s) {
  size_t off = 0;
  while (off < s.size()) {
    auto n = ::write(fd, s.data() + off, s.size() - off);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    off += static_cast<size_t>(n);
  }
}

std::string read_all(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    auto n = ::read(fd, buf, sizeof(buf));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return out;
    out.append(buf, static_cast<size_t>(n));
  }
}

} // namespace

nlohmann::json run_isolated(const std::function<nlohmann::json()>& f) {
  int fds[2];
  if (::pipe(fds) != 0)
    throw std::runtime_error(std::string{"pipe: "} + std::strerror(errno));
  auto pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::runtime_error(std::string{"fork: "} + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    nlohmann::json result;
    try {
      result = {{"ok", f()}};
    } catch (const std::exception& e) {
      result = {{"error", e.what()}};
    }
    write_all(fds[1], result.dump());
    ::close(fds[1]);
    // Skip atexit handlers and static destructors owned by the parent.
    ::_exit(0);
  }
  ::close(fds[1]);
  auto text = read_all(fds[0]);
  ::close(fds[0]);
  int st = 0;
  while (::waitpid(pid, &st, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(st))
    throw std::runtime_error("isolated run killed by signal "
                             + std::to_string(WTERMSIG(st)));
  auto parsed = nlohmann::json::parse(text, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_object())
    throw std::runtime_error("isolated run returned no result");
  if (parsed.contains("error"))
    throw std::runtime_error(parsed["error"].get<std::string>());
  return parsed["ok"];
}

} // namespace aip::bench
