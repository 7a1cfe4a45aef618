#include "hearth/remote/provider.h"

#include <fmt/format.h>

#include <algorithm>
#include <thread>
#include <utility>

#include "anthropic_wire.h"
#include "backoff.h"
#include "circuit_breaker.h"
#include "error_body.h"
#include "http_exchange.h"
#include "openai_wire.h"
#include "response_stream.h"
#include "retry_after.h"

namespace hearth::remote {
namespace {

using Clock = std::chrono::steady_clock;
using detail::CircuitBreaker;

// A 2xx answer that is not streamed is read whole; an error answer is read
// only as far as its message needs.
constexpr std::size_t kMaxAnswerBytes = 32u << 20;
constexpr std::size_t kMaxErrorBodyBytes = 64u << 10;
// How often a wait between tries looks at the cancel check.
constexpr std::chrono::milliseconds kCancelPollInterval{10};

bool has_control_characters(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F;
  });
}

void validate(const ProviderConfig& config) {
  if (config.name.empty()) raise(ErrorKind::invalid_argument, "a remote provider needs a name");
  if (!config.base_url.starts_with("http://") && !config.base_url.starts_with("https://")) {
    raise(ErrorKind::invalid_argument,
          "remote provider '{}': base_url must start with http:// or https://", config.name);
  }
  if (config.models.empty()) {
    raise(ErrorKind::invalid_argument, "remote provider '{}' lists no models", config.name);
  }
  if (has_control_characters(config.api_key) || has_control_characters(config.anthropic_version)) {
    raise(ErrorKind::invalid_argument,
          "remote provider '{}': the API key or version holds control characters", config.name);
  }
  if (config.retry.max_attempts < 1 || config.breaker.failure_threshold < 1) {
    raise(ErrorKind::invalid_argument,
          "remote provider '{}': max_attempts and failure_threshold must be at least 1",
          config.name);
  }
  if (config.connect_timeout.count() <= 0 || config.read_timeout.count() <= 0) {
    raise(ErrorKind::invalid_argument, "remote provider '{}': timeouts must be positive",
          config.name);
  }
}

std::string endpoint(const ProviderConfig& config) {
  std::string_view base = config.base_url;
  while (base.ends_with('/')) base.remove_suffix(1);
  return fmt::format("{}{}", base,
                     config.kind == ProviderKind::openai ? "/chat/completions" : "/messages");
}

std::vector<std::string> request_headers(const ProviderConfig& config, bool stream) {
  std::vector<std::string> headers = {
      "Content-Type: application/json",
      stream ? "Accept: text/event-stream" : "Accept: application/json"};
  if (config.kind == ProviderKind::openai) {
    if (!config.api_key.empty()) headers.push_back("Authorization: Bearer " + config.api_key);
  } else {
    if (!config.api_key.empty()) headers.push_back("x-api-key: " + config.api_key);
    headers.push_back("anthropic-version: " + config.anthropic_version);
  }
  return headers;
}

// What a provider sends back may quote the key; no message of hearth's does.
std::string redact(std::string text, const std::string& key) {
  if (key.empty()) return text;
  for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at)) {
    text.replace(at, key.size(), "[redacted]");
  }
  return text;
}

bool is_json(std::string_view content_type) {
  return content_type.starts_with("application/json");
}

// A 4xx other than 408 and 429 is the request's fault, not the provider's:
// it shows the provider answering.
bool provider_answered(const RemoteError& error) {
  return error.failure() == FailureKind::http_status && error.status() >= 400 &&
         error.status() < 500 && error.status() != 408 && error.status() != 429;
}

// What one try has received so far.
struct AnswerState {
  AnswerState(ProviderKind kind, const DeltaSink& on_delta) : stream(kind), caller_sink(on_delta) {}
  AnswerState(const AnswerState&) = delete;
  AnswerState& operator=(const AnswerState&) = delete;

  // Hands text to the caller; an exception from there is the caller's and
  // passes on as it is.
  void deliver(std::string_view text) {
    output_started = true;
    if (!caller_sink) return;
    in_caller_sink = true;
    caller_sink(text);
    in_caller_sink = false;
  }

  detail::ResponseStream stream;
  const DeltaSink& caller_sink;
  const DeltaSink sink = [this](std::string_view text) { deliver(text); };
  std::string answer;  // a whole answer, or an error answer's body
  bool decided = false;
  bool stream_mode = false;
  bool output_started = false;
  bool in_caller_sink = false;
};

}  // namespace

struct Provider::Impl {
  explicit Impl(ProviderConfig provider_config)
      : config(std::move(provider_config)),
        url(endpoint(config)),
        host(detail::url_host(config.base_url)),
        breaker(config.breaker) {}

