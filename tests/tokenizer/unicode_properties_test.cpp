#include "unicode_properties.h"

#include <gtest/gtest.h>

#include "pre_tokenizer_pattern.h"

namespace hearth::tokenizer::detail {
namespace {

std::uint8_t flags_of(char32_t code_point) {
  return UnicodeFlagTable::instance().flags(code_point);
}

TEST(UnicodeProperties, CategoriesComeFromUnicodeNotAscii) {
  EXPECT_EQ(flags_of(U'A'), kLetter);
  EXPECT_EQ(flags_of(U'\u00E9'), kLetter);  // é
  EXPECT_EQ(flags_of(U'\u4E2D'), kLetter);  // 中, Lo
  EXPECT_EQ(flags_of(U'\u02B0'), kLetter);  // ʰ, Lm
  EXPECT_EQ(flags_of(U'7'), kNumber);
  EXPECT_EQ(flags_of(U'\u0663'), kNumber);  // Arabic-Indic three, Nd
  EXPECT_EQ(flags_of(U'\u216B'), kNumber);  // Roman numeral twelve, Nl
  EXPECT_EQ(flags_of(U'\u00BD'), kNumber);  // ½, No
  EXPECT_EQ(flags_of(U','), kPunctuation);
  EXPECT_EQ(flags_of(U'\u3002'), kPunctuation);  // 。
  EXPECT_EQ(flags_of(U'\u20AC'), kSymbol);       // €
  EXPECT_EQ(flags_of(U'~'), kSymbol);
  EXPECT_EQ(flags_of(U'\U0001F999'), kSymbol);  // 🦙
  EXPECT_EQ(flags_of(U'\u0301'), kMark);        // combining acute accent
  EXPECT_EQ(flags_of(U'\u0903'), kMark);        // Devanagari visarga, Mc
}

TEST(UnicodeProperties, WhitespaceIsTheWhiteSpaceProperty) {
  for (char32_t code_point :
       {U'\t', U'\n', U'\v', U'\f', U'\r', U' ', U'\u0085', U'\u00A0', U'\u1680', U'\u2000',
        U'\u200A', U'\u2028', U'\u2029', U'\u202F', U'\u205F', U'\u3000'}) {
    EXPECT_TRUE(flags_of(code_point) & kWhitespace)
        << std::hex << static_cast<std::uint32_t>(code_point);
  }
  // Zero-width space is a format character, and the information separators
  // are controls: neither is White_Space.
  for (char32_t code_point : {U'\u200B', U'\x1C', U'\x1F', U'\0', U'\u180E'}) {
    EXPECT_EQ(flags_of(code_point), 0) << std::hex << static_cast<std::uint32_t>(code_point);
  }
}

TEST(UnicodeProperties, UnassignedAndOutOfRangeHaveNoFlags) {
  EXPECT_EQ(flags_of(U'\u0378'), 0);
  EXPECT_EQ(flags_of(U'\U0010FFFF'), 0);
  EXPECT_EQ(flags_of(char32_t{0x110000}), 0);
  EXPECT_EQ(flags_of(char32_t{0xFFFFFFFF}), 0);
}

TEST(UnicodeProperties, EveryCodePointHasAtMostOneCategory) {
  constexpr std::uint8_t kCategories = kLetter | kNumber | kPunctuation | kSymbol | kMark;
  for (char32_t code_point = 0; code_point < kCodePointLimit; ++code_point) {
    const std::uint8_t categories = flags_of(code_point) & kCategories;
    ASSERT_EQ(categories & (categories - 1), 0)
        << std::hex << static_cast<std::uint32_t>(code_point);
  }
}

TEST(CharClass, AsciiMembersFollowLlamaCppsCollapsedRegexes) {
  // llama.cpp's \p{S} for ASCII is $+<=>^`| and leaves '~' out.
  EXPECT_TRUE(CharClass::symbols().contains(U'$'));
  EXPECT_FALSE(CharClass::symbols().contains(U'~'));
  EXPECT_TRUE(CharClass::symbols().contains(U'\u20AC'));
  EXPECT_TRUE(CharClass::punctuation().contains(U'_'));
  EXPECT_FALSE(CharClass::punctuation().contains(U'$'));
  EXPECT_TRUE(CharClass::letters().contains(U'\u00E9'));
  EXPECT_FALSE(CharClass::letters().contains(U'_'));
}

TEST(CharClass, NonAsciiWhitespaceCountsAsVerticalTab) {
  const CharClass whitespace = CharClass::whitespace();
  EXPECT_TRUE(whitespace.contains(U'\u3000'));
  EXPECT_TRUE(whitespace.contains(U'\u0085'));
  EXPECT_FALSE(whitespace.contains(U'\u200B'));
  // U+3000 lies in the range, but llama.cpp has replaced it by U+000B
  // before the regex sees it.
  constexpr CodePointRange kRange[] = {{0x3000, 0x3002}};
  const CharClass cjk_punctuation = CharClass::in(kRange);
  EXPECT_FALSE(cjk_punctuation.contains(U'\u3000'));
  EXPECT_TRUE(cjk_punctuation.contains(U'\u3001'));
  // [^\r\n\p{L}\p{N}] takes non-ASCII whitespace, as it takes U+000B.
  const CharClass not_newline_letter_number =
      ~(CharClass::of("\r\n") | CharClass::letters() | CharClass::numbers());
  EXPECT_TRUE(not_newline_letter_number.contains(U'\u3000'));
  EXPECT_FALSE(not_newline_letter_number.contains(U'\n'));
}

TEST(CharClass, ExceptRemovesAsciiOnly) {
  const CharClass not_lower = CharClass::letters().except(CharClass::between('a', 'z'));
  EXPECT_TRUE(not_lower.contains(U'Q'));
  EXPECT_FALSE(not_lower.contains(U'q'));
  EXPECT_TRUE(not_lower.contains(U'\u00E9'));  // non-ASCII letters keep both cases
  EXPECT_FALSE(not_lower.contains(U'1'));
}

}  // namespace
}  // namespace hearth::tokenizer::detail
