// UTF-8 decoding, encoding and validation: the one copy every module uses.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace hearth {

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes the code point at text[position] and advances `position` past it.
// An invalid or truncated sequence yields U+FFFD and advances past its maximal
// subpart (at least one byte), so decoding always makes progress.
char32_t decode_utf8(std::string_view text, std::size_t& position) noexcept;

// Appends `code_point` (a valid scalar value) as UTF-8.
void append_utf8(std::string& out, char32_t code_point);

// Length of the valid UTF-8 sequence starting at text[position], or 0 when the
// bytes there are not one (invalid, truncated, overlong, surrogate, > U+10FFFF).
std::size_t valid_sequence_length(std::string_view text, std::size_t position) noexcept;

// `text` with every maximal invalid subpart replaced by U+FFFD; returns `text`
// unchanged (no copy made by the caller when is_valid_utf8) otherwise.
bool is_valid_utf8(std::string_view text) noexcept;
std::string sanitize_utf8(std::string_view text);

// Bytes at the end of `text` that begin a UTF-8 sequence which is still
// incomplete (0 to 3); a streaming decoder holds them back.
std::size_t incomplete_utf8_suffix(std::string_view text) noexcept;

}  // namespace hearth
