// restore(): the restoration rule of pseudonymize.h, and restore() against
// a naive reading of it.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "hearth/privacy/pseudonymize.h"
#include "placeholder.h"
#include "restore_reference.h"

namespace hearth::privacy {
namespace {

Vault conversation() {
  Vault vault;
  vault.placeholder_for(EntityType::person, "Alice Example");     // <PERSON_1>
  vault.placeholder_for(EntityType::email, "alice@example.com");  // <EMAIL_1>
  vault.placeholder_for(EntityType::person, "Bob");               // <PERSON_2>
  return vault;
}

TEST(Restore, PutsBackWhatTheVaultIssued) {
  const Vault vault = conversation();
  EXPECT_EQ(restore("Dear <PERSON_1>, write to <EMAIL_1> or ask <PERSON_2>.", vault),
            "Dear Alice Example, write to alice@example.com or ask Bob.");
  EXPECT_EQ(restore("<PERSON_1><PERSON_1>", vault), "Alice ExampleAlice Example");
  EXPECT_EQ(restore("", vault), "");
  EXPECT_EQ(restore("no placeholders here", vault), "no placeholders here");
}

TEST(Restore, ToleratesLetterCaseAndSpacesInsideTheBrackets) {
  const Vault vault = conversation();
  for (const std::string_view form : {"<person_1>", "<Person_1>", "<pErSoN_1>", "< PERSON_1 >",
                                      "<  PERSON_1>", "<PERSON_1  >", "<  person_1  >"}) {
    EXPECT_EQ(restore(form, vault), "Alice Example") << form;
  }
}

TEST(Restore, LeavesAlteredAndInventedPlaceholdersAsTheyArrived) {
  const Vault vault = conversation();
  for (const std::string_view text : {"<PERSON_3>",
                                      "<PERSON_0>",
                                      "<PERSON_01>",
                                      "<EMAIL_2>",
                                      "<PHONE_1>",
                                      "<CUSTOMER_1>",
                                      "<PERSON 1>",
                                      "<PERSON-1>",
                                      "<PERSON_1",
                                      "PERSON_1>",
                                      "[PERSON_1]",
                                      "<   PERSON_1>",
                                      "<PERSON_1   >",
                                      "<PERSON_ 1>",
                                      "< PERSON _1>",
                                      "<\tPERSON_1>",
                                      "<PERSON_1x>",
                                      "<<",
                                      "<",
                                      "<PERSON_1\xC2\xA0>",
                                      "<PERSÖN_1>"}) {
    EXPECT_EQ(restore(text, vault), text) << text;
  }
}

TEST(Restore, RestoresAPlaceholderRightAfterAFailedOne) {
  const Vault vault = conversation();
  EXPECT_EQ(restore("<<PERSON_1>>", vault), "<Alice Example>");
  EXPECT_EQ(restore("<PERSON_<PERSON_2>", vault), "<PERSON_Bob");
  EXPECT_EQ(restore("<PERSON_3><PERSON_2>", vault), "<PERSON_3>Bob");
}

TEST(Restore, NeverReexpandsARestoredValue) {
  Vault vault;
  vault.placeholder_for(EntityType::person, "<PERSON_2>");
  vault.placeholder_for(EntityType::person, "Bob");
  vault.placeholder_for(EntityType::secret, "<SECRET_1>");
  EXPECT_EQ(restore("<PERSON_1> and <SECRET_1>", vault), "<PERSON_2> and <SECRET_1>");
  EXPECT_EQ(restore(restore("<PERSON_1>", vault), vault), "Bob");
}

TEST(Restore, AnotherConversationsPlaceholdersStayPlaceholders) {
  Vault mine;
  mine.placeholder_for(EntityType::person, "Alice");
  Vault theirs;
  theirs.placeholder_for(EntityType::person, "Mallory");
  theirs.placeholder_for(EntityType::person, "Trent");
  // <PERSON_2> exists only in their vault: it is not looked up there.
  EXPECT_EQ(restore("<PERSON_1> and <PERSON_2>", mine), "Alice and <PERSON_2>");
}

TEST(Restore, AnEmptyVaultRestoresNothing) {
  const Vault empty;
  EXPECT_EQ(restore("<PERSON_1> <EMAIL_1>", empty), "<PERSON_1> <EMAIL_1>");
}

TEST(Restore, ReadsNumbersWithAsManyDigitsAsTheVaultNeeds) {
  Vault vault;
  for (int i = 0; i < 120; ++i) vault.placeholder_for(EntityType::phone, std::to_string(i));
  EXPECT_EQ(restore("<PHONE_1> <PHONE_10> <PHONE_100> <PHONE_120> <PHONE_121> <PHONE_1000>", vault),
            "0 9 99 119 <PHONE_121> <PHONE_1000>");
}

TEST(Restore, EveryTypeNameIsRecognized) {
  Vault vault;
  std::string text;
  std::string expected;
  for (std::size_t i = 0; i < kEntityTypeCount; ++i) {
    const auto type = static_cast<EntityType>(i);
    const std::string value = fmt::format("value {}", i);
    text += ' ';
    text += vault.placeholder_for(type, value);
    expected += ' ';
    expected += value;
  }
  EXPECT_EQ(restore(text, vault), expected);
}

TEST(Restore, MatchesTheNaiveReadingOfTheRule) {
  std::mt19937 random(20240501);
  for (int round = 0; round < 400; ++round) {
    std::vector<testing::IssuedValue> issued;
    const Vault vault = testing::random_vault(random, issued);
    const std::string text = testing::random_model_text(random, issued, 40);
    ASSERT_EQ(restore(text, vault), testing::naive_restore(text, issued)) << "round " << round;
  }
}

TEST(PlaceholderReader, SaysIncompleteOnlyWhileAPlaceholderIsStillPossible) {
  for (const std::string_view prefix :
       {"<", "< ", "<  ", "<P", "<pers", "<PERSON", "<PERSON_", "<PERSON_1", "<PERSON_12",
        "<PERSON_1 ", "<PERSON_1  ", "<CREDIT_", "<DRIVERS_LICENSE_"}) {
    EXPECT_EQ(read_placeholder(prefix, 20).scan, PlaceholderScan::incomplete) << prefix;
  }
  for (const std::string_view text : {"<   ", "<X", "<PERSONS", "<PERSON1", "<PERSON_0",
                                      "<PERSON_123", "<PERSON_1   ", "<PERSON_1x", "<PERSON__"}) {
    EXPECT_EQ(read_placeholder(text, 20).scan, PlaceholderScan::none) << text;
  }
  EXPECT_EQ(read_placeholder("<PERSON_1", 0).scan, PlaceholderScan::none);
  EXPECT_EQ(read_placeholder("<PERSON_21", 20).scan, PlaceholderScan::none);
  EXPECT_EQ(read_placeholder("<PERSON_3", 2).scan, PlaceholderScan::none);
  EXPECT_EQ(read_placeholder("<PERSON_18446744073709551615>", SIZE_MAX).scan,
            PlaceholderScan::found);
  EXPECT_EQ(read_placeholder("<PERSON_18446744073709551616", SIZE_MAX).scan, PlaceholderScan::none);
  const PlaceholderCandidate found = read_placeholder("< credit_card_12 >tail", 20);
  EXPECT_EQ(found.scan, PlaceholderScan::found);
  EXPECT_EQ(found.length, 18u);
  EXPECT_EQ(found.canonical, "<CREDIT_CARD_12>");
}

TEST(PlaceholderReader, FormatsWhatItReads) {
  EXPECT_EQ(format_placeholder(EntityType::drivers_license, 7), "<DRIVERS_LICENSE_7>");
  const PlaceholderCandidate read = read_placeholder("<DRIVERS_LICENSE_7>", 7);
  EXPECT_EQ(read.canonical, "<DRIVERS_LICENSE_7>");
}

}  // namespace
}  // namespace hearth::privacy
