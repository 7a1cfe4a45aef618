// Anthropic's Messages API on the wire: the request body, a whole answer,
// and the events of a streamed one. Pure functions, for the provider, the
// tests and the fuzzer.
#pragma once

#include <string>
#include <string_view>

#include "hearth/remote/provider.h"
#include "sse_parser.h"
#include "stream_state.h"

namespace hearth::remote::detail {

// Anthropic requires max_tokens; this is sent when the request has none.
inline constexpr std::uint32_t kAnthropicDefaultMaxTokens = 4096;

// The JSON body of POST /messages for `model`: system messages go to
// "system" (joined by blank lines), consecutive messages of one role are
// merged, temperature is kept within Anthropic's 0-1, and seed and
// response_format (which the API lacks) are left out. Throws
// Error(invalid_argument) for a role other than system, developer, user or
// assistant.
std::string anthropic_request_body(const RemoteRequest& request, const std::string& model);

// Anthropic's stop_reason in OpenAI's words: end_turn and stop_sequence are
// "stop", max_tokens is "length", others stay as they are.
std::string anthropic_finish_reason(std::string_view stop_reason);

// A whole message (text blocks joined, finish reason, usage, model). Throws
// Error(invalid_data) when the body is not one.
RemoteResult parse_anthropic_response(std::string_view body);

// Applies one event of a streamed message to `state` and returns the text it
// adds. An "error" event sets state.error; message_stop sets state.ended.
// Throws Error(invalid_data) for an event that is not the API's.
std::string apply_anthropic_event(const SseEvent& event, StreamState& state);

}  // namespace hearth::remote::detail
