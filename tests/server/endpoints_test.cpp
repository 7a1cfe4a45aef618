// Each endpoint's answers on the real server: shapes as OpenAI's API gives
// them, usage, logprobs, streaming, prefix reuse, embeddings, health and
// metrics.
#include <cmath>
#include <cstring>

#include "server_fixture.h"

namespace hearth::server::testing {
namespace {

Json chat(int max_tokens, std::string user = "Say something.") {
  return {{"model", "tiny"},
          {"messages", Json::array({{{"role", "system"}, {"content", "You are terse."}},
                                    {{"role", "user"}, {"content", std::move(user)}}})},
          {"max_tokens", max_tokens},
          {"temperature", 0}};
}

class EndpointsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new RunningServer(tiny_config()); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static RunningServer* server_;
};

RunningServer* EndpointsTest::server_ = nullptr;

TEST_F(EndpointsTest, ListsAndDescribesModels) {
  const JsonReply list = server_->get("/v1/models");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body["object"], "list");
  // The model, then the router's default route "auto" (to the first model).
  ASSERT_EQ(list.body["data"].size(), 2u);
  EXPECT_EQ(list.body["data"][0]["id"], "tiny");
  EXPECT_EQ(list.body["data"][1]["id"], "auto");
  EXPECT_EQ(list.body["data"][0]["object"], "model");
  EXPECT_EQ(list.body["data"][0]["owned_by"], "hearth");
  const JsonReply one = server_->get("/v1/models/tiny");
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(one.body["id"], "tiny");
}

TEST_F(EndpointsTest, TheDefaultRouteNamesTheFirstModelOnEveryEndpoint) {
  const JsonReply chat_reply =
      server_->post("/v1/chat/completions", {{"model", "auto"},
                                             {"messages", {{{"role", "user"}, {"content", "Hi"}}}},
                                             {"max_tokens", 3}});
  ASSERT_EQ(chat_reply.status, 200) << chat_reply.raw.body;
  EXPECT_EQ(chat_reply.raw.header("x-hearth-route"), "local");
  const JsonReply completion = server_->post(
      "/v1/completions", {{"model", "auto"}, {"prompt", "Once upon"}, {"max_tokens", 3}});
  EXPECT_EQ(completion.status, 200) << completion.raw.body;
  const JsonReply embedding =
      server_->post("/v1/embeddings", {{"model", "auto"}, {"input", "hello"}});
  EXPECT_EQ(embedding.status, 200) << embedding.raw.body;
}

TEST_F(EndpointsTest, ChatCompletionHasOpenAIsShapeAndUsage) {
  const JsonReply reply = server_->post("/v1/chat/completions", chat(6));
  ASSERT_EQ(reply.status, 200) << reply.raw.body;
  const Json& body = reply.body;
  EXPECT_TRUE(body["id"].get<std::string>().starts_with("chatcmpl-"));
  EXPECT_EQ(body["object"], "chat.completion");
  EXPECT_EQ(body["model"], "tiny");
  EXPECT_TRUE(body["created"].is_number_integer());
  ASSERT_EQ(body["choices"].size(), 1u);
  const Json& choice = body["choices"][0];
  EXPECT_EQ(choice["index"], 0);
  EXPECT_EQ(choice["message"]["role"], "assistant");
  EXPECT_TRUE(choice["message"]["content"].is_string());
  EXPECT_TRUE(choice["logprobs"].is_null());
  EXPECT_EQ(choice["finish_reason"], "length");
  EXPECT_EQ(body["usage"]["completion_tokens"], 6);
  EXPECT_GT(body["usage"]["prompt_tokens"].get<int>(), 10);
  EXPECT_EQ(body["usage"]["total_tokens"].get<int>(),
            body["usage"]["prompt_tokens"].get<int>() + 6);
  EXPECT_TRUE(body["usage"]["prompt_tokens_details"]["cached_tokens"].is_number_integer());
  EXPECT_TRUE(body["timings"]["predicted_n"].is_number_integer());
  EXPECT_EQ(reply.raw.header("Content-Type"), "application/json");
  // Greedy: the same request gives the same text.
  EXPECT_EQ(first_content(server_->post("/v1/chat/completions", chat(6)).body),
            first_content(body));
}

