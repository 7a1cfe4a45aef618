#include "hearth/util/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <stdexcept>
#include <thread>
#include <vector>

#include "hearth/util/error.h"

namespace hearth {
namespace {

// Runs `count` indices and checks each ran exactly once, on a valid thread
// id that no other call held at the same time.
void expect_each_index_once(ThreadPool& pool, std::size_t count) {
  std::vector<std::atomic<int>> calls(count);
  std::vector<std::atomic<int>> in_use(pool.size());
  std::atomic<bool> thread_out_of_range{false};
  std::atomic<bool> thread_shared{false};
  pool.run(count, [&](std::size_t index, unsigned thread) {
    if (thread >= pool.size()) {
      thread_out_of_range = true;
      return;
    }
    if (in_use[thread].fetch_add(1) != 0) thread_shared = true;
    calls[index].fetch_add(1);
    in_use[thread].fetch_sub(1);
  });
  EXPECT_FALSE(thread_out_of_range);
  EXPECT_FALSE(thread_shared);
  for (std::size_t i = 0; i < count; ++i) ASSERT_EQ(calls[i].load(), 1) << "index " << i;
}

TEST(ThreadPool, RejectsZeroThreads) {
  try {
    ThreadPool pool(0);
    FAIL() << "a pool of 0 threads was built";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
  }
}

TEST(ThreadPool, RunsEveryIndexExactlyOnce) {
  for (unsigned threads : {1u, 2u, 3u, 8u}) {
    ThreadPool pool(threads);
    EXPECT_EQ(pool.size(), threads);
    for (std::size_t count : {0u, 1u, 2u, 3u, 7u, 8u, 9u, 100u, 10000u}) {
      SCOPED_TRACE("threads=" + std::to_string(threads) + " count=" + std::to_string(count));
      expect_each_index_once(pool, count);
    }
  }
}

TEST(ThreadPool, SpreadsSlowTasksOverThreads) {
  ThreadPool pool(2);
  std::vector<std::atomic<int>> per_thread(2);
  pool.run(8, [&](std::size_t, unsigned thread) {
    per_thread[thread].fetch_add(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  });
  EXPECT_EQ(per_thread[0] + per_thread[1], 8);
  EXPECT_GT(per_thread[1].load(), 0);
}

TEST(ThreadPool, RethrowsTheFirstExceptionAndSkipsTheRest) {
  for (unsigned threads : {1u, 2u, 4u}) {
    SCOPED_TRACE("threads=" + std::to_string(threads));
    ThreadPool pool(threads);
    constexpr std::size_t kCount = 1'000'000;
    std::atomic<std::size_t> calls{0};
    try {
      pool.run(kCount, [&](std::size_t index, unsigned) {
        calls.fetch_add(1);
        if (index == 0) throw std::runtime_error("task 0 failed");
        std::this_thread::sleep_for(std::chrono::microseconds(1));
      });
      FAIL() << "run() returned normally";
    } catch (const std::runtime_error& error) {
      EXPECT_STREQ(error.what(), "task 0 failed");
    }
    EXPECT_LT(calls.load(), kCount);
    // The pool is still usable afterwards.
    expect_each_index_once(pool, 1000);
  }
}

TEST(ThreadPool, ReportsOneOfSeveralExceptions) {
  ThreadPool pool(3);
  EXPECT_THROW(pool.run(64, [](std::size_t, unsigned) { throw std::logic_error("every task"); }),
               std::logic_error);
  expect_each_index_once(pool, 64);
}

TEST(ThreadPool, ManyConsecutiveRunsWithPausesBetween) {
  ThreadPool pool(2);
  std::atomic<std::size_t> total{0};
  for (int run = 0; run < 10'000; ++run) {
    // Every 500th run follows a pause long enough for the workers to fall
    // asleep, so both the spinning and the waking paths are exercised.
    if (run % 500 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    pool.run(4, [&](std::size_t index, unsigned) { total.fetch_add(index + 1); });
  }
  EXPECT_EQ(total.load(), 10'000u * 10u);
}

TEST(ThreadPool, PoolOfOneRunsOnTheCaller) {
  ThreadPool pool(1);
  const std::thread::id caller = std::this_thread::get_id();
  bool all_on_caller = true;
  pool.run(17, [&](std::size_t, unsigned thread) {
    all_on_caller = all_on_caller && thread == 0 && std::this_thread::get_id() == caller;
  });
  EXPECT_TRUE(all_on_caller);
}

TEST(ThreadPool, DestroysCleanlyWhileIdle) {
  for (int i = 0; i < 20; ++i) {
    ThreadPool pool(4);
    if (i % 2 == 0) expect_each_index_once(pool, 10);
    // Odd rounds destroy a pool that never ran; even rounds one whose workers
    // may be spinning or asleep.
    if (i % 4 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

TEST(ThreadPool, DefaultThreadCountIsPositive) {
  const unsigned count = default_thread_count();
  EXPECT_GE(count, 1u);
  EXPECT_LE(count, std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace
}  // namespace hearth
