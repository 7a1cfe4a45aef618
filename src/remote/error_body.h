// What a provider said when it refused a request, fit for an error message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hearth::remote::detail {

inline constexpr std::size_t kMaxErrorMessageBytes = 500;

// The "message" of OpenAI's {"error":{"message":...}} or Anthropic's
// {"type":"error","error":{"message":...}} (also a bare {"error":"..."}),
// else the body itself; control characters become spaces and the text is
// cut to kMaxErrorMessageBytes at a character boundary (marked "…").
std::string provider_error_message(std::string_view body);

// `text` with control characters as spaces, cut to `max_bytes` as above.
std::string printable_excerpt(std::string_view text, std::size_t max_bytes);

}  // namespace hearth::remote::detail
