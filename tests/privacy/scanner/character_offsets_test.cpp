#include "character_offsets.h"

#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace hearth::privacy
