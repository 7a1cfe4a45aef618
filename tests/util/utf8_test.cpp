#include "hearth/util/utf8.h"

#include <gtest/gtest.h>

namespace hearth {
namespace {

TEST(Utf8, DecodesEveryLength) {
  const std::string text = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // a é € 😀
  std::size_t position = 0;
  EXPECT_EQ(decode_utf8(text, position), U'a');
  EXPECT_EQ(decode_utf8(text, position), U'\u00E9');
  EXPECT_EQ(decode_utf8(text, position), U'\u20AC');
  EXPECT_EQ(decode_utf8(text, position), U'\U0001F600');
  EXPECT_EQ(position, text.size());
}

TEST(Utf8, AppendIsTheInverseOfDecode) {
  for (char32_t code_point : {U'\0', U'\x7F', U'\x80', U'\u07FF', U'\u0800', U'\uD7FF', U'\uE000',
                              U'\uFFFF', U'\U00010000', U'\U0010FFFF'}) {
    std::string encoded;
    append_utf8(encoded, code_point);
    std::size_t position = 0;
    EXPECT_EQ(decode_utf8(encoded, position), code_point);
    EXPECT_EQ(position, encoded.size());
    EXPECT_TRUE(is_valid_utf8(encoded));
  }
}

TEST(Utf8, SanitizeReplacesMaximalSubparts) {
  // Unicode's example: each maximal subpart of an ill-formed sequence becomes
  // one U+FFFD ("\xF0\x80\x80" is three, "\xE1\x80" one, "\x41" stays).
  EXPECT_EQ(sanitize_utf8("\x61\xF1\x80\x80\xE1\x80\xC2\x62\x80\x63\x80\xBF\x64"),
            "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c\xEF\xBF\xBD\xEF\xBF\xBD"
            "d");
  EXPECT_EQ(sanitize_utf8("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");  // overlong
  EXPECT_EQ(sanitize_utf8("\xED\xA0\x80"),                           // surrogate
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(sanitize_utf8("\xF4\x90\x80\x80"),  // past U+10FFFF
            "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(sanitize_utf8("ok \xE2\x82\xAC"), "ok \xE2\x82\xAC");
  EXPECT_FALSE(is_valid_utf8("\xE2\x82"));
}

TEST(Utf8, IncompleteSuffixIsHeldBack) {
  EXPECT_EQ(incomplete_utf8_suffix(""), 0u);
  EXPECT_EQ(incomplete_utf8_suffix("abc"), 0u);
  EXPECT_EQ(incomplete_utf8_suffix("a\xE2"), 1u);
  EXPECT_EQ(incomplete_utf8_suffix("a\xE2\x82"), 2u);
  EXPECT_EQ(incomplete_utf8_suffix("a\xE2\x82\xAC"), 0u);
  EXPECT_EQ(incomplete_utf8_suffix("\xF0\x9F\x98"), 3u);
  EXPECT_EQ(incomplete_utf8_suffix("a\x80"), 0u);      // a stray continuation is not a start
  EXPECT_EQ(incomplete_utf8_suffix("a\xE0\x80"), 0u);  // can never complete: invalid now
}

}  // namespace
}  // namespace hearth
