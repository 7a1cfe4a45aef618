// The JSON objects OpenAI's API answers with: ids, usage, logprobs, the
// llama.cpp-style "timings", and server-sent event framing.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "hearth/engine/scheduler.h"
#include "hearth/tokenizer/tokenizer.h"
#include "json_fields.h"

namespace hearth::server {

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
