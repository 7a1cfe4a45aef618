#include "circuit_breaker.h"

namespace hearth::remote::detail {

CircuitBreaker::Admission CircuitBreaker::admit(Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  if (state_ == BreakerState::open) {
    if (now - opened_at_ < options_.open_for) return Admission::refused;
    state_ = BreakerState::half_open;
  }
  if (state_ == BreakerState::half_open) {
    if (trial_running_) return Admission::refused;
    trial_running_ = true;
    return Admission::trial;
  }
  return Admission::call;
}

void CircuitBreaker::succeeded() {
  const std::lock_guard lock(mutex_);
  consecutive_failures_ = 0;
  // A call admitted before the breaker opened proves the provider answers
  // just as well as a trial does.
  state_ = BreakerState::closed;
  trial_running_ = false;
}

void CircuitBreaker::failed(Admission admission, Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  ++consecutive_failures_;
  if (admission == Admission::trial) {
    trial_running_ = false;
    state_ = BreakerState::open;
    opened_at_ = now;
  } else if (state_ == BreakerState::closed &&
             consecutive_failures_ >= options_.failure_threshold) {
    state_ = BreakerState::open;
    opened_at_ = now;
    trial_running_ = false;
  }
}

void CircuitBreaker::abandoned(Admission admission) {
  const std::lock_guard lock(mutex_);
  if (admission == Admission::trial) trial_running_ = false;
}

BreakerState CircuitBreaker::state(Clock::time_point now) const {
  const std::lock_guard lock(mutex_);
  if (state_ == BreakerState::open && now - opened_at_ >= options_.open_for) {
    return BreakerState::half_open;
  }
  return state_;
}

}  // namespace hearth::remote::detail
