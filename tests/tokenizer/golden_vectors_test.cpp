// Every vocabulary in shared/vocab against the ids llama.cpp's own tokenizer
// tests expect (test-tokenizer-0: no BOS/EOS, special tokens not parsed).
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <gtest/gtest.h>

#include "vocab_fixtures.h"

namespace hearth::tokenizer {
namespace {

class GoldenVectors : public ::testing::TestWithParam<std::string_view> {};

TEST_P(GoldenVectors, EveryStringEncodesToTheReferenceIds) {
  const Tokenizer& tokenizer = fixtures::shared_tokenizer(GetParam());
  const std::vector<fixtures::GoldenCase> cases = fixtures::golden_cases(GetParam());
  ASSERT_FALSE(cases.empty());
  const EncodeOptions as_llama_cpp_tests{.add_special = false, .parse_special = false};
  for (std::size_t index = 0; index < cases.size(); ++index) {
    const fixtures::GoldenCase& golden = cases[index];
    const std::vector<TokenId> actual = tokenizer.encode(golden.text, as_llama_cpp_tests);
    EXPECT_EQ(actual, golden.ids) << fmt::format(
        "string #{} {}\n  expected: {}\n  actual:   {}", index, fixtures::printable(golden.text),
        fmt::join(golden.ids, " "), fmt::join(actual, " "));
  }
}

INSTANTIATE_TEST_SUITE_P(AllFamilies, GoldenVectors, ::testing::ValuesIn(fixtures::kFamilies),
                         fixtures::family_test_name);

class LosslessRoundTrip : public ::testing::TestWithParam<std::string_view> {};

TEST_P(LosslessRoundTrip, DecodeGivesBackTheText) {
  const Tokenizer& tokenizer = fixtures::shared_tokenizer(GetParam());
  for (const fixtures::GoldenCase& golden : fixtures::golden_cases(GetParam())) {
    // With BOS/EOS too: decode leaves control tokens out.
    for (const bool add_special : {false, true}) {
      const std::vector<TokenId> ids = tokenizer.encode(golden.text, {.add_special = add_special});
      EXPECT_EQ(tokenizer.decode(ids), golden.text)
          << fixtures::printable(golden.text) << " add_special=" << add_special;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(LosslessFamilies, LosslessRoundTrip,
                         ::testing::ValuesIn(fixtures::kLosslessFamilies),
                         fixtures::family_test_name);

TEST(GoldenVectors, BertDecodesToItsNormalizedText) {
  // Lowercased, accents stripped, punctuation set apart by spaces.
  const Tokenizer& tokenizer = fixtures::shared_tokenizer("bert-bge");
  const std::vector<TokenId> ids = tokenizer.encode("Hello, Cửa Việt!", {.add_special = true});
  EXPECT_EQ(tokenizer.decode(ids), "hello , cua viet !");
}

}  // namespace
}  // namespace hearth::tokenizer
