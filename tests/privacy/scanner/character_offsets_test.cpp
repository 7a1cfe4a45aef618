#include "character_offsets.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "hearth/util/utf8.h"

namespace hearth::privacy {
namespace {

TEST(CharacterCounter, CountsCodePoints) {
  const std::string text = "Zo\xC3\xAB \xE2\x82\xAC \xF0\x9F\x98\x80!";  // Zoë € 😀!
  CharacterCounter counter(text);
  EXPECT_EQ(counter.characters_before(0), 0u);
  EXPECT_EQ(counter.characters_before(4), 3u);   // after "Zoë"
  EXPECT_EQ(counter.characters_before(8), 5u);   // after "Zoë €"
  EXPECT_EQ(counter.characters_before(13), 7u);  // after the emoji
  EXPECT_EQ(counter.characters_before(text.size()), 8u);
}

TEST(CharacterCounter, EachInvalidByteIsOneCharacter) {
  const std::string text = "a\xFF\xC3(b\xE2\x82";  // stray, truncated 2-byte, truncated 3-byte
  CharacterCounter counter(text);
  EXPECT_EQ(counter.characters_before(text.size()), 7u);
}

TEST(CharacterCounter, AnOffsetInsideACharacterCountsIt) {
  const std::string text = "\xC3\xA9x";
  CharacterCounter counter(text);
  EXPECT_EQ(counter.characters_before(1), 1u);
  EXPECT_EQ(counter.characters_before(3), 2u);
}

// The reference: decode from the start of the text for every offset, one
// character at a time, as the counter's contract describes.
std::size_t reference_characters_before(std::string_view text, std::size_t offset) {
  std::size_t byte = 0;
  std::size_t characters = 0;
  while (byte < offset) {
    const std::size_t length = valid_sequence_length(text, byte);
    byte += length == 0 ? 1 : length;
    ++characters;
  }
  return characters;
}

TEST(CharacterCounter, AgreesWithTheReferenceOnMixedText) {
  // ASCII runs long enough for the word-at-a-time path, multi-byte
  // characters, invalid bytes, and offsets that land inside characters.
  const std::vector<std::string> pieces = {"plain ascii text ", "\xC3\xA9", "\xE2\x82\xAC",
                                           "\xF0\x9F\x98\x80",  "\xFF",     "\xC3(",
                                           "0123456789abcdef",  "x"};
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    std::string text;
    const int count = static_cast<int>(random() % 40);
    for (int i = 0; i < count; ++i) text += pieces[random() % pieces.size()];
    CharacterCounter counter(text);
    std::size_t offset = 0;
    while (true) {
      ASSERT_EQ(counter.characters_before(offset), reference_characters_before(text, offset))
          << "round " << round << ", offset " << offset;
      if (offset == text.size()) break;
      offset = std::min(text.size(), offset + random() % 23);
    }
  }
}

}  // namespace
}  // namespace hearth::privacy
