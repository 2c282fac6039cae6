#include "rss.hpp"

#include <cstdio>
#include <unistd.h>

namespace aip::bench {

uint64_t current_rss_bytes() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr)
    return 0;
  unsigned long long size = 0;
  unsigned long long resident = 0;
  int got = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  if (got != 2)
    return 0;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

int64_t rss_delta_bytes(const std::function<void()>& step) {
  auto before = static_cast<int64_t>(current_rss_bytes());
  step();
  return static_cast<int64_t>(current_rss_bytes()) - before;
}

} // namespace aip::bench
