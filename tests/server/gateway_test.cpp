// The hybrid router end to end: the real server on loopback, loopback
// stand-ins for an OpenAI-compatible and an Anthropic provider that record
// everything they receive, a real audit log and cache in SQLite files.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <thread>

#include "fake_provider.h"
#include "hearth/store/audit_log.h"
#include "server_fixture.h"

namespace hearth::server::testing {
namespace {

using hearth::testing::FakeFault;
using hearth::testing::FakeFlavor;
using hearth::testing::FakeProvider;
using hearth::testing::ScratchDir;

struct SensitiveMessage {
  std::string text;
  std::vector<std::string> values;  // none of these may leave the machine
};

const std::vector<SensitiveMessage>& sensitive_corpus() {
  static const std::vector<SensitiveMessage> corpus = {
      {"Please email jane.doe@example.com or call +1 415-555-0132 about the overdue invoice.",
       {"jane.doe@example.com", "415-555-0132", "4155550132"}},
      {"Charge the card 4526 0181 5908 3012 and send the receipt to Maria Garcia.",
       {"4526 0181 5908 3012", "4526018159083012", "Maria Garcia"}},
      {"Her social security number is 536-22-4817 and she lives at 42 Elm Street, Springfield.",
       {"536-22-4817", "536224817", "42 Elm Street"}},
      {"Deploy with AKIAZ7Q4JX2M9KLP3RTB and the token ghp_R7x2Kp9Lm4Qw8Zt1Vb6Nc3Hy5Jd0Fs2Ga7Ue.",
       {"AKIAZ7Q4JX2M9KLP3RTB", "ghp_R7x2Kp9Lm4Qw8Zt1Vb6Nc3Hy5Jd0Fs2Ga7Ue"}},
      {"The database is postgres://admin:S3cr3tPassw0rd!@db.internal:5432/prod, please check it.",
       {"S3cr3tPassw0rd!"}},
      {"Transfer 500 EUR to IBAN DE44 5001 0517 5407 3249 31 today.",
       {"DE44 5001 0517 5407 3249 31", "DE44500105175407324931"}},
      {"My server at 10.24.8.17 keeps rejecting the login for jsmith@corp-mail.net.",
       {"10.24.8.17", "jsmith@corp-mail.net"}},
  };
  return corpus;
}

remote::ProviderConfig provider_config(std::string name, const FakeProvider& fake) {
  remote::ProviderConfig provider;
  provider.name = std::move(name);
  provider.kind = fake.flavor() == FakeFlavor::openai ? remote::ProviderKind::openai
                                                      : remote::ProviderKind::anthropic;
  provider.base_url = fake.base_url();
  provider.models = {"fake-model"};
  provider.price = {1.0, 2.0};
  provider.connect_timeout = std::chrono::milliseconds(1000);
  provider.read_timeout = std::chrono::milliseconds(1500);
  provider.retry.max_attempts = 2;
  provider.retry.base_delay = std::chrono::milliseconds(10);
  provider.retry.max_delay = std::chrono::milliseconds(2000);
  provider.breaker.failure_threshold = 3;
  provider.breaker.open_for = std::chrono::seconds(60);
  return provider;
}

class GatewayTest : public ::testing::Test {
 protected:
  GatewayTest() {
    openai_.set_responder(hearth::testing::last_user_message);
    anthropic_.set_responder(hearth::testing::last_user_message);
  }

  // "auto" answers locally, then escalates (the thresholds are out of reach
  // for a random model) to openai, then anthropic.
  ServerConfig config() {
    ServerConfig config = tiny_config();
    config.gateway.providers = {provider_config("openai", openai_),
                                provider_config("anthropic", anthropic_)};
    route::RouteConfig automatic;
    automatic.name = "auto";
    automatic.local_model = "tiny";
    automatic.providers = {"openai", "anthropic"};
    automatic.cascade.enabled = true;
    automatic.cascade.min_mean_logprob = -0.001;
    config.gateway.router.routes.push_back(automatic);
    route::Policy strict;
    strict.name = "strict";
    strict.keep_local = {"credential", "health"};
    config.gateway.router.policies.push_back(strict);
    config.gateway.audit_path = dir_ / "audit.sqlite";
    config.api_keys = {{"alice", "sk-alice-0123456789", "default", 0, 0},
                       {"bob", "sk-bob-0123456789", "strict", 0, 0}};
    return config;
  }

