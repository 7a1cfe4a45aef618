// What goes on the wire for each API, and how answers are read back.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "anthropic_wire.h"
#include "backoff.h"
#include "error_body.h"
#include "openai_wire.h"
#include "retry_after.h"

namespace hearth::remote {
namespace {

using nlohmann::json;

RemoteRequest full_request() {
  RemoteRequest request;
  request.messages = {{"system", "Be brief."},    {"user", "Hi"},
                      {"assistant", "Hello."},    {"system", "Answer in French."},
                      {"user", "Name a cheese."}, {"user", "Just one."}};
  request.max_tokens = 64;
  request.temperature = 0.5;
  request.top_p = 0.9;
  request.seed = 42;
  request.stop = {"\n\n", "END"};
  request.response_format_json = R"({"type":"json_object"})";
  return request;
}

TEST(OpenAiWire, RequestCarriesEverySetting) {
  const json body = json::parse(detail::openai_request_body(full_request(), "gpt-test"));
  const json expected = {{"model", "gpt-test"},
                         {"messages",
                          {{{"role", "system"}, {"content", "Be brief."}},
                           {{"role", "user"}, {"content", "Hi"}},
                           {{"role", "assistant"}, {"content", "Hello."}},
                           {{"role", "system"}, {"content", "Answer in French."}},
                           {{"role", "user"}, {"content", "Name a cheese."}},
                           {{"role", "user"}, {"content", "Just one."}}}},
                         {"max_tokens", 64},
                         {"temperature", 0.5},
                         {"top_p", 0.9},
                         {"seed", 42},
                         {"stop", {"\n\n", "END"}},
                         {"response_format", {{"type", "json_object"}}},
                         {"stream", false}};
  EXPECT_EQ(body, expected);
}

TEST(OpenAiWire, MinimalStreamingRequestAsksForUsage) {
  RemoteRequest request;
  request.messages = {{"user", "Hi"}};
  request.stream = true;
  const json body = json::parse(detail::openai_request_body(request, "m"));
  const json expected = {{"model", "m"},
                         {"messages", {{{"role", "user"}, {"content", "Hi"}}}},
                         {"stream", true},
                         {"stream_options", {{"include_usage", true}}}};
  EXPECT_EQ(body, expected);
}

TEST(OpenAiWire, RefusesAResponseFormatThatIsNotAnObject) {
  RemoteRequest request;
  request.messages = {{"user", "Hi"}};
  request.response_format_json = "[1,2";
  EXPECT_THROW(detail::openai_request_body(request, "m"), Error);
}

TEST(OpenAiWire, InvalidUtf8IsReplacedNotFatal) {
  RemoteRequest request;
  request.messages = {{"user", std::string("caf\xC3", 4)}};
  const json body = json::parse(detail::openai_request_body(request, "m"));
  EXPECT_EQ(body["messages"][0]["content"], "caf\xEF\xBF\xBD");
}

TEST(AnthropicWire, RequestMovesSystemAndMergesTurns) {
  RemoteRequest request = full_request();
  request.temperature = 1.7;  // OpenAI's range; Anthropic's ends at 1
  const json body = json::parse(detail::anthropic_request_body(request, "claude-test"));
  const json expected = {{"model", "claude-test"},
                         {"max_tokens", 64},
                         {"system", "Be brief.\n\nAnswer in French."},
                         {"messages",
                          {{{"role", "user"}, {"content", "Hi"}},
                           {{"role", "assistant"}, {"content", "Hello."}},
                           {{"role", "user"}, {"content", "Name a cheese.\n\nJust one."}}}},
                         {"temperature", 1.0},
                         {"top_p", 0.9},
                         {"stop_sequences", {"\n\n", "END"}},
                         {"stream", false}};
  EXPECT_EQ(body, expected);
}

TEST(AnthropicWire, MinimalRequestGetsDefaultMaxTokensAndNoSystem) {
  RemoteRequest request;
  request.messages = {{"user", "Hi"}};
  request.stream = true;
  const json body = json::parse(detail::anthropic_request_body(request, "c"));
  const json expected = {{"model", "c"},
                         {"max_tokens", 4096},
                         {"messages", {{{"role", "user"}, {"content", "Hi"}}}},
                         {"stream", true}};
  EXPECT_EQ(body, expected);
}

TEST(AnthropicWire, RefusesRolesItHasNoPlaceFor) {
  RemoteRequest request;
  request.messages = {{"tool", "42"}};
  EXPECT_THROW(detail::anthropic_request_body(request, "c"), Error);
}

TEST(OpenAiWire, ParsesACompletion) {
  const RemoteResult result = detail::parse_openai_response(R"({
    "id": "x", "model": "gpt-4o-2024",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "Bonjour"},
                 "finish_reason": "length"}],
    "usage": {"prompt_tokens": 12, "completion_tokens": 3, "total_tokens": 15}})");
  EXPECT_EQ(result.text, "Bonjour");
  EXPECT_EQ(result.finish_reason, "length");
  EXPECT_EQ(result.model, "gpt-4o-2024");
  EXPECT_EQ(result.usage.input_tokens, 12u);
  EXPECT_EQ(result.usage.output_tokens, 3u);
}

