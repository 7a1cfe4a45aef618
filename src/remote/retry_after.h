// The wait a 429 or 503 answer asks for.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace hearth::remote::detail {

// A Retry-After value: whole seconds ("120") or an HTTP date ("Wed, 21 Oct
// 2015 07:28:00 GMT", measured from `now`; a past date is 0). nullopt when it
// is neither.
std::optional<std::chrono::milliseconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now);

// OpenAI's retry-after-ms: a number of milliseconds (fractions allowed).
std::optional<std::chrono::milliseconds> parse_retry_after_ms(std::string_view value);

}  // namespace hearth::remote::detail
