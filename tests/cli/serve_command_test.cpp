// `hearth serve` as a user runs it: it says where it listens, answers, and
// shuts down cleanly on SIGTERM and SIGINT (a running stream is finished,
// exit code 0).
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>
#include <thread>

#include "http_client.h"
#include "run_hearth.h"
#include "test_models.h"

namespace hearth::testing {
namespace {

using std::chrono::milliseconds;

// The base URL from "serving ID on http://127.0.0.1:PORT/v1".
std::string serve_url(const BackgroundHearth& server) {
  const std::string text = server.stderr_text();
  constexpr std::string_view kPrefix = " on http://127.0.0.1:";
  const std::size_t at = text.find(kPrefix);
  if (at == std::string::npos) return {};
  const std::size_t end = text.find("/v1", at);
  if (end == std::string::npos) return {};
  return text.substr(at + 4, end - at - 4);
}

std::string chat_body(int max_tokens, bool stream) {
  return nlohmann::json{{"model", "tiny"},
                        {"messages", {{{"role", "user"}, {"content", "hi"}}}},
                        {"max_tokens", max_tokens},
                        {"stream", stream}}
      .dump();
}

TEST(ServeCommand, ServesUntilSigtermAndExitsCleanly) {
  BackgroundHearth server(
      {"serve", "-m", "tiny=" + tiny_qwen2_model().string(), "--port", "0", "--threads", "1"});
  ASSERT_TRUE(server.wait_for_stderr("serving tiny on", milliseconds(60'000)))
      << server.stderr_text();
  const std::string url = serve_url(server);
  ASSERT_FALSE(url.empty()) << server.stderr_text();
  const HttpResult models = http_request("GET", url + "/v1/models");
  EXPECT_EQ(models.status, 200);
  EXPECT_NE(models.body.find("\"tiny\""), std::string::npos);
  const HttpResult chat = http_request("POST", url + "/v1/chat/completions", chat_body(3, false),
                                       {{"Content-Type", "application/json"}});
  EXPECT_EQ(chat.status, 200) << chat.body;
  const CommandResult result = server.stop(SIGTERM);
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("SIGTERM received"), std::string::npos);
  EXPECT_NE(result.err.find("stopped"), std::string::npos);
}

TEST(ServeCommand, SigintLetsARunningStreamFinish) {
  BackgroundHearth server({"serve", "-m", "tiny=" + tiny_qwen2_model().string(), "--port", "0",
                           "--threads", "1", "--grace", "60"});
  ASSERT_TRUE(server.wait_for_stderr("serving tiny on", milliseconds(60'000)));
  const std::string url = serve_url(server);
  std::string received;
  std::atomic<bool> started{false};
  std::thread client([&] {
    http_stream("POST", url + "/v1/chat/completions", chat_body(300, true),
                {{"Content-Type", "application/json"}}, [&](std::string_view data) {
                  received.append(data);
                  started = true;
                  return true;
                });
  });
  while (!started) std::this_thread::sleep_for(milliseconds(5));
  const CommandResult result = server.stop(SIGINT);
  client.join();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(received.find("data: [DONE]"), std::string::npos);
}

TEST(ServeCommand, RefusesMissingModelsAndBadFlags) {
  EXPECT_EQ(run_hearth({"serve"}).exit_code, 2);
  EXPECT_EQ(run_hearth({"serve", "-m", "tiny.gguf", "--slots", "0"}).exit_code, 2);
  const CommandResult missing = run_hearth({"serve", "-m", "/nonexistent/model.gguf"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("model.gguf"), std::string::npos) << missing.err;
}

}  // namespace
}  // namespace hearth::testing
