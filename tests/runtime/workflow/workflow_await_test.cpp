// workflow::await and the pool's outcomes: completions from CAF threads,
// suspension without blocking a thread, deadlines, cancel, exceptions and
// shutdown with workflows still suspended.
#include <atomic>
#include <future>
#include <memory>
#include <thread>

#include "runtime/workflow/workflow_fixture.hpp"

namespace aip::test {
namespace {

using awaits = workflow_test;

// Completions parked by workflows, released later by the test.
struct parked {
  std::mutex mtx;
  std::vector<completion<int>> all;

  std::function<void(completion<int>)> park() {
    return [this](completion<int> done) {
      std::lock_guard<std::mutex> guard{mtx};
      all.push_back(std::move(done));
    };
  }

  size_t size() {
    std::lock_guard<std::mutex> guard{mtx};
    return all.size();
  }

  std::vector<completion<int>> take() {
    std::lock_guard<std::mutex> guard{mtx};
    return std::move(all);
  }
};

TEST_F(awaits, completion_from_a_caf_actor_thread_resumes_the_fiber) {
  workflow_pool pool{sys, {}};
  outcomes out;
  std::thread::id fiber_thread;
  std::atomic<std::thread::id> completer_thread{};
  std::optional<result<int>> got;
  std::promise<bool> second_call;
  pool.start(
    "caf-completes",
    [&](workflow& wf) {
      fiber_thread = std::this_thread::get_id();
      got = wf.await<int>(
        [&](completion<int> done) {
          on_caf_thread([&, done] {
            completer_thread = std::this_thread::get_id();
            done(42);
            second_call.set_value(done(7));
          });
        },
        did_not_hang);
    },
    out.sink());
  ASSERT_TRUE(out.wait_for(1));
  ASSERT_TRUE(got && got->has_value());
  EXPECT_EQ(**got, 42);
  auto second = second_call.get_future();
  ASSERT_EQ(second.wait_for(did_not_hang), std::future_status::ready);
  EXPECT_FALSE(second.get());
  EXPECT_NE(completer_thread.load(), fiber_thread);
  EXPECT_NE(completer_thread.load(), std::thread::id{});
  EXPECT_TRUE(out.all()[0].ok());
  EXPECT_EQ(out.all()[0].name, "caf-completes");
  EXPECT_EQ(pool.running(), 0u);
}

TEST_F(awaits, a_thousand_suspended_workflows_share_one_thread) {
  workflow_pool_options opts;
  opts.threads = 1;
  workflow_pool pool{sys, opts};
  outcomes out;
  parked waiting;
  std::atomic<long> sum{0};
  constexpr int n = 1000;
  for (int i = 0; i < n; ++i)
    pool.start(
      "w" + std::to_string(i),
      [&, i](workflow& wf) {
        auto r = wf.await<int>(waiting.park(), did_not_hang);
        if (r)
          sum += *r + i;
      },
      out.sink());
  // All n are parked at once on a single thread: none blocked it.
  ASSERT_TRUE(eventually([&] { return waiting.size() == n; }));
  EXPECT_EQ(pool.running(), static_cast<size_t>(n));
  EXPECT_EQ(out.size(), 0u);
  auto all = std::make_shared<std::vector<completion<int>>>(waiting.take());
  on_caf_thread([all] {
    for (auto& done : *all)
      done(1);
  });
  ASSERT_TRUE(out.wait_for(n));
  for (auto& o : out.all())
    EXPECT_TRUE(o.ok()) << to_string(*o.error);
  EXPECT_EQ(sum.load(), n + static_cast<long>(n) * (n - 1) / 2);
}

TEST_F(awaits, a_waiting_workflow_does_not_stop_another) {
  workflow_pool_options opts;
  opts.threads = 1;
  workflow_pool pool{sys, opts};
  outcomes out;
  parked waiting;
  auto blocked = pool.start(
    "blocked",
    [&](workflow& wf) { wf.await<int>(waiting.park(), infinite); },
    out.sink());
  ASSERT_TRUE(eventually([&] { return waiting.size() == 1; }));
  std::atomic<int> steps{0};
  pool.start(
    "runner",
    [&](workflow& wf) {
      for (int i = 0; i < 3; ++i) {
        wf.sleep_for(1ms);
        ++steps;
      }
    },
    out.sink());
  ASSERT_TRUE(out.wait_for(1));
  EXPECT_EQ(out.all()[0].name, "runner");
  EXPECT_EQ(steps.load(), 3);
  EXPECT_EQ(pool.running(), 1u);
  EXPECT_TRUE(pool.cancel(blocked.id));
  ASSERT_TRUE(out.wait_for(2));
}

TEST_F(awaits, deadline_gives_timeout_and_a_late_completion_is_harmless) {
  workflow_pool pool{sys, {}};
  outcomes out;
  parked waiting;
  std::optional<result<int>> got;
  pool.start(
    "late",
    [&](workflow& wf) { got = wf.await<int>(waiting.park(), 20ms); },
    out.sink());
  ASSERT_TRUE(out.wait_for(1));
  ASSERT_TRUE(got.has_value());
  ASSERT_TRUE(got->is(workflow_errc::timeout));
  EXPECT_NE(got->error().message.find("20ms"), std::string::npos)
    << got->error().message;
  // Only the await's deadline passed, not the workflow's: outcome ok.
  EXPECT_TRUE(out.all()[0].ok());
  // The workflow, its fiber and stack are gone; the completer still holds
  // its completion and calls it from a CAF thread.
  auto late = std::make_shared<std::vector<completion<int>>>(waiting.take());
  ASSERT_EQ(late->size(), 1u);
  std::promise<bool> counted;
  on_caf_thread([late, &counted] { counted.set_value((*late)[0](5)); });
  auto f = counted.get_future();
  ASSERT_EQ(f.wait_for(did_not_hang), std::future_status::ready);
  EXPECT_FALSE(f.get());
}

TEST_F(awaits, cancel_wakes_the_await_and_the_outcome_is_cancelled) {
  workflow_pool pool{sys, {}};
  outcomes out;
  parked waiting;
  std::optional<result<int>> first;
  std::optional<result<int>> second;
  auto h = pool.start(
    "cancel-me",
    [&](workflow& wf) {
      first = wf.await<int>(waiting.park(), infinite);
      // Every later await returns at once, without calling start.
      second = wf.await<int>([](completion<int> done) { done(1); }, infinite);
      wf.sleep_for(std::chrono::hours{1});
    },
    out.sink());
  ASSERT_TRUE(h.accepted());
  ASSERT_TRUE(eventually([&] { return waiting.size() == 1; }));
  EXPECT_TRUE(pool.cancel(h.id));
  ASSERT_TRUE(out.wait_for(1));
  ASSERT_TRUE(first && second);
  EXPECT_TRUE(first->is(workflow_errc::cancelled));
  EXPECT_TRUE(second->is(workflow_errc::cancelled));
  auto o = out.all()[0];
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error->code, workflow_errc::cancelled);
  EXPECT_EQ(o.id, h.id);
  EXPECT_FALSE(pool.cancel(h.id));
  EXPECT_FALSE(waiting.take()[0](3));
}

TEST_F(awaits, sleep_is_interrupted_by_cancel) {
  workflow_pool pool{sys, {}};
  outcomes out;
  std::atomic<bool> sleeping{false};
  auto h = pool.start(
    "sleeper",
    [&](workflow& wf) {
      sleeping = true;
      wf.sleep_for(std::chrono::hours{1});
    },
    out.sink());
  ASSERT_TRUE(eventually([&] { return sleeping.load(); }));
  pool.cancel(h.id);
  ASSERT_TRUE(out.wait_for(1));
  EXPECT_EQ(out.all()[0].error->code, workflow_errc::cancelled);
}

TEST_F(awaits, an_escaping_exception_becomes_failed_with_its_text) {
  workflow_pool pool{sys, {}};
  outcomes out;
  pool.start(
    "thrower",
    [](workflow& wf) {
      wf.sleep_for(1ms);
      throw std::runtime_error("boom at step 2");
    },
    out.sink());
  ASSERT_TRUE(out.wait_for(1));
  auto o = out.all()[0];
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error->code, workflow_errc::failed);
  EXPECT_EQ(o.error->message, "boom at step 2");
}