TEST_F(EndpointsTest, StreamingSendsRoleThenContentThenFinishAndUsage) {
  const Json plain = server_->post("/v1/chat/completions", chat(8)).body;
  Json request = chat(8);
  request["stream"] = true;
  request["stream_options"] = {{"include_usage", true}};
  const RunningServer::Stream stream = server_->stream("/v1/chat/completions", request);
  ASSERT_EQ(stream.status, 200);
  ASSERT_TRUE(stream.done);
  ASSERT_GE(stream.events.size(), 3u);
  EXPECT_EQ(stream.events.front()["object"], "chat.completion.chunk");
  EXPECT_EQ(stream.events.front()["choices"][0]["delta"]["role"], "assistant");
  std::string text;
  std::string finish;
  for (const Json& event : stream.events) {
    for (const Json& choice : event["choices"]) {
      if (choice["delta"].contains("content"))
        text += choice["delta"]["content"].get<std::string>();
      if (!choice["finish_reason"].is_null()) finish = choice["finish_reason"];
    }
  }
  EXPECT_EQ(text, first_content(plain));
  EXPECT_EQ(finish, "length");
  const Json& last = stream.events.back();
  EXPECT_TRUE(last["choices"].empty());
  EXPECT_EQ(last["usage"]["completion_tokens"], 8);
}

TEST_F(EndpointsTest, LogprobsComeWithTheirAlternatives) {
  Json request = chat(4);
  request["logprobs"] = true;
  request["top_logprobs"] = 3;
  const JsonReply reply = server_->post("/v1/chat/completions", request);
  ASSERT_EQ(reply.status, 200) << reply.raw.body;
  const Json& content = reply.body["choices"][0]["logprobs"]["content"];
  ASSERT_EQ(content.size(), 4u);
  for (const Json& token : content) {
    EXPECT_LE(token["logprob"].get<double>(), 0.0);
    EXPECT_TRUE(token["bytes"].is_array());
    ASSERT_EQ(token["top_logprobs"].size(), 3u);
    // Greedy: the chosen token is the most likely one.
    EXPECT_EQ(token["top_logprobs"][0]["logprob"], token["logprob"]);
  }
}

TEST_F(EndpointsTest, SeveralChoicesStopStringsAndSeeds) {
  Json request = chat(5);
  request["n"] = 3;
  request["temperature"] = 1.0;
  request["seed"] = 42;
  const JsonReply first = server_->post("/v1/chat/completions", request);
  ASSERT_EQ(first.status, 200) << first.raw.body;
  ASSERT_EQ(first.body["choices"].size(), 3u);
  EXPECT_EQ(first.body["usage"]["completion_tokens"], 15);
  const JsonReply again = server_->post("/v1/chat/completions", request);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(again.body["choices"][i]["message"], first.body["choices"][i]["message"]) << i;
  }

  const std::string text = first_content(server_->post("/v1/chat/completions", chat(12)).body);
  ASSERT_GE(text.size(), 6u);
  Json stopped = chat(12);
  stopped["stop"] = text.substr(3, 2);
  const JsonReply cut = server_->post("/v1/chat/completions", stopped);
  EXPECT_EQ(first_content(cut.body), text.substr(0, text.find(text.substr(3, 2))));
  EXPECT_EQ(cut.body["choices"][0]["finish_reason"], "stop");
}

TEST_F(EndpointsTest, ASharedSystemPromptIsReusedAndReported) {
  server_->post("/v1/chat/completions", chat(2, "First question."));
  const JsonReply second = server_->post("/v1/chat/completions", chat(2, "Another question."));
  ASSERT_EQ(second.status, 200);
  EXPECT_GT(second.body["usage"]["prompt_tokens_details"]["cached_tokens"].get<int>(), 5);
}