  static std::vector<http::Header> as(std::string_view secret) {
    return {{"Authorization", "Bearer " + std::string(secret)}};
  }
  static std::vector<http::Header> alice() { return as("sk-alice-0123456789"); }
  static std::vector<http::Header> bob() { return as("sk-bob-0123456789"); }

  static Json chat(std::string_view model, std::string_view text, bool stream = false) {
    Json body = {{"model", model},
                 {"messages", Json::array({{{"role", "user"}, {"content", text}}})},
                 {"max_tokens", 6}};
    if (stream) body["stream"] = true;
    return body;
  }

  static std::string streamed_text(const RunningServer::Stream& stream) {
    std::string text;
    for (const Json& event : stream.events) {
      if (!event.contains("choices") || event["choices"].empty()) continue;
      const Json& delta = event["choices"][0]["delta"];
      if (delta.contains("content") && delta["content"].is_string()) {
        text += delta["content"].get<std::string>();
      }
    }
    return text;
  }

  // The server commits outcomes in the background: wait (a little) for them.
  std::vector<store::AuditEntry> audit_entries() const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (true) {
      std::vector<store::AuditEntry> entries = store::AuditLog(dir_ / "audit.sqlite").list();
      const bool finished = std::all_of(entries.begin(), entries.end(), [](const auto& entry) {
        return entry.outcome.has_value();
      });
      if (finished || std::chrono::steady_clock::now() > deadline) return entries;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }

  void expect_nothing_sensitive_reached(const FakeProvider& fake) {
    for (const hearth::testing::ProviderRequest& request : fake.requests()) {
      for (const SensitiveMessage& message : sensitive_corpus()) {
        for (const std::string& value : message.values) {
          EXPECT_EQ(request.body.find(value), std::string::npos)
              << value << " reached the provider in " << request.body;
        }
      }
    }
  }

  ScratchDir dir_;
  FakeProvider openai_{FakeFlavor::openai};
  FakeProvider anthropic_{FakeFlavor::anthropic};
};

TEST_F(GatewayTest, SensitiveValuesNeverReachEitherProviderAndAnswersComeBackRestored) {
  RunningServer server(config());
  for (const std::string provider : {"openai", "anthropic"}) {
    for (const SensitiveMessage& message : sensitive_corpus()) {
      const JsonReply reply =
          server.post("/v1/chat/completions", chat("remote:" + provider, message.text), alice());
      ASSERT_EQ(reply.status, 200) << reply.body.dump();
      EXPECT_EQ(first_content(reply.body), message.text);
      EXPECT_EQ(reply.raw.header("x-hearth-route"), "remote");
      EXPECT_EQ(reply.raw.header("x-hearth-provider"), provider);

      const RunningServer::Stream stream = server.stream(
          "/v1/chat/completions", chat("remote:" + provider, message.text, true), alice());
      ASSERT_EQ(stream.status, 200);
      EXPECT_TRUE(stream.done);
      EXPECT_EQ(streamed_text(stream), message.text);
    }
  }
  EXPECT_EQ(openai_.request_count(), 2 * sensitive_corpus().size());
  EXPECT_EQ(anthropic_.request_count(), 2 * sensitive_corpus().size());
  expect_nothing_sensitive_reached(openai_);
  expect_nothing_sensitive_reached(anthropic_);

  // The audit log has every egress, redacted, and verifies.
  const std::vector<store::AuditEntry> entries = audit_entries();
  ASSERT_EQ(entries.size(), 4 * sensitive_corpus().size());
  for (const store::AuditEntry& entry : entries) {
    EXPECT_EQ(entry.egress.key_id, "alice");
    ASSERT_TRUE(entry.outcome.has_value());
    EXPECT_EQ(entry.outcome->outcome, "ok");
    EXPECT_GT(entry.outcome->cost_usd, 0.0);
    EXPECT_FALSE(entry.egress.entity_counts.empty());
    for (const SensitiveMessage& message : sensitive_corpus()) {
      for (const std::string& value : message.values) {
        EXPECT_EQ(entry.egress.payload.find(value), std::string::npos);
      }
    }
  }
  EXPECT_TRUE(store::AuditLog(dir_ / "audit.sqlite").verify().ok);
}

TEST_F(GatewayTest, TheCascadeEscalatesALowConfidenceLocalAnswer) {
  RunningServer server(config());
  const JsonReply reply =
      server.post("/v1/chat/completions", chat("auto", sensitive_corpus()[0].text), alice());
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.raw.header("x-hearth-route"), "remote");
  const std::string reason(reply.raw.header("x-hearth-reason").value_or(""));
  EXPECT_TRUE(reason.starts_with("confidence: low local confidence")) << reason;
  EXPECT_EQ(first_content(reply.body), sensitive_corpus()[0].text);
  EXPECT_EQ(openai_.request_count(), 1u);
  expect_nothing_sensitive_reached(openai_);

