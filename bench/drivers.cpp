// The drivers are event-based actors: a blocking scoped_actor in the loop
// would add a condition-variable wake-up to every step and swamp the
// microsecond figures being compared.
#include "drivers.hpp"

#include <chrono>
#include <memory>
#include <stdexcept>
#include <unordered_set>

#include <caf/actor_system.hpp>
#include <caf/event_based_actor.hpp>
#include <caf/scoped_actor.hpp>
#include <caf/send.hpp>

#include "aip/supervision/messages.hpp"
#include "bench_atoms.hpp"
#include "measure.hpp"

namespace aip::bench {

namespace {

[[noreturn]] void fail(const std::string& what, const caf::error& err) {
  throw std::runtime_error(what + ": " + caf::to_string(err));
}

class ping_driver : public caf::event_based_actor {
public:
  ping_driver(caf::actor_config& cfg, caf::actor target, uint64_t n)
    : caf::event_based_actor(cfg), target_(std::move(target)), left_(n) {}

  caf::behavior make_behavior() override {
    return {
      [this](run_atom) -> caf::result<double> {
        rp_ = make_response_promise();
        start_ = bench_clock::now();
        next();
        return rp_;
      },
    };
  }

private:
  void next() {
    if (left_ == 0) {
      rp_.deliver(seconds_since(start_));
      quit();
      return;
    }
    --left_;
    request(target_, caf::infinite, left_)
      .then([this](uint64_t) { next(); },
            [this](caf::error& err) {
              rp_.deliver(std::move(err));
              quit();
            });
  }

  caf::actor target_;
  uint64_t left_;
  caf::response_promise rp_;
  bench_clock::time_point start_;
};

caf::behavior fan_in_sender(caf::event_based_actor* self) {
  return {
    [self](go_atom, const caf::actor& target, uint64_t n) {
      auto reply_to = caf::actor_cast<caf::actor>(self->current_sender());
      for (uint64_t i = 0; i < n; ++i)
        self->send(target, i);
      self->request(target, caf::infinite, aip::health_atom::value)
        .then(
          [self, reply_to](caf::ok_atom) {
            self->send(reply_to, done_atom::value);
            self->quit();
          },
          [self, reply_to](caf::error& err) {
            self->send(reply_to, std::move(err));
            self->quit();
          });
    },
  };
}

class restart_driver : public caf::event_based_actor {
public:
  restart_driver(caf::actor_config& cfg, caf::actor sup, std::string name,
                 size_t kills, std::shared_ptr<std::vector<double>> samples)
    : caf::event_based_actor(cfg),
      sup_(std::move(sup)),
      name_(std::move(name)),
      left_(kills),
      samples_(std::move(samples)) {
    samples_->reserve(kills);
  }

  caf::behavior make_behavior() override {
    return {
      [this](run_atom) -> caf::result<double> {
        rp_ = make_response_promise();
        request(sup_, caf::infinite, caf::get_atom::value, name_)
          .then(
            [this](caf::actor& h) {
              current_ = std::move(h);
              kill_next();
            },
            [this](caf::error& err) { finish(std::move(err)); });
        return rp_;
      },
    };
  }

private:
  void finish(caf::error err) {
    if (err)
      rp_.deliver(std::move(err));
    else
      rp_.deliver(0.0);
    quit();
  }

  void kill_next() {
    if (left_ == 0) {
      finish(caf::error{});
      return;
    }
    --left_;
    killed_ = current_;
    start_ = bench_clock::now();
    caf::anon_send_exit(killed_, caf::exit_reason::kill);
    poll();
  }

  void poll() {
    request(sup_, caf::infinite, caf::get_atom::value, name_)
      .then(
        [this](caf::actor& h) {
          if (!h || h == killed_) {
            poll();
            return;
          }
          current_ = std::move(h);
          probe();
        },
        // Between incarnations the supervisor may know no running child.
        [this](caf::error&) { poll(); });
  }

  void probe() {
    request(current_, caf::infinite, uint64_t{1})
      .then(
        [this](uint64_t) {
          samples_->push_back(seconds_since(start_) * 1e6);
          kill_next();
        },
        [this](caf::error& err) { finish(std::move(err)); });
  }

