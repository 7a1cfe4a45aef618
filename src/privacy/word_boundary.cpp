#include "word_boundary.h"

#include <utf8proc.h>

#include "hearth/util/utf8.h"

namespace hearth::privacy {
namespace {

bool is_word_code_point(char32_t code_point) noexcept {
  if (code_point == '_') return true;
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(code_point))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

// The character starting at `position`; an invalid byte is a word character
// so that nothing is split in the middle of a damaged word.
bool word_character_at(std::string_view text, std::size_t position) noexcept {
  if (valid_sequence_length(text, position) == 0) return true;
  std::size_t cursor = position;
  return is_word_code_point(decode_utf8(text, cursor));
}

// The character ending just before `end`.
bool word_character_before(std::string_view text, std::size_t end) noexcept {
  std::size_t start = end - 1;
  // A sequence is at most 4 bytes: walk back over up to 3 continuation bytes.
  while (start > 0 && end - start < 4 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) {
    --start;
  }
  if (valid_sequence_length(text, start) != end - start) return true;
  std::size_t cursor = start;
  return is_word_code_point(decode_utf8(text, cursor));
}

}  // namespace

bool is_whole_word(std::string_view text, std::size_t begin, std::size_t end) noexcept {
  if (begin > 0 && word_character_at(text, begin) && word_character_before(text, begin)) {
    return false;
  }
  return !(end < text.size() && word_character_before(text, end) && word_character_at(text, end));
}

}  // namespace hearth::privacy
