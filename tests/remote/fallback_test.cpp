// Fallback chains: the next provider answers when one fails before any text.
#include <gtest/gtest.h>

#include <array>

#include "fake_provider.h"
#include "remote_test_config.h"

namespace hearth::remote {
namespace {

using hearth::testing::FakeFault;
using hearth::testing::FakeFlavor;
using hearth::testing::FakeProvider;
using std::chrono::milliseconds;

ProviderConfig down_config(std::string name) {
  ProviderConfig config;
  config.name = std::move(name);
  config.base_url = hearth::testing::unreachable_base_url();
  config.models = {"m"};
  config.retry.max_attempts = 1;
  return config;
}

TEST(Fallback, NextProviderAnswersWhenTheFirstIsDown) {
  FakeProvider fake(FakeFlavor::anthropic);
  fake.set_reply("from the second");
  Provider down(down_config("first"));
  Provider second(fake_config(fake, "second"));
  const std::array<Provider*, 2> chain = {&down, &second};
  std::vector<Attempt> failures;
  const ChainResult result = complete_with_fallback(chain, user_says("hi"), {}, {}, &failures);
  EXPECT_EQ(result.provider, &second);
  EXPECT_EQ(result.result.text, "from the second");
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].provider, "first");
  EXPECT_EQ(result.failures[0].failure, FailureKind::unreachable);
  EXPECT_EQ(failures.size(), 1u);
}

TEST(Fallback, AllFailingThrowsTheLastErrorAndListsEveryFailure) {
  FakeProvider fake;
  fake.push_fault(FakeFault::http_status(400, "bad request"));
  Provider down(down_config("first"));
  Provider refusing(fake_config(fake, "second"));
  const std::array<Provider*, 2> chain = {&down, &refusing};
  std::vector<Attempt> failures;
  try {
    complete_with_fallback(chain, user_says("hi"), {}, {}, &failures);
    ADD_FAILURE() << "the chain succeeded";
  } catch (const RemoteError& error) {
    EXPECT_EQ(error.provider(), "second");
    EXPECT_EQ(error.status(), 400);
  }
  ASSERT_EQ(failures.size(), 2u);
  EXPECT_EQ(failures[0].failure, FailureKind::unreachable);
  EXPECT_EQ(failures[1].failure, FailureKind::http_status);
  EXPECT_EQ(failures[1].provider, "second");
}

TEST(Fallback, TextAlreadyDeliveredEndsTheChain) {
  FakeProvider first;
  first.set_reply("partial answer here");
  first.push_fault(FakeFault::reset_mid_stream(1));
  FakeProvider second;
  Provider one(fake_config(first, "one"));
  Provider two(fake_config(second, "two"));
  const std::array<Provider*, 2> chain = {&one, &two};
  std::string received;
  std::vector<Attempt> failures;
  try {
    complete_with_fallback(
        chain, user_says("hi", true), [&](std::string_view text) { received += text; }, {},
        &failures);
    ADD_FAILURE() << "the chain succeeded";
  } catch (const RemoteError& error) {
    EXPECT_EQ(error.failure(), FailureKind::stream_broken);
    EXPECT_TRUE(error.output_started());
  }
  EXPECT_EQ(received, "partial ");
  EXPECT_EQ(second.request_count(), 0u);
  EXPECT_TRUE(failures.empty());
}

TEST(Fallback, OpenBreakerIsSkippedWithoutARequest) {
  FakeProvider first;
  first.push_fault(FakeFault::http_status(500, "down"));
  FakeProvider second;
  ProviderConfig first_config = fake_config(first, "one");
  first_config.retry.max_attempts = 1;
  first_config.breaker = {.failure_threshold = 1, .open_for = milliseconds(60'000)};
  Provider one(first_config);
  Provider two(fake_config(second, "two"));
  EXPECT_THROW(one.complete(user_says("hi")), RemoteError);
  ASSERT_FALSE(one.available());

  const std::array<Provider*, 2> chain = {&one, &two};
  const ChainResult result = complete_with_fallback(chain, user_says("hi"));
  EXPECT_EQ(result.provider, &two);
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].failure, FailureKind::breaker_open);
  EXPECT_EQ(first.request_count(), 1u);
}

TEST(Fallback, CancelledCallEndsTheChain) {
  FakeProvider first;
  FakeProvider second;
  Provider one(fake_config(first, "one"));
  Provider two(fake_config(second, "two"));
  const std::array<Provider*, 2> chain = {&one, &two};
  try {
    complete_with_fallback(chain, user_says("hi"), {}, [] { return true; });
    ADD_FAILURE() << "the chain succeeded";
  } catch (const RemoteError& error) {
    EXPECT_EQ(error.failure(), FailureKind::cancelled);
  }
  EXPECT_EQ(second.request_count(), 0u);
}

}  // namespace
}  // namespace hearth::remote
