#include "openai_responses.h"

#include <bit>
#include <chrono>
#include <cmath>
#include <cstring>
#include <random>

#include "hearth/util/utf8.h"
#include "hearth/version.h"

namespace hearth::server {
namespace {

// A token's bytes as JSON-safe text: invalid UTF-8 (part of a character)
// becomes U+FFFD, as OpenAI shows such tokens.
std::string token_text(const std::string& bytes) {
  return sanitize_utf8(bytes);
}

Json bytes_json(const std::string& bytes) {
  Json array = Json::array();
  for (unsigned char c : bytes) array.push_back(static_cast<int>(c));
  return array;
}

// -inf is not JSON: OpenAI reports -9999.0 for impossible tokens.
double finite_logprob(float logprob) {
  return std::isfinite(logprob) ? static_cast<double>(logprob) : -9999.0;
}

}  // namespace

Json response_object(std::string_view object, const std::string& id, std::int64_t created,
                     const std::string& model) {
  Json body = Json::object();
  body["id"] = id;
  body["object"] = object;
  body["created"] = created;
  body["model"] = model;
  body["system_fingerprint"] = std::string("hearth-") + std::string(kVersion);
  return body;
}

void start_event_stream(http::Exchange& exchange) {
  exchange.start_stream(200, {{"Content-Type", "text/event-stream"},
                              {"Cache-Control", "no-cache"},
                              {"X-Accel-Buffering", "no"}});
}

std::string random_id(std::string_view prefix) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 generator{std::random_device{}()};
  std::string id(prefix);
  for (int i = 0; i < 24; ++i) id += kAlphabet[generator() % kAlphabet.size()];
  return id;
}

std::int64_t unix_time_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string_view openai_finish_reason(engine::FinishReason reason) {
  return reason == engine::FinishReason::stop ? "stop" : "length";
}

Json usage_json(std::uint64_t prompt, std::uint64_t cached, std::uint64_t completion) {
  Json usage = Json::object();
  usage["prompt_tokens"] = prompt;
  usage["completion_tokens"] = completion;
  usage["total_tokens"] = prompt + completion;
  usage["prompt_tokens_details"] = {{"cached_tokens", cached}};
  return usage;
}

Json timings_json(const engine::Finished& finished) {
  const engine::GenerationStats& stats = finished.stats;
  const std::size_t evaluated = stats.prompt_tokens - stats.cached_prompt_tokens;
  const double prompt_ms = stats.prompt_seconds * 1000.0;
  const double predicted_ms = stats.generation_seconds * 1000.0;
  Json timings = Json::object();
  timings["cache_n"] = stats.cached_prompt_tokens;
  timings["prompt_n"] = evaluated;
  timings["prompt_ms"] = prompt_ms;
  timings["prompt_per_second"] = prompt_ms > 0 ? evaluated * 1000.0 / prompt_ms : 0.0;
  timings["predicted_n"] = stats.completion_tokens;
  timings["predicted_ms"] = predicted_ms;
  timings["predicted_per_second"] =
      predicted_ms > 0 && stats.completion_tokens > 1
          ? static_cast<double>(stats.completion_tokens - 1) * 1000.0 / predicted_ms
          : 0.0;
  timings["queue_ms"] = finished.timings.queued_seconds * 1000.0;
  timings["ttft_ms"] = finished.timings.first_token_seconds * 1000.0;
  return timings;
}

Json chat_logprob_json(const tokenizer::Tokenizer& tokenizer, const sampling::SampledToken& token) {
  const std::string bytes = tokenizer.token_to_bytes(token.token);
  Json entry = Json::object();
  entry["token"] = token_text(bytes);
  entry["logprob"] = finite_logprob(token.logprob);
  entry["bytes"] = bytes_json(bytes);
  Json top = Json::array();
  for (const sampling::TokenLogprob& alternative : token.top) {
    const std::string alt_bytes = tokenizer.token_to_bytes(alternative.token);
    top.push_back({{"token", token_text(alt_bytes)},
                   {"logprob", finite_logprob(alternative.logprob)},
                   {"bytes", bytes_json(alt_bytes)}});
  }
  entry["top_logprobs"] = std::move(top);
  return entry;
}

Json completion_logprobs_json(const tokenizer::Tokenizer& tokenizer,
                              std::span<const sampling::SampledToken> tokens, std::size_t offset) {
  Json texts = Json::array();
  Json logprobs = Json::array();
  Json tops = Json::array();
  Json offsets = Json::array();
  for (const sampling::SampledToken& token : tokens) {
    const std::string bytes = tokenizer.token_to_bytes(token.token);
    texts.push_back(token_text(bytes));
    logprobs.push_back(finite_logprob(token.logprob));
    Json top = Json::object();
    for (const sampling::TokenLogprob& alternative : token.top) {
      top[token_text(tokenizer.token_to_bytes(alternative.token))] =
          finite_logprob(alternative.logprob);
    }
    tops.push_back(std::move(top));
    offsets.push_back(offset);
    offset += bytes.size();
  }
  return {{"tokens", std::move(texts)},
          {"token_logprobs", std::move(logprobs)},
          {"top_logprobs", std::move(tops)},
          {"text_offset", std::move(offsets)}};
}

std::string sse_event(const Json& data) {
  std::string event = "data: ";
  event += data.dump(-1, ' ', false, Json::error_handler_t::replace);
  event += "\n\n";
  return event;
}

std::string base64_floats(std::span<const float> values) {
  static constexpr char kDigits[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes(values.size() * 4, '\0');
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::uint32_t bits = std::bit_cast<std::uint32_t>(values[i]);
    for (int b = 0; b < 4; ++b) bytes[i * 4 + b] = static_cast<char>((bits >> (8 * b)) & 0xff);
  }
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t word = 0;
    for (std::size_t k = 0; k < 3; ++k) {
      word = (word << 8) | (k < n ? static_cast<unsigned char>(bytes[i + k]) : 0u);
    }
    for (std::size_t k = 0; k < 4; ++k) {
      out += k <= n ? kDigits[(word >> (18 - 6 * k)) & 63] : '=';
    }
  }
  return out;
}

}  // namespace hearth::server