  // Throws a RemoteError for this provider, the key kept out of the message.
  [[noreturn]] void fail(FailureKind failure, const std::string& message, int status = 0,
                         std::optional<std::chrono::milliseconds> retry_after = std::nullopt,
                         bool output_started = false) const {
    throw RemoteError(
        failure, config.name,
        redact(fmt::format("remote provider '{}' ({}): {}", config.name, host, message),
               config.api_key),
        status, retry_after, output_started);
  }

  RemoteResult attempt(const RemoteRequest& request, const std::string& body,
                       const DeltaSink& on_delta, const CancelCheck& cancelled);
  void take_body(const RemoteRequest& request, AnswerState& state, const detail::ResponseHead& head,
                 std::string_view bytes) const;
  RemoteResult finish_answer(const RemoteRequest& request, const detail::HttpOutcome& outcome,
                             AnswerState& state) const;

  const ProviderConfig config;
  const std::string url;
  const std::string host;
  CircuitBreaker breaker;
  detail::ConnectionCache connections;
};

RemoteResult Provider::Impl::attempt(const RemoteRequest& request, const std::string& body,
                                     const DeltaSink& on_delta, const CancelCheck& cancelled) {
  const detail::HttpPost post{url, request_headers(config, request.stream), body,
                              config.connect_timeout, config.read_timeout};
  AnswerState state(config.kind, on_delta);
  const detail::HttpOutcome outcome = detail::perform_post(
      post, connections,
      [&](const detail::ResponseHead& head, std::string_view bytes) {
        take_body(request, state, head, bytes);
      },
      cancelled);
  return finish_answer(request, outcome, state);
}

void Provider::Impl::take_body(const RemoteRequest& request, AnswerState& state,
                               const detail::ResponseHead& head, std::string_view bytes) const {
  if (head.status < 200 || head.status >= 300) {
    const std::size_t room = kMaxErrorBodyBytes - std::min(kMaxErrorBodyBytes, state.answer.size());
    state.answer.append(bytes.substr(0, room));
    return;
  }
  if (!state.decided) {
    state.decided = true;
    // A server that ignores "stream" answers with one JSON body.
    state.stream_mode = request.stream && !is_json(head.content_type);
  }
  if (!state.stream_mode) {
    if (state.answer.size() + bytes.size() > kMaxAnswerBytes) {
      fail(FailureKind::malformed,
           fmt::format("the answer is larger than {} bytes", kMaxAnswerBytes),
           static_cast<int>(head.status));
    }
    state.answer.append(bytes);
    return;
  }
  try {
    state.stream.feed(bytes, state.sink);
  } catch (const Error& error) {
    if (state.in_caller_sink) throw;
    fail(FailureKind::malformed,
         fmt::format("the event stream is not the API's: {}", error.message()),
         static_cast<int>(head.status), std::nullopt, state.output_started);
  }
}

RemoteResult Provider::Impl::finish_answer(const RemoteRequest& request,
                                           const detail::HttpOutcome& outcome,
                                           AnswerState& state) const {
  const int status = static_cast<int>(outcome.head.status);
  const bool output_started = state.output_started;
  switch (outcome.end) {
    case detail::HttpOutcome::End::cancelled:
      fail(FailureKind::cancelled, "the call was cancelled", status, std::nullopt, output_started);
    case detail::HttpOutcome::End::silent:
      fail(FailureKind::timeout,
           fmt::format("nothing arrived for {} ms (read timeout)", config.read_timeout.count()),
           status, std::nullopt, output_started);
    case detail::HttpOutcome::End::failed:
      if (outcome.code == CURLE_OPERATION_TIMEDOUT) {
        fail(FailureKind::timeout,
             fmt::format("no connection within {} ms (connect timeout)",
                         config.connect_timeout.count()),
             status, std::nullopt, output_started);
      }
      if (!outcome.connected) {
        fail(FailureKind::unreachable, fmt::format("cannot connect: {}", outcome.detail));
      }
      if (status == 0 || (status >= 200 && status < 300)) {
        fail(FailureKind::stream_broken,
             fmt::format("the connection broke off during the answer: {}", outcome.detail), status,
             std::nullopt, output_started);
      }
      break;
    case detail::HttpOutcome::End::complete:
      break;
  }

  if (status < 200 || status >= 300) {
    std::optional<std::chrono::milliseconds> retry_after;
    if (outcome.head.retry_after_ms) {
      retry_after = detail::parse_retry_after_ms(*outcome.head.retry_after_ms);
    }
    if (!retry_after && outcome.head.retry_after) {
      retry_after =
          detail::parse_retry_after(*outcome.head.retry_after, std::chrono::system_clock::now());
    }
    const std::string said = detail::provider_error_message(state.answer);
    fail(FailureKind::http_status,
         said.empty() ? fmt::format("HTTP {}", status) : fmt::format("HTTP {}: {}", status, said),
         status, retry_after);
  }

  RemoteResult result;
  if (state.stream_mode) {
    try {
      state.stream.finish(state.sink);
    } catch (const Error& error) {
      if (state.in_caller_sink) throw;
      fail(FailureKind::malformed,
           fmt::format("the event stream is not the API's: {}", error.message()), status,
           std::nullopt, state.output_started);
    }
    const detail::StreamState& stream = state.stream.state();
    if (stream.error) {
      fail(FailureKind::stream_broken,
           fmt::format("the provider reported an error mid-stream: {}",
                       detail::printable_excerpt(*stream.error, detail::kMaxErrorMessageBytes)),
           status, std::nullopt, state.output_started);
    }
    if (!state.stream.complete()) {
      fail(FailureKind::stream_broken, "the event stream ended before the answer was complete",
           status, std::nullopt, state.output_started);
    }
    result.text = stream.text;
    result.finish_reason = stream.finish_reason;
    result.model = stream.model;
    result.usage = stream.usage;
  } else {
    try {
      result = config.kind == ProviderKind::openai ? detail::parse_openai_response(state.answer)
                                                   : detail::parse_anthropic_response(state.answer);
    } catch (const Error& error) {
      fail(FailureKind::malformed, fmt::format("the answer is not the API's: {}", error.message()),
           status);
    }
    // A server that ignored "stream": the caller still gets its text.
    if (request.stream && !result.text.empty()) state.deliver(result.text);
  }
  return result;
}

