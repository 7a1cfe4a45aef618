// The circuit breaker on its own (with made-up times), and in a Provider.
#include <gtest/gtest.h>

#include <thread>

#include "circuit_breaker.h"
#include "fake_provider.h"
#include "remote_test_config.h"

namespace hearth::remote {
namespace {

using detail::CircuitBreaker;
using hearth::testing::FakeFault;
using hearth::testing::FakeProvider;
using std::chrono::milliseconds;
using Admission = CircuitBreaker::Admission;

const CircuitBreaker::Clock::time_point t0{};

TEST(CircuitBreaker, OpensAfterConsecutiveFailures) {
  CircuitBreaker breaker({.failure_threshold = 3, .open_for = milliseconds(1'000)});
  for (int i = 0; i < 2; ++i) breaker.failed(breaker.admit(t0), t0);
  breaker.succeeded();  // the streak is broken
  for (int i = 0; i < 2; ++i) breaker.failed(breaker.admit(t0), t0);
  EXPECT_EQ(breaker.state(t0), BreakerState::closed);
  breaker.failed(breaker.admit(t0), t0);
  EXPECT_EQ(breaker.state(t0), BreakerState::open);
  EXPECT_EQ(breaker.admit(t0 + milliseconds(999)), Admission::refused);
}

TEST(CircuitBreaker, HalfOpenAdmitsOneTrialAtATime) {
  CircuitBreaker breaker({.failure_threshold = 1, .open_for = milliseconds(100)});
  breaker.failed(breaker.admit(t0), t0);
  const auto later = t0 + milliseconds(100);
  EXPECT_EQ(breaker.state(later), BreakerState::half_open);
  const Admission trial = breaker.admit(later);
  EXPECT_EQ(trial, Admission::trial);
  EXPECT_EQ(breaker.admit(later), Admission::refused);
  // A failed trial reopens for another full period.
  breaker.failed(trial, later);
  EXPECT_EQ(breaker.state(later + milliseconds(99)), BreakerState::open);
  const auto again = later + milliseconds(100);
  EXPECT_EQ(breaker.admit(again), Admission::trial);
  breaker.succeeded();
  EXPECT_EQ(breaker.state(again), BreakerState::closed);
  EXPECT_EQ(breaker.admit(again), Admission::call);
  EXPECT_EQ(breaker.admit(again), Admission::call);
}

TEST(CircuitBreaker, AnAbandonedTrialFreesTheSlot) {
  CircuitBreaker breaker({.failure_threshold = 1, .open_for = milliseconds(10)});
  breaker.failed(breaker.admit(t0), t0);
  const auto later = t0 + milliseconds(10);
  breaker.abandoned(breaker.admit(later));
  EXPECT_EQ(breaker.state(later), BreakerState::half_open);
  EXPECT_EQ(breaker.admit(later), Admission::trial);
}

TEST(CircuitBreaker, LateFailuresDoNotExtendTheOpenPeriod) {
  CircuitBreaker breaker({.failure_threshold = 1, .open_for = milliseconds(100)});
  const Admission first = breaker.admit(t0);
  const Admission second = breaker.admit(t0);
  breaker.failed(first, t0);
  breaker.failed(second, t0 + milliseconds(50));
  EXPECT_EQ(breaker.state(t0 + milliseconds(100)), BreakerState::half_open);
}

TEST(ProviderBreaker, OpensRejectsHalfOpensAndCloses) {
  FakeProvider fake;
  fake.push_fault(FakeFault::http_status(503, "down for maintenance"), 2);
  ProviderConfig config = fake_config(fake);
  config.retry.max_attempts = 1;
  config.breaker = {.failure_threshold = 2, .open_for = milliseconds(200)};
  Provider provider(config);

  for (int call = 0; call < 2; ++call) {
    EXPECT_THROW(provider.complete(user_says("hi")), RemoteError);
  }
  EXPECT_EQ(provider.breaker_state(), BreakerState::open);
  EXPECT_FALSE(provider.available());
  try {
    provider.complete(user_says("hi"));
    ADD_FAILURE() << "an open breaker let a call through";
  } catch (const RemoteError& error) {
    EXPECT_EQ(error.failure(), FailureKind::breaker_open);
    EXPECT_TRUE(error.retryable());
  }
  EXPECT_EQ(fake.request_count(), 2u);

  std::this_thread::sleep_for(milliseconds(250));
  EXPECT_EQ(provider.breaker_state(), BreakerState::half_open);
  EXPECT_TRUE(provider.available());
  EXPECT_EQ(provider.complete(user_says("hi")).text, "Hello from the fake provider.");
  EXPECT_EQ(provider.breaker_state(), BreakerState::closed);
  EXPECT_EQ(fake.request_count(), 3u);
}

TEST(ProviderBreaker, MalformedAnswersCountAsFailures) {
  FakeProvider fake;
  fake.push_fault(FakeFault::malformed(), 2);
  ProviderConfig config = fake_config(fake);
  config.breaker = {.failure_threshold = 2, .open_for = milliseconds(60'000)};
  Provider provider(config);
  for (int call = 0; call < 2; ++call) {
    EXPECT_THROW(provider.complete(user_says("hi")), RemoteError);
  }
  EXPECT_EQ(provider.breaker_state(), BreakerState::open);
}

}  // namespace
}  // namespace hearth::remote