TEST_F(awaits, an_escaping_value_error_keeps_its_code) {
  workflow_pool pool{sys, {}};
  outcomes out;
  pool.start(
    "value-or-throw",
    [](workflow& wf) {
      wf.await<int>([](completion<int>) {}, 5ms).value();
    },
    out.sink());
  ASSERT_TRUE(out.wait_for(1));
  auto o = out.all()[0];
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error->code, workflow_errc::timeout);
}

TEST_F(awaits, the_workflow_deadline_bounds_each_await) {
  workflow_pool pool{sys, {}};
  outcomes out;
  std::optional<result<int>> first;
  std::optional<result<int>> second;
  auto started = std::chrono::steady_clock::now();
  pool.start(
    "bounded",
    [&](workflow& wf) {
      // Asks for an hour; the workflow has 50ms in all.
      first = wf.await<int>([](completion<int>) {}, std::chrono::hours{1});
      second = wf.await<int>([](completion<int> done) { done(1); }, infinite);
    },
    out.sink(), 50ms);
  ASSERT_TRUE(out.wait_for(1));
  EXPECT_LT(std::chrono::steady_clock::now() - started, did_not_hang);
  ASSERT_TRUE(first && second);
  ASSERT_TRUE(first->is(workflow_errc::timeout));
  EXPECT_EQ(first->error().message, "workflow deadline passed");
  // Expired: even an await that would complete at once returns timeout.
  EXPECT_TRUE(second->is(workflow_errc::timeout));
  EXPECT_EQ(out.all()[0].error->code, workflow_errc::timeout);
}

