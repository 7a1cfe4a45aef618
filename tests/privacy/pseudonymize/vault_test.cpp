// The vault in memory: how placeholders are numbered and looked up.
#include "hearth/privacy/vault.h"

#include <gtest/gtest.h>

#include <utility>

namespace hearth::privacy {
namespace {

TEST(Vault, NumbersPlaceholdersPerTypeFromOne) {
  Vault vault;
  EXPECT_TRUE(vault.empty());
  EXPECT_EQ(vault.placeholder_for(EntityType::person, "Alice"), "<PERSON_1>");
  EXPECT_EQ(vault.placeholder_for(EntityType::email, "a@example.com"), "<EMAIL_1>");
  EXPECT_EQ(vault.placeholder_for(EntityType::person, "Bob"), "<PERSON_2>");
  EXPECT_EQ(vault.placeholder_for(EntityType::credit_card, "4111111111111111"), "<CREDIT_CARD_1>");
  EXPECT_EQ(vault.placeholder_for(EntityType::street_address, "1 Main St"), "<ADDRESS_1>");
  EXPECT_EQ(vault.placeholder_for(EntityType::passport_number, "X1234567"), "<PASSPORT_1>");
  EXPECT_EQ(vault.size(), 6u);
}

TEST(Vault, TheSameValueKeepsItsPlaceholder) {
  Vault vault;
  EXPECT_EQ(vault.placeholder_for(EntityType::person, "Alice"), "<PERSON_1>");
  EXPECT_EQ(vault.placeholder_for(EntityType::person, "Bob"), "<PERSON_2>");
  EXPECT_EQ(vault.placeholder_for(EntityType::person, "Alice"), "<PERSON_1>");
  EXPECT_EQ(vault.size(), 2u);
}

TEST(Vault, TheSameTextOfAnotherTypeIsAnotherValue) {
  Vault vault;
  EXPECT_EQ(vault.placeholder_for(EntityType::person, "Paris"), "<PERSON_1>");
  EXPECT_EQ(vault.placeholder_for(EntityType::location, "Paris"), "<LOCATION_1>");
}

TEST(Vault, KeysOnTheNormalizedFormAndRestoresTheFirstText) {
  Vault vault;
  EXPECT_EQ(vault.placeholder_for(EntityType::email, "Jane@Example.com", "jane@example.com"),
            "<EMAIL_1>");
  EXPECT_EQ(vault.placeholder_for(EntityType::email, "JANE@example.COM", "jane@example.com"),
            "<EMAIL_1>");
  EXPECT_EQ(vault.value_of("<EMAIL_1>"), "Jane@Example.com");
  // Without a normalized form the text is the key, so case matters.
  EXPECT_EQ(vault.placeholder_for(EntityType::person, "alice"), "<PERSON_1>");
  EXPECT_EQ(vault.placeholder_for(EntityType::person, "Alice"), "<PERSON_2>");
}

TEST(Vault, ValueOfKnowsOnlyWhatItIssued) {
  Vault vault;
  vault.placeholder_for(EntityType::phone, "+1 555 0100", "+15550100");
  EXPECT_EQ(vault.value_of("<PHONE_1>"), "+1 555 0100");
  EXPECT_EQ(vault.value_of("<PHONE_2>"), std::nullopt);
  EXPECT_EQ(vault.value_of("<phone_1>"), std::nullopt);  // tolerance is restore()'s business
  EXPECT_EQ(vault.value_of("PHONE_1"), std::nullopt);
  EXPECT_EQ(vault.value_of(""), std::nullopt);
}

TEST(Vault, SeparateVaultsNeverShareValues) {
  Vault first;
  Vault second;
  EXPECT_EQ(first.placeholder_for(EntityType::person, "Alice"), "<PERSON_1>");
  EXPECT_EQ(second.placeholder_for(EntityType::person, "Mallory"), "<PERSON_1>");
  EXPECT_EQ(first.value_of("<PERSON_1>"), "Alice");
  EXPECT_EQ(second.value_of("<PERSON_1>"), "Mallory");
  EXPECT_EQ(second.value_of("<PERSON_2>"), std::nullopt);
}

TEST(Vault, MovesKeepTheValues) {
  Vault vault;
  vault.placeholder_for(EntityType::person, "Alice");
  Vault moved(std::move(vault));
  EXPECT_EQ(moved.value_of("<PERSON_1>"), "Alice");
  Vault assigned;
  assigned = std::move(moved);
  EXPECT_EQ(assigned.value_of("<PERSON_1>"), "Alice");
  EXPECT_EQ(assigned.placeholder_for(EntityType::person, "Bob"), "<PERSON_2>");
}

TEST(Vault, ValuesMayHoldAnyBytes) {
  Vault vault;
  const std::string value("a\0b\xff<PERSON_1>", 15);
  EXPECT_EQ(vault.placeholder_for(EntityType::secret, value), "<SECRET_1>");
  EXPECT_EQ(vault.value_of("<SECRET_1>"), value);
  EXPECT_EQ(vault.placeholder_for(EntityType::secret, ""), "<SECRET_2>");
  EXPECT_EQ(vault.value_of("<SECRET_2>"), "");
}

}  // namespace
}  // namespace hearth::privacy
