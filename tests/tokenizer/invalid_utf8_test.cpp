// Input that is not valid UTF-8: replaced by U+FFFD per maximal subpart,
// then tokenized like any text; never a crash or an exception.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "hearth/util/utf8.h"
#include "vocab_fixtures.h"

namespace hearth::tokenizer {
namespace {

TEST(InvalidUtf8, IsReplacedBeforeTokenizing) {
  for (const std::string_view family : fixtures::kFamilies) {
    const Tokenizer& tokenizer = fixtures::shared_tokenizer(family);
    EXPECT_EQ(tokenizer.encode("a\xFF b\xE2\x82"), tokenizer.encode("a\uFFFD b\uFFFD")) << family;
    EXPECT_EQ(tokenizer.encode("\xF0\x80\x80 x"), tokenizer.encode("\uFFFD\uFFFD\uFFFD x"))
        << family;
  }
}

TEST(InvalidUtf8, RandomBytesTokenizeLikeTheirSanitizedText) {
  // A fixed linear congruential generator: the same strings on every run.
  std::uint64_t state = 0x9E3779B97F4A7C15ULL;
  const auto next_byte = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<char>(state >> 56);
  };
  for (int round = 0; round < 200; ++round) {
    std::string bytes(static_cast<std::size_t>(round % 40), '\0');
    for (char& byte : bytes) byte = next_byte();
    const std::string sanitized = hearth::sanitize_utf8(bytes);
    for (const std::string_view family : fixtures::kFamilies) {
      const Tokenizer& tokenizer = fixtures::shared_tokenizer(family);
      for (const bool parse_special : {false, true}) {
        const EncodeOptions options{.parse_special = parse_special};
        EXPECT_EQ(tokenizer.encode(bytes, options), tokenizer.encode(sanitized, options))
            << family << " " << fixtures::printable(bytes);
      }
    }
  }
}

}  // namespace
}  // namespace hearth::tokenizer