TEST_F(awaits, destroying_the_pool_cancels_suspended_workflows) {
  outcomes out;
  parked waiting;
  std::atomic<int> cancelled_inside{0};
  constexpr int n = 50;
  auto pool = std::make_unique<workflow_pool>(sys, workflow_pool_options{});
  for (int i = 0; i < n; ++i)
    pool->start(
      "stuck",
      [&](workflow& wf) {
        if (wf.await<int>(waiting.park(), infinite)
              .is(workflow_errc::cancelled))
          ++cancelled_inside;
      },
      out.sink());
  ASSERT_TRUE(eventually([&] { return waiting.size() == n; }));
  auto done = std::async(std::launch::async, [&] { pool.reset(); });
  ASSERT_EQ(done.wait_for(did_not_hang), std::future_status::ready);
  EXPECT_EQ(cancelled_inside.load(), n);
  ASSERT_EQ(out.size(), static_cast<size_t>(n));
  for (auto& o : out.all())
    EXPECT_EQ(o.error->code, workflow_errc::cancelled);
  // The completers outlive the pool.
  for (auto& done_fn : waiting.take())
    EXPECT_FALSE(done_fn(1));
}

TEST_F(awaits, max_workflows_rejects_and_still_reports_once) {
  workflow_pool_options opts;
  opts.max_workflows = 2;
  workflow_pool pool{sys, opts};
  outcomes out;
  parked waiting;
  auto a = pool.start("a", [&](workflow& wf) {
    wf.await<int>(waiting.park(), infinite);
  }, out.sink());
  auto b = pool.start("b", [&](workflow& wf) {
    wf.await<int>(waiting.park(), infinite);
  }, out.sink());
  auto c = pool.start("c", [](workflow&) { FAIL() << "must not run"; },
                      out.sink());
  EXPECT_TRUE(a.accepted());
  EXPECT_TRUE(b.accepted());
  EXPECT_FALSE(c.accepted());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out.all()[0].error->code, workflow_errc::rejected);
  EXPECT_EQ(out.all()[0].name, "c");
  ASSERT_TRUE(eventually([&] { return waiting.size() == 2; }));
  for (auto& done : waiting.take())
    done(0);
  ASSERT_TRUE(out.wait_for(3));
}

TEST(workflow_errors, codes_have_names) {
  EXPECT_STREQ(to_string(workflow_errc::timeout), "timeout");
  EXPECT_STREQ(to_string(workflow_errc::cancelled), "cancelled");
  EXPECT_EQ(to_string(workflow_error{workflow_errc::failed, "x"}),
            "failed: x");
  result<int> r{workflow_error{workflow_errc::cancelled, ""}};
  EXPECT_THROW(r.value(), workflow_exception);
}

} // namespace
} // namespace aip::test
