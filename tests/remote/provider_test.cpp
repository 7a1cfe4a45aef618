// Provider::complete against loopback stand-ins of both APIs: what is sent,
// what comes back, and each way a call goes wrong.
#include "hearth/remote/provider.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "fake_provider.h"
#include "hearth/http/server.h"
#include "remote_test_config.h"

namespace hearth::remote {
namespace {

using hearth::testing::FakeFault;
using hearth::testing::FakeFlavor;
using hearth::testing::FakeProvider;
using std::chrono::milliseconds;

RemoteError complete_expecting_failure(Provider& provider, const RemoteRequest& request,
                                       const DeltaSink& sink = {},
                                       const CancelCheck& cancelled = {}) {
  try {
    provider.complete(request, sink, cancelled);
  } catch (const RemoteError& error) {
    return error;
  }
  ADD_FAILURE() << "the call succeeded";
  return RemoteError(FailureKind::cancelled, "", "");
}

class BothApis : public ::testing::TestWithParam<FakeFlavor> {};

std::string flavor_name(const ::testing::TestParamInfo<FakeFlavor>& flavor) {
  return flavor.param == FakeFlavor::openai ? "openai" : "anthropic";
}

INSTANTIATE_TEST_SUITE_P(Remote, BothApis,
                         ::testing::Values(FakeFlavor::openai, FakeFlavor::anthropic), flavor_name);

TEST_P(BothApis, CompletesAndSendsTheApisRequest) {
  FakeProvider fake(GetParam());
  fake.require_api_key("sk-test");
  fake.set_reply("Paris is the capital.");
  fake.set_usage(11, 5);
  ProviderConfig config = fake_config(fake);
  config.api_key = "sk-test";
  Provider provider(config);

  RemoteRequest request = user_says("Capital of France?");
  request.messages.insert(request.messages.begin(), {"system", "Be terse."});
  const RemoteResult result = provider.complete(request);
  EXPECT_EQ(result.text, "Paris is the capital.");
  EXPECT_EQ(result.finish_reason, "stop");
  EXPECT_EQ(result.model, "test-model");
  EXPECT_EQ(result.usage.input_tokens, 11u);
  EXPECT_EQ(result.usage.output_tokens, 5u);
  EXPECT_EQ(result.attempts, 1);

  ASSERT_EQ(fake.request_count(), 1u);
  const hearth::testing::ProviderRequest sent = fake.requests().front();
  EXPECT_EQ(sent.method, "POST");
  EXPECT_EQ(sent.header("Content-Type"), "application/json");
  const nlohmann::json body = sent.json();
  EXPECT_EQ(body["model"], "test-model");
  EXPECT_EQ(body["stream"], false);
  if (GetParam() == FakeFlavor::openai) {
    EXPECT_EQ(sent.path, "/v1/chat/completions");
    EXPECT_EQ(sent.header("Authorization"), "Bearer sk-test");
    EXPECT_EQ(body["messages"].size(), 2u);
  } else {
    EXPECT_EQ(sent.path, "/v1/messages");
    EXPECT_EQ(sent.header("x-api-key"), "sk-test");
    EXPECT_EQ(sent.header("anthropic-version"), "2023-06-01");
    EXPECT_FALSE(sent.header("Authorization"));
    EXPECT_EQ(body["system"], "Be terse.");
    EXPECT_EQ(body["max_tokens"], 4096);
    EXPECT_EQ(body["messages"].size(), 1u);
  }
}

TEST_P(BothApis, StreamsDeltasInOrder) {
  FakeProvider fake(GetParam());
  fake.set_reply("one two three four");
  fake.set_usage(7, 4);
  Provider provider(fake_config(fake));
  std::vector<std::string> deltas;
  const RemoteResult result = provider.complete(
      user_says("count", true), [&](std::string_view text) { deltas.emplace_back(text); });
  EXPECT_EQ(deltas, (std::vector<std::string>{"one ", "two ", "three ", "four"}));
  EXPECT_EQ(result.text, "one two three four");
  EXPECT_EQ(result.finish_reason, "stop");
  EXPECT_EQ(result.usage.input_tokens, 7u);
  EXPECT_EQ(result.usage.output_tokens, 4u);
  EXPECT_EQ(fake.requests().front().json()["stream"], true);
}

TEST_P(BothApis, ReportsLengthAsTheFinishReason) {
  FakeProvider fake(GetParam());
  fake.set_finish_reason("length");
  Provider provider(fake_config(fake));
  EXPECT_EQ(provider.complete(user_says("hi")).finish_reason, "length");
  EXPECT_EQ(provider.complete(user_says("hi", true)).finish_reason, "length");
}

TEST_P(BothApis, EchoesThroughAResponder) {
  FakeProvider fake(GetParam());
  fake.set_responder(hearth::testing::last_user_message);
  Provider provider(fake_config(fake));
  RemoteRequest request = user_says("first");
  request.messages.push_back({"assistant", "ok"});
  request.messages.push_back({"user", "echo <PERSON_1>"});
  EXPECT_EQ(provider.complete(request).text, "echo <PERSON_1>");
}

TEST_P(BothApis, ServerErrorIsRetried) {
  FakeProvider fake(GetParam());
  fake.push_fault(FakeFault::http_status(500, "boom"));
  Provider provider(fake_config(fake));
  const RemoteResult result = provider.complete(user_says("hi"));
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(fake.request_count(), 2u);
}

TEST_P(BothApis, MalformedAnswerIsNotRetried) {
  FakeProvider fake(GetParam());
  fake.push_fault(FakeFault::malformed(), 2);
  Provider provider(fake_config(fake));
  for (const bool stream : {false, true}) {
    const RemoteError error = complete_expecting_failure(provider, user_says("hi", stream));
    EXPECT_EQ(error.failure(), FailureKind::malformed) << error.what();
    EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
  }
  EXPECT_EQ(fake.request_count(), 2u);
}

TEST_P(BothApis, StreamResetAfterTextEndsTheCallWithoutRetry) {
  FakeProvider fake(GetParam());
  fake.set_reply("alpha beta gamma delta");
  fake.push_fault(FakeFault::reset_mid_stream(2));
  Provider provider(fake_config(fake));
  std::string received;
  const RemoteError error = complete_expecting_failure(
      provider, user_says("hi", true), [&](std::string_view text) { received += text; });
  EXPECT_EQ(error.failure(), FailureKind::stream_broken) << error.what();
  EXPECT_TRUE(error.output_started());
  EXPECT_EQ(received, "alpha beta ");
  EXPECT_EQ(fake.request_count(), 1u);
}

TEST_P(BothApis, StreamResetBeforeTextIsRetried) {
  FakeProvider fake(GetParam());
  fake.set_reply("alpha beta");
  fake.push_fault(FakeFault::reset_mid_stream(0));
  Provider provider(fake_config(fake));
  std::string received;
  const RemoteResult result =
      provider.complete(user_says("hi", true), [&](std::string_view text) { received += text; });
  EXPECT_EQ(result.attempts, 2);
  EXPECT_EQ(received, "alpha beta");
}

TEST_P(BothApis, ErrorEventMidStreamBreaksTheStream) {
  FakeProvider fake(GetParam());
  fake.set_reply("alpha beta");
  fake.push_fault(FakeFault::error_event("Overloaded", 1));
  Provider provider(fake_config(fake));
  const RemoteError error = complete_expecting_failure(provider, user_says("hi", true));
  EXPECT_EQ(error.failure(), FailureKind::stream_broken);
  EXPECT_TRUE(error.output_started());
  EXPECT_NE(std::string(error.what()).find("Overloaded"), std::string::npos) << error.what();
  EXPECT_EQ(fake.request_count(), 1u);
}

TEST(Provider, ReadTimeoutWhenNothingArrives) {
  FakeProvider fake;
  fake.push_fault(FakeFault::delay(milliseconds(10'000)));
  ProviderConfig config = fake_config(fake);
  config.read_timeout = milliseconds(300);
  config.retry.max_attempts = 1;
  Provider provider(config);
  const auto start = std::chrono::steady_clock::now();
  const RemoteError error = complete_expecting_failure(provider, user_says("hi"));
  EXPECT_EQ(error.failure(), FailureKind::timeout) << error.what();
  EXPECT_TRUE(error.retryable());
  EXPECT_GE(elapsed_ms(start), 250);
  EXPECT_LT(elapsed_ms(start), 5'000);
}

TEST(Provider, StallAfterTextIsATimeoutWithoutRetry) {
  FakeProvider fake(FakeFlavor::anthropic);
  fake.set_reply("alpha beta gamma");
  fake.push_fault(FakeFault::stall_mid_stream(milliseconds(5'000), 1));
  ProviderConfig config = fake_config(fake);
  config.read_timeout = milliseconds(300);
  Provider provider(config);
  std::string received;
  const RemoteError error = complete_expecting_failure(
      provider, user_says("hi", true), [&](std::string_view text) { received += text; });
  EXPECT_EQ(error.failure(), FailureKind::timeout) << error.what();
  EXPECT_TRUE(error.output_started());
  EXPECT_EQ(received, "alpha ");
  EXPECT_EQ(fake.request_count(), 1u);
}

TEST(Provider, HonoursRetryAfter) {
  FakeProvider fake;
  fake.push_fault(FakeFault::http_status(429, "slow down", "1"));
  Provider provider(fake_config(fake));
  const auto start = std::chrono::steady_clock::now();
  const RemoteResult result = provider.complete(user_says("hi"));
  EXPECT_GE(elapsed_ms(start), 950);
  EXPECT_EQ(result.attempts, 2);
}

TEST(Provider, RetryAfterBeyondMaxDelayFailsAtOnce) {
  FakeProvider fake;
  fake.push_fault(FakeFault::http_status(429, "quota exhausted", "30"));
  ProviderConfig config = fake_config(fake);
  config.retry.max_delay = milliseconds(500);
  Provider provider(config);
  const auto start = std::chrono::steady_clock::now();
  const RemoteError error = complete_expecting_failure(provider, user_says("hi"));
  EXPECT_LT(elapsed_ms(start), 5'000);
  EXPECT_EQ(error.failure(), FailureKind::http_status);
  EXPECT_EQ(error.status(), 429);
  EXPECT_EQ(error.retry_after(), std::chrono::seconds(30));
  EXPECT_NE(std::string(error.what()).find("quota exhausted"), std::string::npos) << error.what();
  EXPECT_EQ(fake.request_count(), 1u);
}

TEST(Provider, GivesUpAfterMaxAttempts) {
  FakeProvider fake(FakeFlavor::anthropic);
  fake.push_fault(FakeFault::http_status(529, "Overloaded"), 3);
  Provider provider(fake_config(fake));
  const RemoteError error = complete_expecting_failure(provider, user_says("hi"));
  EXPECT_EQ(error.status(), 529);
  EXPECT_NE(std::string(error.what()).find("after 3 tries"), std::string::npos) << error.what();
  EXPECT_EQ(fake.request_count(), 3u);
}

TEST(Provider, UnauthorizedIsNotRetriedAndKeepsTheKeySecret) {
  FakeProvider fake;
  fake.push_fault(FakeFault::http_status(401, "Incorrect API key provided: sk-wrong-key-123"), 3);
  ProviderConfig config = fake_config(fake);
  config.api_key = "sk-wrong-key-123";
  config.breaker.failure_threshold = 2;
  Provider provider(config);
  for (int call = 0; call < 3; ++call) {
    const RemoteError error = complete_expecting_failure(provider, user_says("hi"));
    EXPECT_EQ(error.failure(), FailureKind::http_status);
    EXPECT_EQ(error.status(), 401);
    EXPECT_FALSE(error.retryable());
    EXPECT_EQ(std::string(error.what()).find("sk-wrong-key-123"), std::string::npos)
        << error.what();
  }
  EXPECT_EQ(fake.request_count(), 3u);
  // The request's fault, not the provider's: the breaker stays closed.
  EXPECT_EQ(provider.breaker_state(), BreakerState::closed);
}

TEST(Provider, DownProviderIsUnreachableQuickly) {
  ProviderConfig config;
  config.name = "down";
  config.base_url = hearth::testing::unreachable_base_url();
  config.models = {"m"};
  config.retry.base_delay = milliseconds(5);
  Provider provider(config);
  const auto start = std::chrono::steady_clock::now();
  const RemoteError error = complete_expecting_failure(provider, user_says("hi"));
  EXPECT_EQ(error.failure(), FailureKind::unreachable) << error.what();
  EXPECT_EQ(error.kind(), ErrorKind::io);
  EXPECT_LT(elapsed_ms(start), 3'000);
}

TEST(Provider, StoppedFakeIsUnreachable) {
  FakeProvider fake;
  ProviderConfig config = fake_config(fake);
  config.retry.max_attempts = 1;
  Provider provider(config);
  EXPECT_EQ(provider.complete(user_says("hi")).attempts, 1);
  fake.stop();
  EXPECT_EQ(complete_expecting_failure(provider, user_says("hi")).failure(),
            FailureKind::unreachable);
}

TEST(Provider, CancelStopsAHungCallPromptly) {
  FakeProvider fake;
  fake.push_fault(FakeFault::delay(milliseconds(10'000)));
  ProviderConfig config = fake_config(fake);
  config.read_timeout = milliseconds(30'000);
  Provider provider(config);
  std::atomic<bool> cancel{false};
  std::thread canceller([&] {
    std::this_thread::sleep_for(milliseconds(200));
    cancel = true;
  });
  const auto start = std::chrono::steady_clock::now();
  const RemoteError error =
      complete_expecting_failure(provider, user_says("hi"), {}, [&] { return cancel.load(); });
  canceller.join();
  EXPECT_EQ(error.failure(), FailureKind::cancelled);
  EXPECT_FALSE(error.retryable());
  EXPECT_LT(elapsed_ms(start), 3'000);
  EXPECT_EQ(fake.request_count(), 1u);
  EXPECT_EQ(provider.breaker_state(), BreakerState::closed);
}

TEST(Provider, CallerSinkExceptionsPassThrough) {
  FakeProvider fake;
  fake.set_reply("a b c");
  Provider provider(fake_config(fake));
  EXPECT_THROW(provider.complete(user_says("hi", true),
                                 [](std::string_view) { throw std::runtime_error("client left"); }),
               std::runtime_error);
  EXPECT_EQ(fake.request_count(), 1u);
}

TEST(Provider, ParallelCallsShareConnections) {
  FakeProvider fake;
  fake.set_responder(hearth::testing::last_user_message);
  Provider provider(fake_config(fake));
  std::vector<std::thread> threads;
  std::atomic<int> correct{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const std::string text = "thread " + std::to_string(t) + " call " + std::to_string(i);
        if (provider.complete(user_says(text, i % 2 == 0)).text == text) ++correct;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(correct.load(), 40);
}

TEST(Provider, StreamedCallToAServerThatIgnoresStreamStillDelivers) {
  http::Server server({}, [](const http::Request&, http::Exchange& exchange) {
    exchange.respond({200,
                      {{"Content-Type", "application/json; charset=utf-8"}},
                      R"({"choices":[{"message":{"content":"whole"},"finish_reason":"stop"}]})"});
  });
  server.start();
  ProviderConfig config;
  config.name = "old-server";
  config.base_url = "http://127.0.0.1:" + std::to_string(server.port()) + "/v1";
  config.models = {"m"};
  Provider provider(config);
  std::string received;
  const RemoteResult result =
      provider.complete(user_says("hi", true), [&](std::string_view text) { received += text; });
  EXPECT_EQ(received, "whole");
  EXPECT_EQ(result.text, "whole");
  EXPECT_EQ(result.model, "m");
}

TEST(Provider, CostFollowsThePrices) {
  ProviderConfig config;
  config.name = "priced";
  config.base_url = "https://api.example.com/v1";
  config.models = {"m"};
  config.price = {2.5, 10.0};
  const Provider provider(config);
  EXPECT_DOUBLE_EQ(provider.cost({1'000'000, 0}), 2.5);
  EXPECT_DOUBLE_EQ(provider.cost({2'000, 500}), 0.005 + 0.005);
  EXPECT_DOUBLE_EQ(provider.cost({}), 0.0);
}

TEST(Provider, RefusesBadSettings) {
  ProviderConfig config;
  config.name = "p";
  config.base_url = "https://api.example.com/v1";
  config.models = {"m"};
  EXPECT_NO_THROW(Provider{config});
  ProviderConfig no_name = config;
  no_name.name.clear();
  EXPECT_THROW(Provider{no_name}, Error);
  ProviderConfig ftp = config;
  ftp.base_url = "ftp://example.com";
  EXPECT_THROW(Provider{ftp}, Error);
  ProviderConfig no_models = config;
  no_models.models.clear();
  EXPECT_THROW(Provider{no_models}, Error);
  ProviderConfig header_injection = config;
  header_injection.api_key = "key\r\nX-Evil: 1";
  EXPECT_THROW(Provider{header_injection}, Error);
  ProviderConfig no_tries = config;
  no_tries.retry.max_attempts = 0;
  EXPECT_THROW(Provider{no_tries}, Error);
}

}  // namespace
}  // namespace hearth::remote