TEST(OpenAiWire, NullContentIsEmptyText) {
  const RemoteResult result = detail::parse_openai_response(
      R"({"choices":[{"message":{"content":null,"tool_calls":[]},"finish_reason":"tool_calls"}]})");
  EXPECT_EQ(result.text, "");
  EXPECT_EQ(result.finish_reason, "tool_calls");
  EXPECT_EQ(result.usage.input_tokens, 0u);
}

TEST(OpenAiWire, RefusesWhatIsNotACompletion) {
  for (const char* body : {"", "not json", "[]", "{}", R"({"choices":[]})", R"({"choices":[1]})",
                           R"({"choices":[{"message":{"content":5}}]})",
                           R"({"choices":[{"message":{}}],"usage":{"prompt_tokens":-1}})",
                           R"({"choices":[{"message":{}}],"usage":{"prompt_tokens":1.5}})",
                           R"({"error":{"message":"quota"}})"}) {
    SCOPED_TRACE(body);
    try {
      detail::parse_openai_response(body);
      ADD_FAILURE() << "accepted";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::invalid_data);
    }
  }
}

TEST(AnthropicWire, ParsesAMessage) {
  const RemoteResult result = detail::parse_anthropic_response(R"({
    "id": "msg_1", "type": "message", "role": "assistant", "model": "claude-x",
    "content": [{"type": "text", "text": "Bon"}, {"type": "tool_use", "id": "t", "name": "f",
                 "input": {}}, {"type": "text", "text": "jour"}],
    "stop_reason": "max_tokens", "stop_sequence": null,
    "usage": {"input_tokens": 20, "output_tokens": 7}})");
  EXPECT_EQ(result.text, "Bonjour");
  EXPECT_EQ(result.finish_reason, "length");
  EXPECT_EQ(result.model, "claude-x");
  EXPECT_EQ(result.usage.input_tokens, 20u);
  EXPECT_EQ(result.usage.output_tokens, 7u);
}

TEST(AnthropicWire, StopReasonsInOpenAiWords) {
  EXPECT_EQ(detail::anthropic_finish_reason("end_turn"), "stop");
  EXPECT_EQ(detail::anthropic_finish_reason("stop_sequence"), "stop");
  EXPECT_EQ(detail::anthropic_finish_reason("max_tokens"), "length");
  EXPECT_EQ(detail::anthropic_finish_reason("tool_use"), "tool_use");
  EXPECT_EQ(detail::anthropic_finish_reason("refusal"), "refusal");
}

TEST(AnthropicWire, RefusesWhatIsNotAMessage) {
  for (const char* body :
       {"", "{", "{}", R"({"content":{}})", R"({"content":[1]})",
        R"({"content":[{"type":"text","text":1}]})",
        R"({"type":"error","error":{"type":"overloaded_error","message":"x"}})"}) {
    SCOPED_TRACE(body);
    EXPECT_THROW(detail::parse_anthropic_response(body), Error);
  }
}

TEST(ErrorBody, TakesTheProvidersMessage) {
  EXPECT_EQ(detail::provider_error_message(
                R"({"error":{"message":"Rate limit reached","type":"requests","code":null}})"),
            "Rate limit reached");
  EXPECT_EQ(detail::provider_error_message(
                R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})"),
            "Overloaded");
  EXPECT_EQ(detail::provider_error_message(R"({"error":"model not found"})"), "model not found");
  EXPECT_EQ(detail::provider_error_message("Bad\r\nGateway"), "Bad  Gateway");
  EXPECT_EQ(detail::provider_error_message(""), "");
}

TEST(ErrorBody, LongMessagesAreCutAtACharacterBoundary) {
  std::string body;
  for (int i = 0; i < 400; ++i) body += "é";  // two bytes each
  const std::string message = detail::provider_error_message(body);
  EXPECT_LE(message.size(), detail::kMaxErrorMessageBytes + 3);
  EXPECT_TRUE(message.ends_with("é…"));
}