  // Thresholds a random model meets keep the answer local.
  ServerConfig lenient = config();
  lenient.gateway.router.routes[0].cascade.min_mean_logprob = -1e9;
  lenient.gateway.router.routes[0].cascade.max_mean_entropy = 1e9;
  server.server().reload(lenient);
  const JsonReply local = server.post("/v1/chat/completions", chat("auto", "Hello"), alice());
  ASSERT_EQ(local.status, 200);
  EXPECT_EQ(local.raw.header("x-hearth-route"), "local");
  EXPECT_EQ(openai_.request_count(), 1u);
}

TEST_F(GatewayTest, AStreamedCascadeStreamsTheRestoredRemoteAnswer) {
  RunningServer server(config());
  const std::string& text = sensitive_corpus()[1].text;
  const RunningServer::Stream stream =
      server.stream("/v1/chat/completions", chat("auto", text, true), alice());
  ASSERT_EQ(stream.status, 200);
  EXPECT_TRUE(stream.done);
  EXPECT_EQ(stream.header("x-hearth-route"), "remote");
  EXPECT_EQ(stream.header("x-hearth-provider"), "openai");
  EXPECT_EQ(streamed_text(stream), text);
  EXPECT_EQ(openai_.request_count(), 1u);
  expect_nothing_sensitive_reached(openai_);
}

TEST_F(GatewayTest, AnswersThatAreNotTheAskedForJsonEscalate) {
  ServerConfig lenient = config();
  lenient.gateway.router.routes[0].cascade.min_mean_logprob = -1e9;
  lenient.gateway.router.routes[0].cascade.max_mean_entropy = 1e9;
  RunningServer server(lenient);
  openai_.set_reply(R"({"city": "Paris"})");
  Json body = chat("auto", "Which city? Answer in JSON.");
  body["response_format"] = {{"type", "json_object"}};
  const JsonReply reply = server.post("/v1/chat/completions", body, alice());
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.raw.header("x-hearth-route"), "remote");
  EXPECT_NE(std::string(reply.raw.header("x-hearth-reason").value_or("")).find("structured"),
            std::string::npos);
  EXPECT_EQ(first_content(reply.body), R"({"city": "Paris"})");
  ASSERT_EQ(openai_.request_count(), 1u);
  EXPECT_EQ(openai_.requests()[0].json()["response_format"]["type"], "json_object");

  // A local model alone cannot promise JSON: refused by name.
  body["model"] = "tiny";
  EXPECT_EQ(server.post("/v1/chat/completions", body, alice()).status, 400);
}

TEST_F(GatewayTest, APolicyKeepsCredentialsLocalAndRefusesToSendThemOut) {
  RunningServer server(config());
  const std::string secret = sensitive_corpus()[3].text;
  JsonReply reply = server.post("/v1/chat/completions", chat("auto", secret), bob());
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.raw.header("x-hearth-route"), "local");
  EXPECT_TRUE(std::string(reply.raw.header("x-hearth-reason").value_or("")).starts_with("policy:"));

  reply = server.post("/v1/chat/completions", chat("remote:openai", secret), bob());
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(reply.raw.header("x-hearth-route"), "refuse");
  EXPECT_EQ(reply.body["error"]["code"], "policy_refusal");

  // Health content is a topic the scan finds without any identifier in it.
  reply = server.post(
      "/v1/chat/completions",
      chat("remote:openai", "After the biopsy my oncologist changed the chemotherapy dosage."),
      bob());
  EXPECT_EQ(reply.status, 403);
  EXPECT_EQ(openai_.request_count(), 0u);
  EXPECT_TRUE(audit_entries().empty());
}

TEST_F(GatewayTest, APromptTooLongForTheLocalModelGoesRemote) {
  ServerConfig settings = config();
  settings.gateway.router.routes[0].cascade.enabled = false;
  RunningServer server(settings);
  std::string long_text;
  for (int i = 0; i < 400; ++i) long_text += "word" + std::to_string(i) + " ";
  const JsonReply reply = server.post("/v1/chat/completions", chat("auto", long_text), alice());
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.raw.header("x-hearth-route"), "remote");
  EXPECT_TRUE(std::string(reply.raw.header("x-hearth-reason").value_or("")).starts_with("fit:"));
  EXPECT_EQ(first_content(reply.body), long_text);
}

