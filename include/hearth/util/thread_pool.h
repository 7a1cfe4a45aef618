// A fixed set of worker threads for data-parallel loops.
//
// A forward pass runs a few hundred short parallel loops per token, so handing
// out work must cost microseconds: workers spin briefly after finishing a loop
// (the next one usually follows at once), then sleep on a futex-style wait so
// an idle pool uses no CPU. The calling thread always takes part, so a pool of
// N threads starts N - 1 workers.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>

namespace hearth {

class ThreadPool {
 public:
  // `threads` >= 1 (the caller included). Throws Error(invalid_argument) for 0.
  explicit ThreadPool(unsigned threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  unsigned size() const noexcept;

  // Calls task(index, thread) for every index in [0, count) and returns when
  // all calls have returned. `thread` is in [0, size()) and no two concurrent
  // calls share it, so it can select per-thread scratch memory. Indices are
  // handed out dynamically (an atomic counter), so uneven tasks balance.
  // The first exception thrown by a task is rethrown here after every started
  // task has finished; indices not yet started are skipped. Not reentrant: a
  // task must not call run() on the same pool. Only one thread may call run()
  // at a time.
  void run(std::size_t count, const std::function<void(std::size_t index, unsigned thread)>& task);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Threads to use when the user names none: the processor count the process
// may run on (sched_getaffinity), at least 1.
unsigned default_thread_count() noexcept;

}  // namespace hearth