Provider::Provider(ProviderConfig config) {
  validate(config);
  impl_ = std::make_unique<Impl>(std::move(config));
}

Provider::~Provider() = default;

const ProviderConfig& Provider::config() const noexcept {
  return impl_->config;
}

const std::string& Provider::name() const noexcept {
  return impl_->config.name;
}

RemoteResult Provider::complete(const RemoteRequest& request, const DeltaSink& on_delta,
                                const CancelCheck& cancelled) {
  const Clock::time_point start = Clock::now();
  const ProviderConfig& config = impl_->config;
  const std::string model = request.model.empty() ? config.models.front() : request.model;
  const std::string body = config.kind == ProviderKind::openai
                               ? detail::openai_request_body(request, model)
                               : detail::anthropic_request_body(request, model);

  const CircuitBreaker::Admission admission = impl_->breaker.admit(start);
  if (admission == CircuitBreaker::Admission::refused) {
    impl_->fail(FailureKind::breaker_open,
                "not tried: the circuit breaker is open after repeated failures");
  }

  for (int attempt = 1;; ++attempt) {
    try {
      if (cancelled && cancelled()) impl_->fail(FailureKind::cancelled, "the call was cancelled");
      RemoteResult result = impl_->attempt(request, body, on_delta, cancelled);
      impl_->breaker.succeeded();
      if (result.model.empty()) result.model = model;
      result.attempts = attempt;
      result.latency = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
      return result;
    } catch (const RemoteError& error) {
      std::optional<std::chrono::milliseconds> wait;
      bool wait_too_long = false;
      if (error.retryable() && !error.output_started() && attempt < config.retry.max_attempts) {
        wait = error.retry_after() ? *error.retry_after()
                                   : detail::jittered_backoff(attempt, config.retry);
        // Waiting longer than max_delay is worse than letting a fallback
        // provider answer now.
        wait_too_long = *wait > config.retry.max_delay;
        if (wait_too_long) wait.reset();
      }
      if (!wait) {
        if (error.failure() == FailureKind::cancelled) {
          impl_->breaker.abandoned(admission);
        } else if (provider_answered(error)) {
          impl_->breaker.succeeded();
        } else {
          impl_->breaker.failed(admission, Clock::now());
        }
        std::string note;
        if (wait_too_long) {
          note += fmt::format(" (it asked to wait {} ms, longer than max_delay)",
                              error.retry_after()->count());
        }
        if (attempt > 1) note += fmt::format(" (after {} tries)", attempt);
        if (note.empty()) throw;
        throw RemoteError(error.failure(), error.provider(), error.message() + note, error.status(),
                          error.retry_after(), error.output_started());
      }
      const Clock::time_point until = Clock::now() + *wait;
      while (Clock::now() < until) {
        if (cancelled && cancelled()) {
          impl_->breaker.abandoned(admission);
          impl_->fail(FailureKind::cancelled, "the call was cancelled");
        }
        std::this_thread::sleep_for(
            std::min<Clock::duration>(kCancelPollInterval, until - Clock::now()));
      }
    } catch (...) {
      // The caller's sink threw, or hearth could not make a request.
      impl_->breaker.abandoned(admission);
      throw;
    }
  }
}

BreakerState Provider::breaker_state() const {
  return impl_->breaker.state(Clock::now());
}

bool Provider::available() const {
  return breaker_state() != BreakerState::open;
}

double Provider::cost(const Usage& usage) const noexcept {
  const Price& price = impl_->config.price;
  return (static_cast<double>(usage.input_tokens) * price.input_per_million +
          static_cast<double>(usage.output_tokens) * price.output_per_million) /
         1e6;
}

}  // namespace hearth::remote