TEST_F(GatewayTest, ASpentBudgetKeepsRequestsLocal) {
  ServerConfig settings = config();
  settings.api_keys[0].daily_budget_usd = 1e-6;  // one remote answer spends it
  RunningServer server(settings);
  JsonReply reply = server.post("/v1/chat/completions", chat("remote:openai", "Hi"), alice());
  ASSERT_EQ(reply.status, 200);
  reply = server.post("/v1/chat/completions", chat("auto", "Hi again"), alice());
  ASSERT_EQ(reply.status, 200);
  EXPECT_EQ(reply.raw.header("x-hearth-route"), "local");
  EXPECT_TRUE(std::string(reply.raw.header("x-hearth-reason").value_or("")).starts_with("budget:"));
  reply = server.post("/v1/chat/completions", chat("remote:openai", "Hi"), alice());
  EXPECT_EQ(reply.status, 429);
  EXPECT_EQ(reply.body["error"]["code"], "budget_exceeded");
  EXPECT_EQ(openai_.request_count(), 1u);
}

TEST_F(GatewayTest, ProviderFaultsEndInAFallbackOrAClearErrorAndTheAuditShowsThem) {
  RunningServer server(config());
  // A 500, then success: retried within the provider.
  openai_.push_fault(FakeFault::http_status(500));
  JsonReply reply = server.post("/v1/chat/completions", chat("remote:openai", "one"), alice());
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(openai_.request_count(), 2u);

  // A timeout on both tries: the chain moves on to anthropic.
  openai_.push_fault(FakeFault::delay(std::chrono::seconds(5)), 2);
  reply = server.post("/v1/chat/completions", chat("auto", "two"), alice());
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.raw.header("x-hearth-provider"), "anthropic");
  EXPECT_EQ(first_content(reply.body), "two");

  // Malformed JSON from openai: anthropic again.
  openai_.push_fault(FakeFault::malformed(), 2);
  reply = server.post("/v1/chat/completions", chat("auto", "three"), alice());
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.raw.header("x-hearth-provider"), "anthropic");
  openai_.clear_faults();

  // A reset after text was streamed cannot move elsewhere: the stream ends
  // with an error event.
  openai_.push_fault(FakeFault::reset_mid_stream(1));
  const RunningServer::Stream stream = server.stream(
      "/v1/chat/completions", chat("remote:openai", "four five six seven", true), alice());
  EXPECT_EQ(stream.status, 200);
  EXPECT_FALSE(stream.done);
  ASSERT_FALSE(stream.events.empty());
  EXPECT_TRUE(stream.events.back().contains("error")) << stream.events.back().dump();

  const std::vector<store::AuditEntry> entries = audit_entries();
  std::vector<std::string> outcomes;
  for (const store::AuditEntry& entry : entries) {
    outcomes.push_back(entry.egress.provider + ":" + entry.outcome->outcome);
  }
  EXPECT_EQ(outcomes,
            (std::vector<std::string>{"openai:ok", "openai:fallback", "anthropic:ok",
                                      "openai:fallback", "anthropic:ok", "openai:error"}));
  EXPECT_TRUE(store::AuditLog(dir_ / "audit.sqlite").verify().ok);
}

TEST_F(GatewayTest, ProvidersDownAtStartFallBackToTheLocalModel) {
  ServerConfig settings = config();
  settings.gateway.providers[0].base_url = hearth::testing::unreachable_base_url();
  settings.gateway.providers[1].base_url = hearth::testing::unreachable_base_url();
  RunningServer server(settings);
  JsonReply reply = server.post("/v1/chat/completions", chat("auto", "Hello"), alice());
  ASSERT_EQ(reply.status, 200) << reply.body.dump();
  EXPECT_EQ(reply.raw.header("x-hearth-route"), "local");
  EXPECT_TRUE(
      std::string(reply.raw.header("x-hearth-reason").value_or("")).starts_with("availability:"));
  EXPECT_FALSE(reply.raw.header("x-hearth-provider").has_value());

  reply = server.post("/v1/chat/completions", chat("remote:openai", "Hello"), alice());
  EXPECT_EQ(reply.status, 502);
  EXPECT_EQ(reply.body["error"]["code"], "provider_unavailable");

  // Failed calls open the breakers: then nothing is even tried.
  for (int i = 0; i < 3; ++i)
    server.post("/v1/chat/completions", chat("remote:anthropic", "x"), alice());
  reply = server.post("/v1/chat/completions", chat("remote:anthropic", "x"), alice());
  EXPECT_EQ(reply.status, 503);
  for (const store::AuditEntry& entry : audit_entries()) {
    EXPECT_NE(entry.outcome->outcome, "ok");
  }
}

