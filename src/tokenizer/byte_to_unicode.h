// GPT-2's reversible map between bytes and printable code points.
//
// Byte-level BPE vocabularies store every token as text in which each byte
// of the original is one code point: the printable bytes ('!'..'~',
// U+00A1..U+00AC, U+00AE..U+00FF) stand for themselves, and the remaining 68
// (controls, space, U+00AD...) are moved, in byte order, to U+0100 onwards, so
// that no token text contains whitespace or control characters. A space is
// "Ġ" (U+0120), a newline "Ċ" (U+010A).
#pragma once

#include <cstdint>
#include <optional>

namespace hearth::tokenizer::detail {

// The code point that stands for `byte` in token text.
char32_t byte_to_code_point(std::uint8_t byte) noexcept;

// The byte `code_point` stands for; nullopt for a code point outside the map.
std::optional<std::uint8_t> code_point_to_byte(char32_t code_point) noexcept;

}  // namespace hearth::tokenizer::detail
