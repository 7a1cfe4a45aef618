// Words near a candidate move its confidence: up for what says the value is
// what it looks like, down for what says it is some other number.
#include "context_words.h"

#include <gtest/gtest.h>

#include "recognizer_test_support.h"

namespace hearth::privacy::test {
namespace {

float confidence_of(std::string_view text, EntityType type, std::string_view value) {
  const auto detection = detection_of(text, type, value);
  return detection ? detection->confidence : 0.0f;
}

TEST(ContextWords, MatchWholeWordsOnly) {
  using structured::contains_word;
  EXPECT_TRUE(contains_word("order id: ", "id"));
  EXPECT_FALSE(contains_word("idle worker ", "id"));
  EXPECT_TRUE(contains_word("user_ssn=", "ssn"));
  EXPECT_TRUE(contains_word("the d.o.b ", "d.o.b"));
  EXPECT_TRUE(contains_word("ssn#", "ssn#"));
}

TEST(ContextWords, RaiseCardsAndLowerOrderNumbers) {
  const std::string card = "4104332181960018";
  EXPECT_GT(confidence_of("credit card " + card, EntityType::credit_card, card),
            confidence_of("value " + card, EntityType::credit_card, card));
  EXPECT_LT(confidence_of("order number " + card, EntityType::credit_card, card), 0.5f);
  EXPECT_GE(confidence_of("value " + card, EntityType::credit_card, card), 0.5f);
}

TEST(ContextWords, RaiseSsnsAndLowerOtherNumbers) {
  const std::string ssn = "536-22-1847";
  EXPECT_GT(confidence_of("SSN " + ssn, EntityType::us_ssn, ssn),
            confidence_of("value " + ssn, EntityType::us_ssn, ssn));
  EXPECT_LT(confidence_of("invoice " + ssn, EntityType::us_ssn, ssn), 0.5f);
  // A spaced SSN is only reported next to its word.
  EXPECT_LT(confidence_of("value 536 22 1847", EntityType::us_ssn, "536 22 1847"), 0.5f);
  EXPECT_GE(confidence_of("SSN: 536 22 1847", EntityType::us_ssn, "536 22 1847"), 0.5f);
}

TEST(ContextWords, RaisePhonesAndLowerReferences) {
  const std::string phone = "415-555-0132";
  EXPECT_GT(confidence_of("call me at " + phone, EntityType::phone, phone),
            confidence_of("see " + phone, EntityType::phone, phone));
  EXPECT_LT(confidence_of("ticket " + phone, EntityType::phone, phone), 0.5f);
}

TEST(ContextWords, SecretNamesSetTheBarForHexValues) {
  const std::string hex = "5f8c2a91d03b47e6a2c4f1e9b7d05a3c";
  EXPECT_GE(confidence_of("client_secret=" + hex, EntityType::secret, hex), 0.5f);
  EXPECT_LT(confidence_of("cache_secret_sha=" + hex, EntityType::secret, hex), 0.5f);
  EXPECT_EQ(confidence_of("sha256_key=" + hex, EntityType::secret, hex), 0.0f);
}

}  // namespace
}  // namespace hearth::privacy::test