TEST_F(GatewayTest, DeterministicAnswersAreCachedPerKey) {
  ServerConfig settings = config();
  settings.gateway.cache.enabled = true;
  settings.gateway.cache.path = dir_ / "cache.sqlite";
  RunningServer server(settings);
  Json body = chat("remote:openai", "What is the capital of France?");
  body["temperature"] = 0;
  JsonReply first = server.post("/v1/chat/completions", body, alice());
  ASSERT_EQ(first.status, 200);
  EXPECT_FALSE(first.raw.header("x-hearth-cache").has_value());
  JsonReply second = server.post("/v1/chat/completions", body, alice());
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.raw.header("x-hearth-cache"), "hit");
  EXPECT_EQ(second.body["usage"]["cache_hit"], true);
  EXPECT_EQ(first_content(second.body), first_content(first.body));
  EXPECT_EQ(second.raw.header("x-hearth-route"), "remote");
  EXPECT_EQ(openai_.request_count(), 1u);

  // A streamed request is answered from the cache too.
  body["stream"] = true;
  const RunningServer::Stream stream = server.stream("/v1/chat/completions", body, alice());
  EXPECT_EQ(stream.header("x-hearth-cache"), "hit");
  EXPECT_EQ(streamed_text(stream), first_content(first.body));
  body.erase("stream");

  // Another key does not see alice's answers.
  JsonReply other = server.post("/v1/chat/completions", body, bob());
  EXPECT_FALSE(other.raw.header("x-hearth-cache").has_value());
  EXPECT_EQ(openai_.request_count(), 2u);

  // Sampled answers are not reused.
  body["temperature"] = 0.7;
  server.post("/v1/chat/completions", body, alice());
  server.post("/v1/chat/completions", body, alice());
  EXPECT_EQ(openai_.request_count(), 4u);

  const std::string metrics = server.server().metrics_text();
  EXPECT_NE(metrics.find("hearth_cache_lookups_total{result=\"hit\"} 2"), std::string::npos);
  EXPECT_NE(metrics.find("hearth_route_decisions_total{route=\"remote\",step=\"explicit\"}"),
            std::string::npos);
  EXPECT_NE(metrics.find("hearth_egress_total{provider=\"openai\",outcome=\"ok\"} 4"),
            std::string::npos);
}

TEST_F(GatewayTest, RoutesAndProvidersAreListedAsModels) {
  RunningServer server(config());
  const JsonReply reply = server.get("/v1/models", alice());
  ASSERT_EQ(reply.status, 200);
  std::vector<std::string> ids;
  for (const Json& model : reply.body["data"]) ids.push_back(model["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"tiny", "auto", "remote:openai", "remote:anthropic"}));
  EXPECT_EQ(server.get("/v1/models/remote:openai", alice()).status, 200);
  EXPECT_EQ(server.post("/v1/chat/completions", chat("remote:nobody", "x"), alice()).status, 404);
}

TEST_F(GatewayTest, AReloadChangesThePolicyForTheNextRequest) {
  RunningServer server(config());
  ServerConfig changed = config();
  changed.api_keys[0].policy = "strict";
  changed.max_tokens = 100;
  const std::vector<std::string> restart = server.server().reload(changed);
  EXPECT_EQ(restart, std::vector<std::string>{"max_tokens"});
  const JsonReply reply = server.post("/v1/chat/completions",
                                      chat("remote:openai", sensitive_corpus()[3].text), alice());
  EXPECT_EQ(reply.status, 403);

  ServerConfig broken = config();
  broken.api_keys[0].policy = "no-such-policy";
  EXPECT_THROW(server.server().reload(broken), Error);
  EXPECT_EQ(server.post("/v1/chat/completions", chat("remote:openai", "fine"), alice()).status,
            200);
}

TEST_F(GatewayTest, AWrongKeyIsRefusedBeforeAnythingElse) {
  RunningServer server(config());
  const JsonReply reply =
      server.post("/v1/chat/completions", chat("remote:openai", "x"), as("sk-mallory-000000"));
  EXPECT_EQ(reply.status, 401);
  EXPECT_EQ(openai_.request_count(), 0u);
}

}  // namespace
}  // namespace hearth::server::testing
