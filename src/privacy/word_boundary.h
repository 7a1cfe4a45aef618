// Whole-word tests shared by the deny list and the corpus loader.
#pragma once

#include <cstddef>
#include <string_view>

namespace hearth::privacy {

// Whether text[begin, end) is a whole word: an edge that is a word character
// (a Unicode letter, mark or number, or '_') does not continue a word of the
// surrounding text. "Ann" is not a whole word inside "Anna" or "Anné"; "150"
// is one in "〒150". Bytes of invalid UTF-8 count as word characters.
bool is_whole_word(std::string_view text, std::size_t begin, std::size_t end) noexcept;

}  // namespace hearth::privacy