TEST_F(EndpointsTest, CompletionsEchoLogprobsAndPromptArrays) {
  const JsonReply reply = server_->post(
      "/v1/completions", {{"model", "tiny"},
                          {"prompt", Json::array({"Once upon a time", "The weather"})},
                          {"max_tokens", 3},
                          {"temperature", 0},
                          {"echo", true}});
  ASSERT_EQ(reply.status, 200) << reply.raw.body;
  EXPECT_EQ(reply.body["object"], "text_completion");
  ASSERT_EQ(reply.body["choices"].size(), 2u);
  EXPECT_TRUE(reply.body["choices"][0]["text"].get<std::string>().starts_with("Once upon a time"));
  EXPECT_TRUE(reply.body["choices"][1]["text"].get<std::string>().starts_with("The weather"));
  EXPECT_EQ(reply.body["choices"][1]["index"], 1);
  EXPECT_EQ(reply.body["usage"]["completion_tokens"], 6);
  const JsonReply scored = server_->post("/v1/completions", {{"model", "tiny"},
                                                             {"prompt", "Once upon a time"},
                                                             {"max_tokens", 3},
                                                             {"temperature", 0},
                                                             {"logprobs", 2}});
  ASSERT_EQ(scored.status, 200) << scored.raw.body;
  const Json& logprobs = scored.body["choices"][0]["logprobs"];
  EXPECT_EQ(logprobs["tokens"].size(), 3u);
  EXPECT_EQ(logprobs["token_logprobs"].size(), 3u);
  EXPECT_EQ(logprobs["top_logprobs"][0].size(), 2u);
  EXPECT_EQ(logprobs["text_offset"][0], 0);

  // Token-id prompts and streaming.
  const RunningServer::Stream stream =
      server_->stream("/v1/completions", {{"model", "tiny"},
                                          {"prompt", Json::array({9707, 1879})},
                                          {"max_tokens", 4},
                                          {"stream", true},
                                          {"temperature", 0}});
  ASSERT_TRUE(stream.done);
  EXPECT_EQ(stream.events.front()["object"], "text_completion");
  EXPECT_EQ(stream.events.back()["choices"][0]["finish_reason"], "length");
}

TEST_F(EndpointsTest, EmbeddingsAreUnitVectorsInFloatOrBase64) {
  const JsonReply reply = server_->post(
      "/v1/embeddings", {{"model", "tiny"}, {"input", Json::array({"hello world", "goodbye"})}});
  ASSERT_EQ(reply.status, 200) << reply.raw.body;
  EXPECT_EQ(reply.body["object"], "list");
  ASSERT_EQ(reply.body["data"].size(), 2u);
  const std::vector<float> first = reply.body["data"][0]["embedding"].get<std::vector<float>>();
  ASSERT_EQ(first.size(), 64u);
  double norm = 0;
  for (float v : first) norm += static_cast<double>(v) * v;
  EXPECT_NEAR(norm, 1.0, 1e-4);
  EXPECT_NE(reply.body["data"][1]["embedding"], reply.body["data"][0]["embedding"]);
  EXPECT_GT(reply.body["usage"]["prompt_tokens"].get<int>(), 2);

  const JsonReply encoded =
      server_->post("/v1/embeddings",
                    {{"model", "tiny"}, {"input", "hello world"}, {"encoding_format", "base64"}});
  ASSERT_EQ(encoded.status, 200);
  const std::string text = encoded.body["data"][0]["embedding"];
  // Decode base64 and compare with the float answer.
  std::string bytes;
  int bits = 0;
  std::uint32_t word = 0;
  for (char c : text) {
    if (c == '=') break;
    const std::string_view digits =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    word = (word << 6) | static_cast<std::uint32_t>(digits.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((word >> bits) & 0xff);
    }
  }
  ASSERT_EQ(bytes.size(), 64u * 4);
  std::vector<float> decoded(64);
  std::memcpy(decoded.data(), bytes.data(), bytes.size());
  EXPECT_EQ(decoded, first);
}

TEST_F(EndpointsTest, HealthAndMetrics) {
  const JsonReply health = server_->get("/health");
  ASSERT_EQ(health.status, 200);
  EXPECT_EQ(health.body["status"], "ok");
  EXPECT_EQ(health.body["models"][0]["id"], "tiny");

  server_->post("/v1/chat/completions", chat(2));
  const hearth::testing::HttpResult metrics =
      hearth::testing::http_request("GET", server_->url("/metrics"));
  ASSERT_EQ(metrics.status, 200);
  EXPECT_TRUE(metrics.header("Content-Type")->starts_with("text/plain; version=0.0.4"));
  for (const char* expected :
       {"hearth_requests_total{endpoint=\"/v1/chat/completions\",status=\"200\"}",
        "hearth_completion_tokens_total{model=\"tiny\"}",
        "hearth_time_to_first_token_seconds_bucket{model=\"tiny\",le=\"+Inf\"}",
        "hearth_generation_tokens_per_second_count{model=\"tiny\"}",
        "hearth_queue_depth{model=\"tiny\"} 0",
        "# TYPE hearth_time_to_first_token_seconds histogram", "hearth_open_connections"}) {
    EXPECT_NE(metrics.body.find(expected), std::string::npos) << expected;
  }
}

}  // namespace
}  // namespace hearth::server::testing
