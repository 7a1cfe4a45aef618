// `hearth serve --config hearth.toml` as a process: SIGHUP reloads the file,
// and killing the process in the middle of a burst of remote requests leaves
// an audit log that verifies, with every request the provider saw recorded.
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "fake_provider.h"
#include "hearth/store/audit_log.h"
#include "run_hearth.h"
#include "server_fixture.h"

namespace hearth::server::testing {
namespace {

using hearth::testing::BackgroundHearth;
using hearth::testing::FakeFlavor;
using hearth::testing::FakeProvider;
using hearth::testing::ScratchDir;

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

std::string config_text(const FakeProvider& provider, const std::filesystem::path& audit,
                        std::string_view policy) {
  return fmt::format(R"([server]
port = 0

[[models]]
id = "tiny"
path = "{}"
slots = 2
threads = 1
context = 512

[[keys]]
id = "alice"
key = "sk-alice-0123456789"
policy = "{}"

[[providers]]
name = "openai"
kind = "openai"
base_url = "{}"
models = ["fake-model"]
price_input_per_million = 1.0
price_output_per_million = 2.0

[[policies]]
name = "strict"
keep_local = ["credential"]

[audit]
path = "{}"
)",
                     tiny_model_path().string(), policy, provider.base_url(), audit.string());
}

// The port from "serving tiny on http://127.0.0.1:PORT/v1".
std::string server_url(const BackgroundHearth& server) {
  const std::string text = server.stderr_text();
  const std::size_t at = text.find("http://");
  const std::size_t end = text.find("/v1", at);
  return text.substr(at, end - at);
}

hearth::testing::HttpResult chat(const std::string& url, std::string_view text, bool stream) {
  Json body = {{"model", "remote:openai"},
               {"messages", Json::array({{{"role", "user"}, {"content", text}}})},
               {"stream", stream}};
  return hearth::testing::http_request(
      "POST", url + "/v1/chat/completions", body.dump(),
      {{"Content-Type", "application/json"}, {"Authorization", "Bearer sk-alice-0123456789"}},
      std::chrono::seconds(10));
}

TEST(ServeConfig, SighupReloadsTheFile) {
  ScratchDir dir;
  FakeProvider provider(FakeFlavor::openai);
  const std::filesystem::path config = dir / "hearth.toml";
  write_file(config, config_text(provider, dir / "audit.sqlite", "default"));
  BackgroundHearth server({"serve", "--config", config.string()});
  ASSERT_TRUE(server.wait_for_stderr("serving", std::chrono::seconds(30))) << server.stderr_text();
  const std::string url = server_url(server);
  const std::string secret = "Deploy with AKIAZ7Q4JX2M9KLP3RTB now";
  EXPECT_EQ(chat(url, secret, false).status, 200);

  write_file(config, config_text(provider, dir / "audit.sqlite", "strict"));
  server.send(SIGHUP);
  ASSERT_TRUE(server.wait_for_stderr("reloaded", std::chrono::seconds(30))) << server.stderr_text();
  EXPECT_EQ(chat(url, secret, false).status, 403);

  // A broken file is refused and the running configuration kept.
  write_file(config, "[server]\nprot = 1\n");
  server.send(SIGHUP);
  ASSERT_TRUE(server.wait_for_stderr("reload failed", std::chrono::seconds(30)));
  EXPECT_NE(server.stderr_text().find("hearth.toml:2:"), std::string::npos) << server.stderr_text();
  EXPECT_EQ(chat(url, secret, false).status, 403);
  EXPECT_EQ(server.stop(SIGTERM).exit_code, 0);
}

TEST(ServeConfig, KillingTheServerDuringABurstLeavesAnAuditLogThatVerifies) {
  ScratchDir dir;
  FakeProvider provider(FakeFlavor::openai);
  provider.set_latency(std::chrono::milliseconds(30));
  const std::filesystem::path config = dir / "hearth.toml";
  const std::filesystem::path audit = dir / "audit.sqlite";
  write_file(config, config_text(provider, audit, "default"));
  BackgroundHearth server({"serve", "--config", config.string()});
  ASSERT_TRUE(server.wait_for_stderr("serving", std::chrono::seconds(30))) << server.stderr_text();
  const std::string url = server_url(server);

  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int client = 0; client < 6; ++client) {
    clients.emplace_back([&, client] {
      for (int i = 0; !stop; ++i) {
        chat(url, fmt::format("client {} request {} for jane.doe@example.com", client, i),
             (i % 2) == 1);
      }
    });
  }
  // Kill it once a good number of egresses are under way.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (provider.request_count() < 40 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  server.stop(SIGKILL);
  stop = true;
  for (std::thread& client : clients) client.join();

  const store::AuditLog log(audit);
  const store::VerifyReport report = log.verify();
  EXPECT_TRUE(report.ok) << report.problem;
  const std::vector<store::AuditEntry> entries = log.list();
  // Every request the provider received was recorded before it left.
  EXPECT_GE(entries.size(), provider.request_count());
  EXPECT_GE(provider.request_count(), 40u);
  for (const hearth::testing::ProviderRequest& request : provider.requests()) {
    EXPECT_EQ(request.body.find("jane.doe@example.com"), std::string::npos);
  }
}

}  // namespace
}  // namespace hearth::server::testing
