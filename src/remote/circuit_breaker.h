// A circuit breaker for one provider: closed while calls succeed; open after
// `failure_threshold` failed calls in a row, refusing calls for `open_for`;
// then half-open, letting one trial call through at a time, whose outcome
// closes or reopens it. Thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

#include "hearth/remote/provider.h"

namespace hearth::remote::detail {

class CircuitBreaker {
 public:
  using Clock = std::chrono::steady_clock;
  enum class Admission : std::uint8_t { refused, call, trial };

  explicit CircuitBreaker(BreakerOptions options) : options_(options) {}

  // Whether a call may go ahead at `now` (a half-open breaker's one trial
  // call). An admitted call reports how it went with exactly one of
  // succeeded, failed or abandoned (the last two given its admission back).
  Admission admit(Clock::time_point now);
  // Any success closes the breaker: the provider answers.
  void succeeded();
  void failed(Admission admission, Clock::time_point now);
  // The call says nothing about the provider's health (it was cancelled): a
  // trial's slot is freed for the next call.
  void abandoned(Admission admission);

  BreakerState state(Clock::time_point now) const;

 private:
  BreakerOptions options_;
  mutable std::mutex mutex_;
  BreakerState state_ = BreakerState::closed;
  int consecutive_failures_ = 0;
  Clock::time_point opened_at_{};
  bool trial_running_ = false;
};

}  // namespace hearth::remote::detail
