// The response cache on the chat path: which requests may be cached, under
// what key, and how a stored answer is written back to a client.
#pragma once

#include <optional>
#include <string>

#include "chat_responder.h"
#include "json_fields.h"

namespace hearth::server {

// The cache key of a chat request body: every field that shapes the answer
// (model, messages, sampling parameters, response_format, ...), normalized —
// object keys sorted, transport-only fields (stream, stream_options, user,
// metadata) left out. nullopt when the answer may not be reused: not
// deterministic (temperature above 0 without a seed) unless
// `nondeterministic` allows it.
std::optional<std::string> chat_cache_key(const Json& body, bool nondeterministic);

// What is stored: the choices, usage and the route that produced them.
std::string cache_value(const std::vector<ChoiceAnswer>& choices, const Json& usage,
                        const std::string& route, const std::string& reason);

// Answers from a stored value (a fresh id; usage says cache_hit). Returns
// false, sending nothing, when the value does not parse (then the request
// runs as a miss).
bool answer_from_cache(const std::string& value, ChatResponder& responder);

}  // namespace hearth::server