  caf::actor sup_;
  std::string name_;
  size_t left_;
  caf::actor current_;
  caf::actor killed_;
  /// Written here, read by the starting thread after the run answered.
  std::shared_ptr<std::vector<double>> samples_;
  caf::response_promise rp_;
  bench_clock::time_point start_;
};

class all_restarted_driver : public caf::event_based_actor {
public:
  all_restarted_driver(caf::actor_config& cfg, caf::actor sup,
                       size_t expected, int poll_us)
    : caf::event_based_actor(cfg),
      sup_(std::move(sup)),
      expected_(expected),
      poll_us_(poll_us) {}

  caf::behavior make_behavior() override {
    return {
      [this](run_atom) -> caf::result<double> {
        rp_ = make_response_promise();
        request(sup_, caf::infinite, aip::which_atom::value)
          .then([this](std::vector<caf::actor>& hs) { kill_one(hs); },
                [this](caf::error& err) { finish(std::move(err)); });
        return rp_;
      },
      [this](poll_atom) { poll(); },
    };
  }

private:
  void finish(caf::error err) {
    if (err)
      rp_.deliver(std::move(err));
    else
      rp_.deliver(elapsed_);
    quit();
  }

  void kill_one(const std::vector<caf::actor>& hs) {
    if (hs.size() != expected_ || hs.empty()) {
      finish(caf::make_error(caf::sec::invalid_argument));
      return;
    }
    old_.reserve(hs.size());
    for (auto& h : hs)
      old_.insert(h.id());
    start_ = bench_clock::now();
    caf::anon_send_exit(hs[hs.size() / 2], caf::exit_reason::kill);
    poll();
  }

  void poll() {
    request(sup_, caf::infinite, aip::which_atom::value)
      .then(
        [this](std::vector<caf::actor>& hs) {
          auto now = seconds_since(start_);
          if (all_new(hs)) {
            elapsed_ = now;
            finish(caf::error{});
            return;
          }
          delayed_send(this, std::chrono::microseconds{poll_us_},
                       poll_atom::value);
        },
        [this](caf::error& err) { finish(std::move(err)); });
  }

  bool all_new(const std::vector<caf::actor>& hs) const {
    if (hs.size() != expected_)
      return false;
    for (auto& h : hs)
      if (!h || old_.count(h.id()) != 0)
        return false;
    return true;
  }

  caf::actor sup_;
  size_t expected_;
  int poll_us_;
  std::unordered_set<caf::actor_id> old_;
  caf::response_promise rp_;
  bench_clock::time_point start_;
  double elapsed_ = 0;
};

double run_driver(caf::actor_system& sys, const caf::actor& driver,
                  const char* what) {
  caf::scoped_actor self{sys};
  double result = 0;
  self->request(driver, caf::infinite, run_atom::value)
    .receive([&](double x) { result = x; },
             [&](caf::error& err) { fail(what, err); });
  return result;
}

} // namespace

double drive_ping_pong(caf::actor_system& sys, const caf::actor& echo,
                       uint64_t n) {
  auto driver = sys.spawn<ping_driver>(echo, n);
  return run_driver(sys, driver, "ping_pong");
}

double drive_fan_in(caf::actor_system& sys, const caf::actor& target,
                    size_t senders, uint64_t per_sender) {
  std::vector<caf::actor> actors;
  actors.reserve(senders);
  for (size_t i = 0; i < senders; ++i)
    actors.push_back(sys.spawn(fan_in_sender));
  caf::scoped_actor self{sys};
  auto start = bench_clock::now();
  for (auto& a : actors)
    self->send(a, go_atom::value, target, per_sender);
  for (size_t i = 0; i < senders; ++i)
    self->receive([](done_atom) {},
                  [&](caf::error& err) { fail("fan_in sender", err); });
  return seconds_since(start);
}

std::vector<double> drive_restarts(caf::actor_system& sys,
                                   const caf::actor& sup,
                                   const std::string& name, size_t kills) {
  // The reply to run_atom orders our read after the driver's last write.
  auto samples = std::make_shared<std::vector<double>>();
  auto driver = sys.spawn<restart_driver>(sup, name, kills, samples);
  run_driver(sys, driver, "restart_latency");
  return std::move(*samples);
}

double drive_all_restarted(caf::actor_system& sys, const caf::actor& sup,
                           size_t expected, int poll_us) {
  auto driver = sys.spawn<all_restarted_driver>(sup, expected, poll_us);
  return run_driver(sys, driver, "one_for_all");
}

} // namespace aip::bench
