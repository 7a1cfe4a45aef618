#include "character_offsets.h"

#include "hearth/util/utf8.h"

namespace hearth::privacy {

std::size_t CharacterCounter::characters_before(std::size_t offset) noexcept {
  while (byte_ < offset) {
    // Most text is ASCII: one byte, one character, no decoding needed.
    if (static_cast<unsigned char>(text_[byte_]) < 0x80) {
      ++byte_;
    } else {
      const std::size_t length = valid_sequence_length(text_, byte_);
      byte_ += length == 0 ? 1 : length;
    }
    ++characters_;
  }
  return characters_;
}

}  // namespace hearth::privacy
