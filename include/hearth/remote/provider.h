// Remote model providers: OpenAI-compatible chat completions (OpenAI, vLLM,
// llama.cpp servers, Ollama, OpenRouter, ...) and Anthropic's Messages API,
// over libcurl with TLS verification, streaming and not.
//
// A Provider owns its retry policy and circuit breaker. A call is retried
// (with jittered exponential backoff, honouring Retry-After) on connection
// failures, timeouts, 429 and 5xx, but only while no text has reached the
// caller: once a stream has delivered text, a failure ends the call. A
// breaker that has seen `failure_threshold` failed calls in a row opens: calls
// fail at once (FailureKind::breaker_open) until `open_for` has passed, then
// one trial call decides whether it closes again.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/util/error.h"

namespace hearth::remote {

enum class ProviderKind : std::uint8_t { openai, anthropic };

std::string_view provider_kind_name(ProviderKind kind) noexcept;  // "openai", "anthropic"

struct Price {
  double input_per_million = 0;  // USD per million input (prompt) tokens
  double output_per_million = 0;
};

struct RetryOptions {
  int max_attempts = 3;  // tries per call, the first included
  std::chrono::milliseconds base_delay{250};
  // The longest wait between tries. A Retry-After longer than this is not
  // waited for: the call fails (and a fallback chain moves on).
  std::chrono::milliseconds max_delay{8'000};
};

struct BreakerOptions {
  int failure_threshold = 5;  // failed calls in a row that open the breaker
  std::chrono::milliseconds open_for{30'000};
};

struct ProviderConfig {
  std::string name;  // unique; what routes and `remote:NAME` refer to
  ProviderKind kind = ProviderKind::openai;
  // Requests go to base_url + "/chat/completions" (openai) or
  // base_url + "/messages" (anthropic): e.g. "https://api.openai.com/v1",
  // "https://api.anthropic.com/v1", "http://127.0.0.1:11434/v1".
  std::string base_url;
  std::string api_key;  // the key itself (read from api_key_env); empty: none sent
  std::string api_key_env;
  std::vector<std::string> models;  // the first is the default
  Price price;
  std::chrono::milliseconds connect_timeout{5'000};
  // The longest silence while waiting for or reading the response.
  std::chrono::milliseconds read_timeout{60'000};
  RetryOptions retry;
  BreakerOptions breaker;
  std::string anthropic_version = "2023-06-01";
};

struct Message {
  std::string role;  // "system", "user", "assistant"
  std::string content;
};

// A chat request in the terms both APIs share.
struct RemoteRequest {
  std::string model;  // empty: the provider's default model
  std::vector<Message> messages;
  std::optional<std::uint32_t> max_tokens;  // anthropic requires one: 4096 when absent
  std::optional<double> temperature;
  std::optional<double> top_p;
  std::optional<std::int64_t> seed;  // openai only
  std::vector<std::string> stop;
  // OpenAI's response_format object as JSON text ({"type":"json_object"}, a
  // json_schema one); empty: none. Anthropic has no equivalent: ignored.
  std::string response_format_json;
  bool stream = false;
};

struct Usage {
  std::uint64_t input_tokens = 0;
  std::uint64_t output_tokens = 0;
};

struct RemoteResult {
  std::string text;
  // In OpenAI's words: "stop", "length", "content_filter", "tool_calls"
  // (Anthropic's end_turn/stop_sequence → stop, max_tokens → length).
  std::string finish_reason;
  std::string model;  // as the provider reported it
  Usage usage;
  int attempts = 1;
  std::chrono::milliseconds latency{0};
};

enum class FailureKind : std::uint8_t {
  unreachable,    // could not connect (refused, DNS, TLS handshake)
  timeout,        // connect or read timeout
  http_status,    // a non-2xx answer (status() says which)
  malformed,      // a 2xx answer that is not the API's JSON / event stream
  stream_broken,  // the connection ended or reset in the middle of a stream
  breaker_open,   // not tried: the circuit breaker is open
  cancelled,      // the caller's cancel check said stop
};

std::string_view failure_kind_name(FailureKind kind) noexcept;

// Thrown by Provider::complete. Error::kind() is io for transport trouble,
// invalid_data for malformed answers, unsupported/invalid_argument for 4xx
// the provider sent back.
class RemoteError : public Error {
 public:
  RemoteError(FailureKind failure, std::string provider, std::string message, int status = 0,
              std::optional<std::chrono::milliseconds> retry_after = std::nullopt,
              bool output_started = false);

  FailureKind failure() const noexcept { return failure_; }
  const std::string& provider() const noexcept { return provider_; }
  int status() const noexcept { return status_; }  // HTTP status, 0 when none
  std::optional<std::chrono::milliseconds> retry_after() const noexcept { return retry_after_; }
  // True when text had already been delivered to the caller's sink.
  bool output_started() const noexcept { return output_started_; }
  // A failure another try (or another provider) may not repeat: transport
  // trouble, 408, 429, 5xx, a broken stream, an open breaker.
  bool retryable() const noexcept;

 private:
  FailureKind failure_;
  std::string provider_;
  int status_;
  std::optional<std::chrono::milliseconds> retry_after_;
  bool output_started_;
};

// Streamed text as it arrives (only when request.stream).
using DeltaSink = std::function<void(std::string_view text)>;
// Polled while waiting; true: abandon the call (FailureKind::cancelled).
using CancelCheck = std::function<bool()>;

enum class BreakerState : std::uint8_t { closed, open, half_open };

class Provider {
 public:
  // Throws Error(invalid_argument) for an empty name, a base_url that is not
  // http(s), no models.
  explicit Provider(ProviderConfig config);
  ~Provider();
  Provider(const Provider&) = delete;
  Provider& operator=(const Provider&) = delete;

  const ProviderConfig& config() const noexcept;
  const std::string& name() const noexcept;

  // One call, retried as described above. Thread-safe: calls may run in
  // parallel. Throws RemoteError; before anything is sent, Error(
  // invalid_argument) for a response_format_json that is not a JSON object or
  // a role the API has no place for. An exception from on_delta ends the call
  // and passes through unchanged.
  RemoteResult complete(const RemoteRequest& request, const DeltaSink& on_delta = {},
                        const CancelCheck& cancelled = {});

  BreakerState breaker_state() const;
  // False while the breaker is open (a half-open breaker admits a trial).
  bool available() const;

  // USD for this usage at the provider's prices.
  double cost(const Usage& usage) const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct Attempt {
  std::string provider;
  FailureKind failure;
  std::string message;
};

struct ChainResult {
  RemoteResult result;
  Provider* provider = nullptr;   // the one that answered
  std::vector<Attempt> failures;  // the providers that failed before it, in order
};

// Tries the providers in order: a provider whose call fails before any text
// was delivered (or whose breaker is open) is skipped for the next. Throws
// the last RemoteError when all fail, or the error at once when text had
// already been delivered (a stream cannot be restarted elsewhere) or the
// call was cancelled. `failures` lists every provider skipped.
ChainResult complete_with_fallback(std::span<Provider* const> chain, const RemoteRequest& request,
                                   const DeltaSink& on_delta = {},
                                   const CancelCheck& cancelled = {},
                                   std::vector<Attempt>* failures = nullptr);

}  // namespace hearth::remote
