#include "character_offsets.h"

#include <cstdint>
#include <cstring>

#include "hearth/util/utf8.h"

namespace hearth::privacy {

namespace {

// True when none of the eight bytes at `at` has its top bit set.
bool eight_ascii_bytes(std::string_view text, std::size_t at) noexcept {
  std::uint64_t word;
  std::memcpy(&word, text.data() + at, sizeof word);
  return (word & 0x8080808080808080ULL) == 0;
}

}  // namespace

std::size_t CharacterCounter::characters_before(std::size_t offset) noexcept {
  while (byte_ < offset) {
    // Most text is ASCII: one byte, one character, no decoding needed, so
    // whole words of it are counted at once.
    if (offset - byte_ >= 8 && eight_ascii_bytes(text_, byte_)) {
      byte_ += 8;
      characters_ += 8;
      continue;
    }
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
