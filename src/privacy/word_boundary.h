// Whole-word tests shared by the deny list and the corpus loader.
#pragma once

#include <cstddef>
#include <string_view>

namespace hearth::privacy {

// Letters, digits, '_' and every byte of a multi-byte character count as word
// characters, so "Ann" is not a whole word inside "Anna" or "Anné".
inline bool is_word_byte(char c) noexcept {
  const auto byte = static_cast<unsigned char>(c);
  return byte >= 0x80 || byte == '_' || (byte >= '0' && byte <= '9') ||
         ((byte | 0x20) >= 'a' && (byte | 0x20) <= 'z');
}

// Whether text[begin, end) is a whole word: an edge that is a word character
// does not continue a word of the surrounding text.
inline bool is_whole_word(std::string_view text, std::size_t begin, std::size_t end) noexcept {
  if (is_word_byte(text[begin]) && begin > 0 && is_word_byte(text[begin - 1])) return false;
  if (is_word_byte(text[end - 1]) && end < text.size() && is_word_byte(text[end])) return false;
  return true;
}

}  // namespace hearth::privacy