TEST(RetryAfter, SecondsAndDates) {
  const auto now = std::chrono::system_clock::from_time_t(1'445'412'480);  // 07:28:00 GMT
  EXPECT_EQ(detail::parse_retry_after("1", now), std::chrono::seconds(1));
  EXPECT_EQ(detail::parse_retry_after(" 120 ", now), std::chrono::seconds(120));
  EXPECT_EQ(detail::parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            std::chrono::seconds(30));
  EXPECT_EQ(detail::parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            std::chrono::milliseconds(0));
  EXPECT_EQ(detail::parse_retry_after("99999999999999999999999", now), std::chrono::hours(24));
  // A date centuries away (found by remote_response_fuzz: it overflowed the
  // clock's nanoseconds) is the longest wait, not undefined behaviour.
  EXPECT_EQ(detail::parse_retry_after("Wed, 21 Oct 8975 0:28:00 GMT", now), std::chrono::hours(24));
  EXPECT_EQ(detail::parse_retry_after("", now), std::nullopt);
  EXPECT_EQ(detail::parse_retry_after("soon", now), std::nullopt);
  EXPECT_EQ(detail::parse_retry_after("1.5", now), std::nullopt);
  EXPECT_EQ(detail::parse_retry_after_ms("250"), std::chrono::milliseconds(250));
  EXPECT_EQ(detail::parse_retry_after_ms("0.5"), std::chrono::milliseconds(1));
  EXPECT_EQ(detail::parse_retry_after_ms("-3"), std::nullopt);
  EXPECT_EQ(detail::parse_retry_after_ms("nan"), std::nullopt);
}

TEST(Backoff, CeilingDoublesUpToMaxDelay) {
  RetryOptions options;
  options.base_delay = std::chrono::milliseconds(100);
  options.max_delay = std::chrono::milliseconds(1'000);
  EXPECT_EQ(detail::backoff_ceiling(1, options), std::chrono::milliseconds(100));
  EXPECT_EQ(detail::backoff_ceiling(2, options), std::chrono::milliseconds(200));
  EXPECT_EQ(detail::backoff_ceiling(4, options), std::chrono::milliseconds(800));
  EXPECT_EQ(detail::backoff_ceiling(5, options), std::chrono::milliseconds(1'000));
  EXPECT_EQ(detail::backoff_ceiling(1'000, options), std::chrono::milliseconds(1'000));
  for (int i = 0; i < 200; ++i) {
    const std::chrono::milliseconds wait = detail::jittered_backoff(3, options);
    EXPECT_GE(wait.count(), 0);
    EXPECT_LE(wait.count(), 400);
  }
}

TEST(Names, KindsHaveTheirWords) {
  EXPECT_EQ(provider_kind_name(ProviderKind::openai), "openai");
  EXPECT_EQ(provider_kind_name(ProviderKind::anthropic), "anthropic");
  EXPECT_EQ(failure_kind_name(FailureKind::breaker_open), "breaker_open");
  EXPECT_EQ(failure_kind_name(FailureKind::stream_broken), "stream_broken");
}

TEST(RemoteErrorTest, RetryableFailuresAndErrorKinds) {
  EXPECT_TRUE(RemoteError(FailureKind::http_status, "p", "m", 429).retryable());
  EXPECT_TRUE(RemoteError(FailureKind::http_status, "p", "m", 408).retryable());
  EXPECT_TRUE(RemoteError(FailureKind::http_status, "p", "m", 503).retryable());
  EXPECT_FALSE(RemoteError(FailureKind::http_status, "p", "m", 401).retryable());
  EXPECT_FALSE(RemoteError(FailureKind::malformed, "p", "m").retryable());
  EXPECT_FALSE(RemoteError(FailureKind::cancelled, "p", "m").retryable());
  EXPECT_TRUE(RemoteError(FailureKind::unreachable, "p", "m").retryable());
  EXPECT_EQ(RemoteError(FailureKind::http_status, "p", "m", 400).kind(),
            ErrorKind::invalid_argument);
  EXPECT_EQ(RemoteError(FailureKind::http_status, "p", "m", 404).kind(), ErrorKind::not_found);
  EXPECT_EQ(RemoteError(FailureKind::http_status, "p", "m", 500).kind(), ErrorKind::io);
  EXPECT_EQ(RemoteError(FailureKind::malformed, "p", "m").kind(), ErrorKind::invalid_data);
  EXPECT_EQ(RemoteError(FailureKind::timeout, "p", "m").kind(), ErrorKind::io);
}

}  // namespace
}  // namespace hearth::remote
