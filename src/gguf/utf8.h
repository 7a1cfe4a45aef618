// UTF-8 checks for metadata keys, and names made safe to print in errors.
#pragma once

#include <string>
#include <string_view>

namespace hearth::gguf {

// True for well-formed UTF-8: no overlong forms, no surrogates, nothing past
// U+10FFFF, no truncated sequences.
bool is_valid_utf8(std::string_view text) noexcept;

// `text` made fit for one line of an error message: control characters, and
// every byte past ASCII when `text` is not valid UTF-8, are written as \xNN;
// past 128 bytes it is cut short with "...".
std::string printable(std::string_view text);

}  // namespace hearth::gguf
