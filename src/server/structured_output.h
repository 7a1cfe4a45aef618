// Whether a local answer is the structured output the request asked for —
// one of the confidence cascade's signals. A local model without a grammar
// can still write invalid JSON; a route escalates such answers.
#pragma once

#include <string_view>

#include "json_fields.h"

namespace hearth::server {

// response_format {"type": "json_object"}: the text is one JSON object.
// {"type": "json_schema"}: it also satisfies the schema's type, properties,
// required, items, enum and additionalProperties: false (nested; other
// keywords are not checked).
bool satisfies_response_format(std::string_view text, const Json& response_format);

}  // namespace hearth::server
