#pragma once
/// A fresh caf::actor_system per benchmark half: AIP's type IDs registered
/// and `scheduler.max-threads` set from the options (0 = hardware cores, not
/// CAF's default of max(cores, 4)). Destroying it waits for every actor.

#include <memory>

#include <caf/actor_system.hpp>
#include <caf/actor_system_config.hpp>

#include "scenario.hpp"

namespace aip::bench {

class bench_system {
public:
  /// `policy` overrides `scheduler.policy` ("stealing" or "sharing") when
  /// not null; otherwise the AIP node default (node_spec::scheduler).
  explicit bench_system(const options& opts, const char* policy = nullptr);
  ~bench_system();

  bench_system(const bench_system&) = delete;
  bench_system& operator=(const bench_system&) = delete;

  caf::actor_system& sys() { return *sys_; }
  size_t threads() const { return threads_; }

private:
  caf::actor_system_config cfg_;
  size_t threads_;
  std::unique_ptr<caf::actor_system> sys_;
};

} // namespace aip::bench
