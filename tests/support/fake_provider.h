// A stand-in for a remote model provider on loopback: OpenAI's chat
// completions (POST /v1/chat/completions) or Anthropic's Messages API
// (POST /v1/messages), streamed (server-sent events) when the request asks
// for it, and the ways such a provider goes wrong: slow or hung answers,
// error statuses with Retry-After, bodies that are not JSON, streams that
// break off, stall or report an error midway, and a provider that is down.
//
// Every request is recorded (method, path, headers, body) before it is
// answered, so tests can check exactly what left the client, and faults are
// queued: each request takes the next one, if any. Thread-safe: requests are
// answered in parallel, and the setters and accessors may be called from
// any thread at any time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/http/server.h"

namespace hearth::testing {

enum class FakeFlavor : std::uint8_t { openai, anthropic };

struct ProviderRequest {
  std::string method;
  std::string path;
  std::vector<http::Header> headers;
  std::string body;

  std::optional<std::string_view> header(std::string_view name) const {
    return http::find_header(headers, name);
  }
  // The body as JSON; a discarded value when it is not JSON.
  nlohmann::json json() const;
};

// What goes wrong with one request.
struct FakeFault {
  enum class Kind : std::uint8_t {
    delay,             // wait `duration`, then answer as usual
    status,            // answer `status` with `body` (and Retry-After)
    malformed,         // 200 whose body (or first event) is not JSON
    reset_mid_stream,  // `deltas` text deltas, then the connection is cut
    stall_mid_stream,  // `deltas` text deltas, `duration` of silence, then the rest
    error_event,       // `deltas` text deltas, then the API's error event
  };
  Kind kind = Kind::delay;
  std::chrono::milliseconds duration{0};
  int status = 0;
  // The error body; empty: the flavor's error JSON carrying `message`.
  std::string body;
  std::string message;
  std::optional<std::string> retry_after;  // the Retry-After header's value
  std::size_t deltas = 1;

  // A long delay is a provider that hangs before sending any header. The
  // wait ends early when the client goes away or the fake stops.
  static FakeFault delay(std::chrono::milliseconds duration);
  static FakeFault http_status(int status, std::string message = "the fake provider failed",
                               std::optional<std::string> retry_after = std::nullopt);
  static FakeFault malformed();
  // A request that did not ask for a stream gets half its JSON body, then
  // the cut.
  static FakeFault reset_mid_stream(std::size_t deltas = 1);
  static FakeFault stall_mid_stream(std::chrono::milliseconds duration, std::size_t deltas = 1);
  // A request that did not ask for a stream gets a 500 carrying `message`.
  static FakeFault error_event(std::string message = "Overloaded", std::size_t deltas = 1);
};

// Makes the reply text from the request body (parsed JSON).
using FakeResponder = std::function<std::string(const nlohmann::json& body)>;

// The text of the request's last user message (for a request in either
// API's shape; Anthropic content blocks are joined); empty when none.
std::string last_user_message(const nlohmann::json& body);

class FakeProvider {
 public:
  // Listens on 127.0.0.1 at a free port and answers at once.
  explicit FakeProvider(FakeFlavor flavor = FakeFlavor::openai);
  ~FakeProvider();
  FakeProvider(const FakeProvider&) = delete;
  FakeProvider& operator=(const FakeProvider&) = delete;

  FakeFlavor flavor() const noexcept { return flavor_; }
  // "http://127.0.0.1:PORT/v1": what a provider's base_url is set to.
  std::string base_url() const;
  std::uint16_t port() const noexcept { return port_; }

  // The reply: fixed text (by default "Hello from the fake provider."), or
  // one made from each request (e.g. last_user_message, to echo).
  void set_reply(std::string text);
  void set_responder(FakeResponder responder);
  // The usage reported. By default: input tokens = the messages' bytes / 4
  // (at least 1), output tokens = the reply's stream pieces.
  void set_usage(std::uint64_t input_tokens, std::uint64_t output_tokens);
  // In OpenAI's words ("stop", "length"); Anthropic's reply says end_turn,
  // max_tokens or the word itself.
  void set_finish_reason(std::string reason);
  // The model named in replies; by default the one the request named.
  void set_model(std::string model);
  // Requests without this key (Authorization: Bearer KEY for OpenAI,
  // x-api-key for Anthropic) get 401.
  void require_api_key(std::string key);
  // Every answer waits this long first (0: none).
  void set_latency(std::chrono::milliseconds latency);

  // The next `count` requests each take one copy of `fault`, after the
  // faults already queued.
  void push_fault(const FakeFault& fault, std::size_t count = 1);
  void clear_faults();
  std::size_t pending_faults() const;

  // What was received, in order of arrival (faulted requests included).
  std::vector<ProviderRequest> requests() const;
  std::size_t request_count() const;
  // Forgets the recorded requests.
  void clear();

  // Stops listening: from now on nothing answers on port() and calls fail as
  // unreachable. Idempotent; the destructor calls it.
  void stop();

 private:
  struct State;
  void handle(const http::Request& request, http::Exchange& exchange);

  FakeFlavor flavor_;
  std::unique_ptr<State> state_;
  std::unique_ptr<http::Server> server_;
  std::uint16_t port_ = 0;
};

// A loopback port nothing listens on right now (bound, then released).
std::uint16_t unused_loopback_port();
// "http://127.0.0.1:PORT/v1" with such a port: a provider that is down.
std::string unreachable_base_url();

}  // namespace hearth::testing
