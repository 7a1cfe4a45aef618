// Every refusal the API documents, with OpenAI's error object and status:
// 400 naming the field, 401, 404, 405, 413, 429 with Retry-After.
#include <thread>

#include "server_fixture.h"

namespace hearth::server::testing {
namespace {

Json valid_chat() {
  return {{"model", "tiny"},
          {"messages", Json::array({{{"role", "user"}, {"content", "hi"}}})},
          {"max_tokens", 2}};
}

void expect_error(const JsonReply& reply, long status, const char* param,
                  const char* message_part = "") {
  EXPECT_EQ(reply.status, status) << reply.raw.body;
  ASSERT_TRUE(reply.body.is_object()) << reply.raw.body;
  const Json& error = reply.body["error"];
  ASSERT_TRUE(error.is_object()) << reply.raw.body;
  EXPECT_TRUE(error["message"].is_string());
  EXPECT_TRUE(error["type"].is_string());
  EXPECT_TRUE(error.contains("param") && error.contains("code"));
  if (param != nullptr) {
    EXPECT_EQ(error["param"], param) << reply.raw.body;
  }
  EXPECT_NE(error["message"].get<std::string>().find(message_part), std::string::npos)
      << reply.raw.body;
}

class ErrorsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerConfig config = tiny_config();
    config.http.max_body_bytes = 64 * 1024;
    server_ = new RunningServer(config);
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static RunningServer* server_;
};

RunningServer* ErrorsTest::server_ = nullptr;

TEST_F(ErrorsTest, MalformedJsonAndNonObjectBodies) {
  expect_error(server_->post_raw("/v1/chat/completions", "{\"model\": "), 400, nullptr,
               "could not parse the JSON body");
  expect_error(server_->post_raw("/v1/chat/completions", "[1, 2]"), 400, nullptr, "JSON object");
  expect_error(server_->post_raw("/v1/chat/completions", std::string(100, '[')), 400, nullptr,
               "nested deeper");
  expect_error(server_->post_raw("/v1/chat/completions", ""), 400, nullptr);
}

TEST_F(ErrorsTest, EachInvalidFieldIsNamed) {
  struct Case {
    const char* field;
    Json value;
    const char* param;
  };
  const std::vector<Case> cases = {
      {"temperature", 5, "temperature"},
      {"temperature", "hot", "temperature"},
      {"top_p", 1.5, "top_p"},
      {"top_p", 0, "top_p"},
      {"max_tokens", 0, "max_tokens"},
      {"max_tokens", 100000, "max_tokens"},
      {"max_tokens", 2.5, "max_tokens"},
      {"max_completion_tokens", -1, "max_completion_tokens"},
      {"n", 0, "n"},
      {"n", 129, "n"},
      {"presence_penalty", 3, "presence_penalty"},
      {"frequency_penalty", -2.5, "frequency_penalty"},
      {"stop", Json::array({"a", "b", "c", "d", "e"}), "stop"},
      {"stop", 7, "stop"},
      {"seed", "x", "seed"},
      {"stream", "yes", "stream"},
      {"logprobs", 1, "logprobs"},
      {"top_logprobs", 3, "top_logprobs"},  // without logprobs: true
      {"stream_options", Json{{"include_usage", true}}, "stream_options"},  // without stream
      {"user", 5, "user"},
      {"model", 5, "model"},
      {"tools", Json::array(), "tools"},
      {"response_format", Json{{"type", "json_schema"}}, "response_format"},
      {"messages", "hi", "messages"},
      {"messages", Json::array(), "messages"},
      {"messages", Json::array({{{"role", "wizard"}, {"content", "x"}}}), "messages[0].role"},
      {"messages", Json::array({{{"role", "user"}}}), "messages[0].content"},
      {"messages", Json::array({{{"content", "x"}}}), "messages[0].role"},
      {"messages", Json::array({{{"role", "user"}, {"content", 5}}}), "messages[0].content"},
      {"messages",
       Json::array({{{"role", "user"}, {"content", Json::array({{{"type", "image_url"}}})}}}),
       "messages[0].content[0].type"},
      {"frobnicate", 1, "frobnicate"},
  };
  for (const Case& test : cases) {
    Json body = valid_chat();
    body[test.field] = test.value;
    SCOPED_TRACE(body.dump());
    expect_error(server_->post("/v1/chat/completions", body), 400, test.param);
  }
  Json missing = valid_chat();
  missing.erase("messages");
  expect_error(server_->post("/v1/chat/completions", missing), 400, "messages",
               "required property");
  Json unknown = valid_chat();
  unknown["frobnicate"] = true;
  expect_error(server_->post("/v1/chat/completions", unknown), 400, "frobnicate",
               "Unrecognized request argument supplied: frobnicate");
}

TEST_F(ErrorsTest, CompletionsAndEmbeddingsValidateToo) {
  expect_error(server_->post("/v1/completions", {{"model", "tiny"}}), 400, "prompt");
  expect_error(server_->post("/v1/completions", {{"model", "tiny"}, {"prompt", 5}}), 400, "prompt");
  expect_error(server_->post("/v1/completions", {{"model", "tiny"}, {"prompt", Json::array({-1})}}),
               400, "prompt");
  expect_error(
      server_->post("/v1/completions", {{"model", "tiny"}, {"prompt", Json::array({999999999})}}),
      400, "prompt");
  expect_error(
      server_->post("/v1/completions", {{"model", "tiny"}, {"prompt", "x"}, {"logprobs", 9}}), 400,
      "logprobs");
  expect_error(server_->post("/v1/completions",
                             {{"model", "tiny"}, {"prompt", "x"}, {"echo", true}, {"logprobs", 1}}),
               400, "echo");
  expect_error(server_->post("/v1/completions",
                             {{"model", "tiny"}, {"prompt", "x"}, {"echo", true}, {"logprobs", 1}}),
               400, "echo");
  expect_error(server_->post("/v1/embeddings", {{"model", "tiny"}}), 400, "input");
  expect_error(server_->post("/v1/embeddings", {{"model", "tiny"}, {"input", ""}}), 400, "input");
  expect_error(server_->post("/v1/embeddings",
                             {{"model", "tiny"}, {"input", "x"}, {"encoding_format", "hex"}}),
               400, "encoding_format");
  expect_error(
      server_->post("/v1/embeddings", {{"model", "tiny"}, {"input", "x"}, {"dimensions", 32}}), 400,
      "dimensions");
}

TEST_F(ErrorsTest, PromptsLongerThanTheContextAreRefused) {
  Json body = valid_chat();
  std::string long_text;
  for (int i = 0; i < 600; ++i) long_text += "word ";
  body["messages"][0]["content"] = long_text;
  const JsonReply reply = server_->post("/v1/chat/completions", body);
  expect_error(reply, 400, "messages", "maximum context length");
  EXPECT_EQ(reply.body["error"]["code"], "context_length_exceeded");
}

TEST_F(ErrorsTest, UnknownModelsRoutesAndMethods) {
  Json body = valid_chat();
  body["model"] = "gpt-7";
  const JsonReply model = server_->post("/v1/chat/completions", body);
  expect_error(model, 404, "model", "gpt-7");
  EXPECT_EQ(model.body["error"]["code"], "model_not_found");
  expect_error(server_->get("/v1/models/gpt-7"), 404, "model");
  expect_error(server_->get("/v1/nothing"), 404, nullptr, "Invalid URL");
  const JsonReply method = server_->get("/v1/chat/completions");
  expect_error(method, 405, nullptr);
  EXPECT_TRUE(method.raw.header("Allow"));
}

TEST_F(ErrorsTest, OversizedBodiesGet413) {
  Json body = valid_chat();
  body["messages"][0]["content"] = std::string(100 * 1024, 'a');
  const JsonReply reply = server_->post("/v1/chat/completions", body);
  EXPECT_EQ(reply.status, 413);
  // The server stays up.
  EXPECT_EQ(server_->post("/v1/chat/completions", valid_chat()).status, 200);
}

TEST(ServerAuthentication, RequiresAValidBearerKeyExceptForHealth) {
  ServerConfig config = tiny_config();
  config.api_keys = {{"first", "sk-test-1234567890"}, {"second", "second-key-abcdef"}};
  RunningServer server(config);
  expect_error(server.post("/v1/chat/completions", valid_chat()), 401, nullptr,
               "didn't provide an API key");
  const JsonReply wrong = server.post("/v1/chat/completions", valid_chat(),
                                      {{"Authorization", "Bearer sk-test-0000000000"}});
  expect_error(wrong, 401, nullptr, "Incorrect API key");
  EXPECT_EQ(wrong.body["error"]["code"], "invalid_api_key");
  EXPECT_EQ(wrong.raw.body.find("0000000000"), std::string::npos);  // the key is masked
  expect_error(server.get("/v1/models"), 401, nullptr);
  expect_error(server.get("/metrics"), 401, nullptr);
  EXPECT_EQ(server.get("/health").status, 200);
  for (const char* key : {"sk-test-1234567890", "second-key-abcdef"}) {
    EXPECT_EQ(server
                  .post("/v1/chat/completions", valid_chat(),
                        {{"Authorization", std::string("Bearer ") + key}})
                  .status,
              200);
  }
}

TEST(ServerQueue, AFullQueueAnswers429WithRetryAfter) {
  ServerConfig config = tiny_config();
  config.models[0].scheduler.slots = 1;
  config.models[0].scheduler.max_waiting = 0;
  RunningServer server(config);
  // Hold the only slot with a long stream.
  std::atomic<bool> started{false};
  std::thread holder([&] {
    hearth::testing::http_stream(
        "POST", server.url("/v1/chat/completions"),
        Json{{"model", "tiny"},
             {"messages", Json::array({{{"role", "user"}, {"content", "hi"}}})},
             {"max_tokens", 400},
             {"stream", true}}
            .dump(),
        {{"Content-Type", "application/json"}}, [&](std::string_view) {
          started = true;
          return true;
        });
  });
  while (!started) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const JsonReply busy = server.post("/v1/chat/completions", valid_chat());
  expect_error(busy, 429, nullptr);
  EXPECT_EQ(busy.raw.header("Retry-After"), "1");
  EXPECT_EQ(busy.body["error"]["type"], "rate_limit_exceeded");
  holder.join();
  EXPECT_EQ(server.post("/v1/chat/completions", valid_chat()).status, 200);
}

}  // namespace
}  // namespace hearth::server::testing
