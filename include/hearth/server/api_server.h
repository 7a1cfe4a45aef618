// hearth's OpenAI-compatible HTTP API: /v1/chat/completions (streaming over
// server-sent events and not), /v1/completions, /v1/embeddings, /v1/models,
// /health and /metrics (Prometheus text), on the continuous-batching
// scheduler of each configured model.
//
// Requests are validated field by field and refused with OpenAI's error
// object and status: 400 naming the field, 401 without a valid key, 404 for
// an unknown model or route, 413 for an oversized body, 429 (queue full) and
// 503 (loading impossible, shutting down) with Retry-After.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "hearth/engine/scheduler.h"
#include "hearth/http/server.h"
#include "hearth/privacy/scanner.h"
#include "hearth/remote/provider.h"
#include "hearth/route/router.h"
#include "hearth/store/response_cache.h"

namespace hearth::server {

struct ModelConfig {
  std::string id;  // what clients name in "model"
  std::filesystem::path path;
  engine::SchedulerOptions scheduler;  // slots, context, threads...
};

// A client's bearer key and what it may do.
struct ApiKey {
  std::string id;      // names the key in the audit log, metrics and cache (never the secret)
  std::string secret;  // what the client sends: Authorization: Bearer SECRET
  std::string policy = "default";  // a route::Policy by name
  double daily_budget_usd = 0;     // remote spend caps; 0: none
  double monthly_budget_usd = 0;
};

struct CacheConfig {
  bool enabled = false;
  std::filesystem::path path;
  store::CacheOptions options;
  // Also cache requests that are not deterministic (temperature > 0 without
  // a seed); off by default, since a second answer should differ.
  bool nondeterministic = false;
};

// The hybrid half: remote providers, routes and policies, the privacy scan,
// the audit log and the response cache. Empty: a purely local server (every
// model name is a local model; "auto" is the first model).
struct GatewayConfig {
  std::vector<remote::ProviderConfig> providers;
  route::RouterConfig router;
  privacy::ScannerOptions scanner;
  // Where every egress is recorded; required when any provider is configured.
  std::optional<std::filesystem::path> audit_path;
  CacheConfig cache;
};

struct ServerConfig {
  http::ServerOptions http;  // host (127.0.0.1), port, body limit, timeouts
  std::vector<ModelConfig> models;
  // Accepted bearer keys; empty: no authentication (every request is the
  // key id "anonymous" with the "default" policy). /health is always open.
  std::vector<ApiKey> api_keys;
  // The most completion tokens one request may ask for (and get when it
  // names none); bounded by the context left after the prompt.
  std::uint32_t max_tokens = 4096;
  // A request still running after this is cancelled: 408 (when streaming,
  // the error object ends the stream).
  std::chrono::milliseconds request_timeout{std::chrono::minutes(10)};
  // A loaded model nobody used for this long is unloaded; 0: never.
  std::chrono::milliseconds idle_unload{std::chrono::minutes(5)};
  // All loaded models together (weights, caches, buffers); nullopt: the
  // memory available when a model loads. Idle models are unloaded to make
  // room for another.
  std::optional<std::uint64_t> memory_budget;
  GatewayConfig gateway;
};

class ApiServer {
 public:
  // Checks the configuration (ids unique and non-empty, at least one model,
  // files exist) and binds. Models load on first use. Throws Error.
  explicit ApiServer(ServerConfig config);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  std::uint16_t port() const noexcept;
  const ServerConfig& config() const noexcept;

  // Starts serving on background threads; returns at once.
  void start();

  // Clean shutdown: stops accepting, lets running requests finish for up to
  // `grace`, then cancels what is left (503; a started stream gets the error
  // as its last event), unloads the models. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  // Swaps in a new configuration's keys and gateway (providers, routes,
  // policies, budgets, privacy scan, cache, audit) without dropping
  // requests: running requests finish with the configuration they started
  // with. Returns the settings that differ but take a restart to change (the
  // address, the models, the limits); they keep their old values. Throws
  // Error, keeping the old configuration, when the new one is invalid.
  std::vector<std::string> reload(const ServerConfig& config);

  // The Prometheus text /metrics serves.
  std::string metrics_text() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace hearth::server
