// A configuration that sets every key: each value lands in its field.
#include <gtest/gtest.h>

#include <chrono>

#include "config_fixture.h"
#include "hearth/store/audit_log.h"
#include "hearth/store/response_cache.h"

namespace hearth::config {
namespace {

using std::chrono::milliseconds;

constexpr std::string_view kFull = R"(
[server]
host = "0.0.0.0"
port = 9090
max_body = "2MiB"
max_connections = 64
max_tokens = 1024
request_timeout = "90s"
idle_unload = 0
memory_budget = "1.5GiB"

[[models]]
id = "qwen"
path = "model.gguf"
slots = 2
context = 2048
threads = 3
batch = 256
max_waiting = 8
kv_type = "q8_0"
batch_invariance = false

[[models]]
id = "second"
path = "model.gguf"

[[keys]]
id = "alice"
key_env = "KEY_ALICE"
policy = "strict"
daily_budget_usd = 1.5
monthly_budget_usd = 20

[[keys]]
id = "bob"
key = "literal-secret"

[[providers]]
name = "openai"
kind = "openai"
base_url = "https://api.openai.com/v1/"
api_key_env = "OPENAI_API_KEY"
models = ["gpt-4o-mini", "gpt-4o"]
price_input_per_million = 0.15
price_output_per_million = 0.6
connect_timeout = "2s"
read_timeout = 45
max_attempts = 4
retry_base_delay = "100ms"
retry_max_delay = "2.5s"
breaker_failures = 7
breaker_open_for = "1m"

[[providers]]
name = "claude"
kind = "anthropic"
base_url = "http://127.0.0.1:9999"
models = ["claude-x"]
anthropic_version = "2024-01-01"

[[policies]]
name = "strict"
allow_remote = false
keep_local = ["credential", "health", "EMAIL"]
providers = ["claude"]
[policies.pseudonymize]
default = "mask"
email = "hash"
URL = "allow"
hash_key_env = "HASH_KEY"

[[routes]]
name = "auto"
local = "second"
providers = ["openai", "claude"]
remote_tasks = ["code", "math"]
max_local_prompt_tokens = 3000
[routes.cascade]
enabled = true
min_mean_logprob = -0.5
max_mean_entropy = 1.5
escalate_invalid_structured = false

[[routes]]
name = "plain"

[privacy]
default_region = "GB"
detect_names = false
min_confidence = 0.75
allow_list = ["Acme Corp", "support@acme.test"]
deny_list = [{ value = "Project Falcon", type = "organization" }]

[cache]
enabled = true
path = "state/cache.sqlite"
ttl = "2h"
max_size = "64MiB"
nondeterministic = true

[audit]
path = "/var/lib/hearth/audit.sqlite"
)";

class FullConfigTest : public ConfigTest {
 protected:
  FullConfigTest() {
    env_["KEY_ALICE"] = "alice-secret";
    env_["OPENAI_API_KEY"] = "sk-test";
    env_["HASH_KEY"] = "hash-secret";
  }
};

TEST_F(FullConfigTest, ServerSection) {
  const server::ServerConfig config = parse(kFull);
  EXPECT_EQ(config.http.host, "0.0.0.0");
  EXPECT_EQ(config.http.port, 9090);
  EXPECT_EQ(config.http.max_body_bytes, 2u << 20);
  EXPECT_EQ(config.http.max_connections, 64u);
  EXPECT_EQ(config.max_tokens, 1024u);
  EXPECT_EQ(config.request_timeout, milliseconds(90'000));
  EXPECT_EQ(config.idle_unload, milliseconds(0));
  EXPECT_EQ(config.memory_budget, std::uint64_t{3} << 29);
}

TEST_F(FullConfigTest, Models) {
  const server::ServerConfig config = parse(kFull);
  ASSERT_EQ(config.models.size(), 2u);
  const server::ModelConfig& model = config.models[0];
  EXPECT_EQ(model.id, "qwen");
  EXPECT_EQ(model.path, dir_ / "model.gguf");
  EXPECT_EQ(model.scheduler.slots, 2u);
  EXPECT_EQ(model.scheduler.context_length, 2048u);
  EXPECT_EQ(model.scheduler.threads, 3u);
  EXPECT_EQ(model.scheduler.batch_size, 256u);
  EXPECT_EQ(model.scheduler.max_waiting, 8u);
  EXPECT_EQ(model.scheduler.kv_cache_type, tensor::TensorType::q8_0);
  EXPECT_FALSE(model.scheduler.batch_invariant);
  const engine::SchedulerOptions defaults;
  const engine::SchedulerOptions& second = config.models[1].scheduler;
  EXPECT_EQ(second.slots, defaults.slots);
  EXPECT_EQ(second.kv_cache_type, defaults.kv_cache_type);
  EXPECT_EQ(second.batch_invariant, defaults.batch_invariant);
}

TEST_F(FullConfigTest, Keys) {
  const server::ServerConfig config = parse(kFull);
  ASSERT_EQ(config.api_keys.size(), 2u);
  EXPECT_EQ(config.api_keys[0].id, "alice");
  EXPECT_EQ(config.api_keys[0].secret, "alice-secret");
  EXPECT_EQ(config.api_keys[0].policy, "strict");
  EXPECT_EQ(config.api_keys[0].daily_budget_usd, 1.5);
  EXPECT_EQ(config.api_keys[0].monthly_budget_usd, 20.0);
  EXPECT_EQ(config.api_keys[1].id, "bob");
  EXPECT_EQ(config.api_keys[1].secret, "literal-secret");
  EXPECT_EQ(config.api_keys[1].policy, "default");
  EXPECT_EQ(config.api_keys[1].daily_budget_usd, 0.0);
}

TEST_F(FullConfigTest, Providers) {
  const server::ServerConfig config = parse(kFull);
  ASSERT_EQ(config.gateway.providers.size(), 2u);
  const remote::ProviderConfig& openai = config.gateway.providers[0];
  EXPECT_EQ(openai.name, "openai");
  EXPECT_EQ(openai.kind, remote::ProviderKind::openai);
  EXPECT_EQ(openai.base_url, "https://api.openai.com/v1");  // the trailing slash dropped
  EXPECT_EQ(openai.api_key, "sk-test");
  EXPECT_EQ(openai.api_key_env, "OPENAI_API_KEY");
  EXPECT_EQ(openai.models, (std::vector<std::string>{"gpt-4o-mini", "gpt-4o"}));
  EXPECT_EQ(openai.price.input_per_million, 0.15);
  EXPECT_EQ(openai.price.output_per_million, 0.6);
  EXPECT_EQ(openai.connect_timeout, milliseconds(2'000));
  EXPECT_EQ(openai.read_timeout, milliseconds(45'000));
  EXPECT_EQ(openai.retry.max_attempts, 4);
  EXPECT_EQ(openai.retry.base_delay, milliseconds(100));
  EXPECT_EQ(openai.retry.max_delay, milliseconds(2'500));
  EXPECT_EQ(openai.breaker.failure_threshold, 7);
  EXPECT_EQ(openai.breaker.open_for, milliseconds(60'000));
  const remote::ProviderConfig& claude = config.gateway.providers[1];
  EXPECT_EQ(claude.kind, remote::ProviderKind::anthropic);
  EXPECT_EQ(claude.base_url, "http://127.0.0.1:9999");
  EXPECT_TRUE(claude.api_key.empty());
  EXPECT_TRUE(claude.api_key_env.empty());
  EXPECT_EQ(claude.anthropic_version, "2024-01-01");
  EXPECT_EQ(claude.read_timeout, remote::ProviderConfig{}.read_timeout);
}

TEST_F(FullConfigTest, Policies) {
  const server::ServerConfig config = parse(kFull);
  ASSERT_EQ(config.gateway.router.policies.size(), 1u);
  const route::Policy& policy = config.gateway.router.policies[0];
  EXPECT_EQ(policy.name, "strict");
  EXPECT_FALSE(policy.allow_remote);
  EXPECT_EQ(policy.keep_local, (std::vector<std::string>{"credential", "health", "EMAIL"}));
  EXPECT_EQ(policy.providers, std::vector<std::string>{"claude"});
  EXPECT_EQ(policy.egress.operator_for(privacy::EntityType::person), privacy::Operator::mask);
  EXPECT_EQ(policy.egress.operator_for(privacy::EntityType::email), privacy::Operator::hash);
  EXPECT_EQ(policy.egress.operator_for(privacy::EntityType::url), privacy::Operator::allow);
  EXPECT_EQ(policy.egress.hash_key(), "hash-secret");
}

TEST_F(FullConfigTest, Routes) {
  const server::ServerConfig config = parse(kFull);
  const std::vector<route::RouteConfig>& routes = config.gateway.router.routes;
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].name, "auto");
  EXPECT_EQ(routes[0].local_model, "second");
  EXPECT_EQ(routes[0].providers, (std::vector<std::string>{"openai", "claude"}));
  EXPECT_EQ(routes[0].remote_tasks, (std::vector<std::string>{"code", "math"}));
  EXPECT_EQ(routes[0].max_local_prompt_tokens, 3000u);
  EXPECT_TRUE(routes[0].cascade.enabled);
  EXPECT_EQ(routes[0].cascade.min_mean_logprob, -0.5);
  EXPECT_EQ(routes[0].cascade.max_mean_entropy, 1.5);
  EXPECT_FALSE(routes[0].cascade.escalate_invalid_structured);
  EXPECT_EQ(routes[1].name, "plain");
  EXPECT_EQ(routes[1].local_model, "qwen");  // the first model
  EXPECT_TRUE(routes[1].providers.empty());
  EXPECT_FALSE(routes[1].cascade.enabled);
}

TEST_F(FullConfigTest, PrivacyCacheAndAudit) {
  const server::ServerConfig config = parse(kFull);
  const privacy::ScannerOptions& scanner = config.gateway.scanner;
  EXPECT_EQ(scanner.default_region, "GB");
  EXPECT_FALSE(scanner.detect_names);
  EXPECT_FLOAT_EQ(scanner.min_confidence, 0.75f);
  EXPECT_EQ(scanner.allow_list, (std::vector<std::string>{"Acme Corp", "support@acme.test"}));
  ASSERT_EQ(scanner.deny_list.size(), 1u);
  EXPECT_EQ(scanner.deny_list[0].value, "Project Falcon");
  EXPECT_EQ(scanner.deny_list[0].type, privacy::EntityType::organization);
  const server::CacheConfig& cache = config.gateway.cache;
  EXPECT_TRUE(cache.enabled);
  EXPECT_EQ(cache.path, dir_ / "state" / "cache.sqlite");
  EXPECT_EQ(cache.options.ttl, std::chrono::hours(2));
  EXPECT_EQ(cache.options.max_bytes, std::uint64_t{64} << 20);
  EXPECT_TRUE(cache.nondeterministic);
  EXPECT_EQ(config.gateway.audit_path, std::filesystem::path("/var/lib/hearth/audit.sqlite"));
}

TEST_F(ConfigTest, OmittedKeysKeepTheStructDefaults) {
  const server::ServerConfig config = parse(kModel);
  const server::ServerConfig defaults;
  EXPECT_EQ(config.http.host, defaults.http.host);
  EXPECT_EQ(config.http.port, 8080);  // as `hearth serve -m` listens by default
  EXPECT_EQ(config.http.max_body_bytes, defaults.http.max_body_bytes);
  EXPECT_EQ(config.max_tokens, defaults.max_tokens);
  EXPECT_EQ(config.request_timeout, defaults.request_timeout);
  EXPECT_EQ(config.idle_unload, defaults.idle_unload);
  EXPECT_FALSE(config.memory_budget);
  EXPECT_TRUE(config.api_keys.empty());
  EXPECT_TRUE(config.gateway.providers.empty());
  EXPECT_TRUE(config.gateway.router.routes.empty());  // the server supplies "auto"
  EXPECT_TRUE(config.gateway.router.policies.empty());
  EXPECT_FALSE(config.gateway.audit_path);
  EXPECT_FALSE(config.gateway.cache.enabled);
  EXPECT_EQ(config.gateway.scanner.default_region, privacy::ScannerOptions{}.default_region);
}

TEST_F(ConfigTest, ProvidersTurnTheAuditLogOnAtItsDefaultPlace) {
  const server::ServerConfig config = parse(std::string(kModel) + R"(
[[providers]]
name = "local"
base_url = "http://127.0.0.1:1234/v1"
models = ["m"]
)");
  EXPECT_EQ(config.gateway.audit_path, store::default_audit_path());
}

TEST_F(ConfigTest, DataFilesWithoutAPathGoToTheDefaultPlaces) {
  const server::ServerConfig config =
      parse(std::string(kModel) + "[cache]\nenabled = true\n[audit]\n");
  EXPECT_EQ(config.gateway.cache.path, store::default_cache_path());
  EXPECT_EQ(config.gateway.audit_path, store::default_audit_path());
  EXPECT_TRUE(parse(std::string(kModel) + "[cache]\n").gateway.cache.path.empty());
}

TEST_F(ConfigTest, InlineArraysOfTablesAreAccepted) {
  const server::ServerConfig config =
      parse(R"(models = [{ id = "a", path = "model.gguf" }, { id = "b", path = "model.gguf" }])");
  ASSERT_EQ(config.models.size(), 2u);
  EXPECT_EQ(config.models[1].id, "b");
}

}  // namespace
}  // namespace hearth::config
