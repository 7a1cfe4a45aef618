// The JSON objects OpenAI's API answers with: ids, usage, logprobs, the
// llama.cpp-style "timings", and server-sent event framing.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "hearth/engine/scheduler.h"
#include "hearth/http/server.h"
#include "hearth/tokenizer/tokenizer.h"
#include "json_fields.h"

namespace hearth::server {

// The fields every completion object and chunk starts with: id, object,
// created, model, system_fingerprint.
Json response_object(std::string_view object, const std::string& id, std::int64_t created,
                     const std::string& model);

// Starts a server-sent event stream (200, text/event-stream, no caching or
// proxy buffering).
void start_event_stream(http::Exchange& exchange);

// "chatcmpl-" + 24 random letters and digits.
std::string random_id(std::string_view prefix);
std::int64_t unix_time_now();

// finish_reason as OpenAI names it; a cancelled request reports "length"
// (it was cut short by a limit: the timeout or shutdown).
std::string_view openai_finish_reason(engine::FinishReason reason);

// {"prompt_tokens", "completion_tokens", "total_tokens",
//  "prompt_tokens_details": {"cached_tokens"}}.
Json usage_json(std::uint64_t prompt, std::uint64_t cached, std::uint64_t completion);

// llama.cpp's per-response "timings" object (milliseconds and rates).
Json timings_json(const engine::Finished& finished);

// One token for chat logprobs: {"token", "logprob", "bytes", "top_logprobs"}.
Json chat_logprob_json(const tokenizer::Tokenizer& tokenizer, const sampling::SampledToken& token);

// Legacy completions logprobs for `tokens`, text offsets counted from
// `offset`: {"tokens", "token_logprobs", "top_logprobs", "text_offset"}.
Json completion_logprobs_json(const tokenizer::Tokenizer& tokenizer,
                              std::span<const sampling::SampledToken> tokens, std::size_t offset);

// "data: <json>\n\n".
std::string sse_event(const Json& data);
inline constexpr std::string_view kSseDone = "data: [DONE]\n\n";

// Floats as little-endian bytes in base64 (encoding_format "base64").
std::string base64_floats(std::span<const float> values);

}  // namespace hearth::server
