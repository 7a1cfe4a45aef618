// OpenAI's chat completions API on the wire: the request body, a whole
// answer, and the events of a streamed one. Pure functions, for the
// provider, the tests and the fuzzer.
#pragma once

#include <string>
#include <string_view>

#include "hearth/remote/provider.h"
#include "sse_parser.h"
#include "stream_state.h"

namespace hearth::remote::detail {

// The JSON body of POST /chat/completions for `model`. Throws
// Error(invalid_argument) when response_format_json is not a JSON object.
std::string openai_request_body(const RemoteRequest& request, const std::string& model);

// A whole chat completion (text, finish reason, usage, model; attempts and
// latency are left for the caller). Throws Error(invalid_data) when the body
// is not one.
RemoteResult parse_openai_response(std::string_view body);

// Applies one event of a streamed completion to `state` and returns the text
// it adds. An error chunk sets state.error; "[DONE]" sets state.ended.
// Throws Error(invalid_data) for an event that is not a completion chunk.
std::string apply_openai_event(const SseEvent& event, StreamState& state);

}  // namespace hearth::remote::detail
