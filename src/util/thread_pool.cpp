#include "hearth/util/thread_pool.h"

#include <sched.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <exception>
#include <thread>
#include <vector>

#include "hearth/util/error.h"

namespace hearth {
namespace {

// How long a worker keeps polling for the next run before it sleeps. A
// forward pass starts its next loop within microseconds; an idle pool must
// not keep a core busy for longer than this.
constexpr auto kWorkerSpin = std::chrono::microseconds(50);
// How long the caller polls for joined workers to finish their last tasks
// before it starts yielding its core to them.
constexpr auto kCallerSpin = std::chrono::microseconds(200);
// Pause instructions between clock reads while polling.
constexpr int kPausesPerClockRead = 32;

void cpu_relax() {
  __builtin_ia32_pause();
}

// Polls `ready` with pause instructions until it returns true or `limit`
// passes; returns whether it became true.
template <typename Ready>
bool spin_until(Ready&& ready, std::chrono::microseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (true) {
    for (int i = 0; i < kPausesPerClockRead; ++i) {
      if (ready()) return true;
      cpu_relax();
    }
    if (std::chrono::steady_clock::now() >= deadline) return ready();
  }
}

}  // namespace

// Workers wait for `generation` to change; run() publishes the task, bumps
// the generation, and wakes sleepers only when some worker announced it is
// about to sleep (`sleepers`), so a hot pool never enters the kernel.
//
// A woken worker joins the run only while it is open, counted in `control`;
// run() closes it once its own share is done and no joined worker is still
// busy. run() therefore never waits for a worker that has not woken yet (or
// was descheduled): such a worker finds the run closed, or joins a later
// one, and either way reads the task only while the run it joined is open.
struct ThreadPool::State {
  // control: the number of workers inside the open run, or kClosed.
  static constexpr std::uint32_t kClosed = 0x8000'0000u;

  unsigned size = 1;
  std::vector<std::thread> workers;

  std::atomic<std::uint32_t> generation{0};
  std::atomic<unsigned> sleepers{0};
  std::atomic<std::uint32_t> control{kClosed};
  std::atomic<bool> stopping{false};

  // The current run: written while `control` is closed, read by workers
  // only after joining.
  const std::function<void(std::size_t, unsigned)>* task = nullptr;
  std::size_t count = 0;
  std::atomic<std::size_t> next_index{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;

  // Takes indices until none are left; the first exception stops the hand-out.
  void work(unsigned thread) {
    while (true) {
      const std::size_t index = next_index.fetch_add(1, std::memory_order_relaxed);
      if (index >= count) return;
      try {
        (*task)(index, thread);
      } catch (...) {
        if (!failed.exchange(true, std::memory_order_acq_rel)) {
          first_error = std::current_exception();
        }
        next_index.store(count, std::memory_order_relaxed);
        return;
      }
    }
  }

  // Works on the open run, if there is one.
  void join_run(unsigned thread) {
    std::uint32_t state = control.load(std::memory_order_acquire);
    while ((state & kClosed) == 0) {
      if (control.compare_exchange_weak(state, state + 1, std::memory_order_acquire)) {
        work(thread);
        control.fetch_sub(1, std::memory_order_release);
        return;
      }
    }
  }

  void worker_loop(unsigned thread) {
    std::uint32_t seen = 0;
    while (true) {
      const auto changed = [&] { return generation.load(std::memory_order_acquire) != seen; };
      if (!spin_until(changed, kWorkerSpin)) {
        // seq_cst on both sides: either run() sees this worker counted in
        // `sleepers` and notifies, or this worker sees the new generation.
        sleepers.fetch_add(1, std::memory_order_seq_cst);
        while (generation.load(std::memory_order_seq_cst) == seen) generation.wait(seen);
        sleepers.fetch_sub(1, std::memory_order_relaxed);
      }
      seen = generation.load(std::memory_order_acquire);
      if (stopping.load(std::memory_order_relaxed)) return;
      join_run(thread);
    }
  }

  void publish_generation() {
    generation.fetch_add(1, std::memory_order_seq_cst);
    if (sleepers.load(std::memory_order_seq_cst) != 0) generation.notify_all();
  }

  // Waits until no joined worker is busy, then closes the run to newcomers.
  void close_run() {
    const auto closed = [&] {
      std::uint32_t idle = 0;
      return control.compare_exchange_strong(idle, kClosed, std::memory_order_acquire,
                                             std::memory_order_relaxed);
    };
    if (!spin_until(closed, kCallerSpin)) {
      while (!closed()) std::this_thread::yield();
    }
  }

  void stop_workers() {
    stopping.store(true, std::memory_order_relaxed);
    publish_generation();
    for (std::thread& worker : workers) worker.join();
  }
};

ThreadPool::ThreadPool(unsigned threads) : state_(std::make_unique<State>()) {
  if (threads == 0) raise(ErrorKind::invalid_argument, "a thread pool needs at least one thread");
  state_->size = threads;
  state_->workers.reserve(threads - 1);
  try {
    for (unsigned thread = 1; thread < threads; ++thread) {
      state_->workers.emplace_back([state = state_.get(), thread] { state->worker_loop(thread); });
    }
  } catch (...) {
    // The destructor does not run for a constructor that throws; the
    // workers already started must still be stopped and joined.
    state_->stop_workers();
    throw;
  }
}

ThreadPool::~ThreadPool() {
  state_->stop_workers();
}

unsigned ThreadPool::size() const noexcept {
  return state_->size;
}

void ThreadPool::run(std::size_t count,
                     const std::function<void(std::size_t index, unsigned thread)>& task) {
  if (count == 0) return;
  State& state = *state_;
  // Waking workers costs more than a single task usually does.
  if (state.workers.empty() || count == 1) {
    for (std::size_t index = 0; index < count; ++index) task(index, 0);
    return;
  }

  state.task = &task;
  state.count = count;
  state.next_index.store(0, std::memory_order_relaxed);
  state.failed.store(false, std::memory_order_relaxed);
  state.first_error = nullptr;
  state.control.store(0, std::memory_order_release);
  state.publish_generation();

  state.work(0);
  state.close_run();

  state.task = nullptr;
  if (state.failed.load(std::memory_order_relaxed)) {
    std::exception_ptr error = std::move(state.first_error);
    state.first_error = nullptr;
    std::rethrow_exception(error);
  }
}

unsigned default_thread_count() noexcept {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return 1;
  const int count = CPU_COUNT(&set);
  return count >= 1 ? static_cast<unsigned>(count) : 1u;
}

}  // namespace hearth
