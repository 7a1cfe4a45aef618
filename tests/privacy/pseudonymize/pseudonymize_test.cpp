// pseudonymize(): each operator, the replacements it reports, and what it
// refuses.
#include "hearth/privacy/pseudonymize.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <vector>

#include "findings_for_tests.h"
#include "hearth/util/error.h"

namespace hearth::privacy {
namespace {

using testing::finding_of;

Policy policy_of(Operator op) {
  Policy policy;
  policy.set_all(op);
  policy.set_hash_key("test key");
  return policy;
}

std::string apply(std::string_view text, const std::vector<Finding>& findings, Operator op) {
  Vault vault;
  return pseudonymize(text, findings, policy_of(op), vault).text;
}

TEST(Pseudonymize, PlaceholdersAreConsistentWithinAConversation) {
  const std::string text = "Alice met Bob. Later alice@x.org wrote to Alice and ALICE@X.ORG.";
  const std::vector<Finding> findings = {
      finding_of(text, "Alice", EntityType::person),
      finding_of(text, "Bob", EntityType::person),
      finding_of(text, "alice@x.org", EntityType::email, "alice@x.org"),
      finding_of(text, "Alice", EntityType::person, {}, 30),
      finding_of(text, "ALICE@X.ORG", EntityType::email, "alice@x.org"),
  };
  Vault vault;
  const Pseudonymized result = pseudonymize(text, findings, Policy(), vault);
  EXPECT_EQ(result.text,
            "<PERSON_1> met <PERSON_2>. Later <EMAIL_1> wrote to <PERSON_1> and <EMAIL_1>.");
  EXPECT_EQ(vault.size(), 3u);
  EXPECT_EQ(restore(result.text, vault),
            "Alice met Bob. Later alice@x.org wrote to Alice and alice@x.org.");

  // The next turn of the same conversation reuses the numbering.
  const std::string next = "Bob and Carol";
  const Pseudonymized again =
      pseudonymize(next,
                   std::vector<Finding>{finding_of(next, "Bob", EntityType::person),
                                        finding_of(next, "Carol", EntityType::person)},
                   Policy(), vault);
  EXPECT_EQ(again.text, "<PERSON_2> and <PERSON_3>");
}

TEST(Pseudonymize, ReplacementsRecordOutputSpans) {
  const std::string text = "call Alice on 555-0100 now";
  const std::vector<Finding> findings = {finding_of(text, "Alice", EntityType::person),
                                         finding_of(text, "555-0100", EntityType::phone)};
  Policy policy;
  policy.set(EntityType::phone, Operator::mask);
  Vault vault;
  const Pseudonymized result = pseudonymize(text, findings, policy, vault);
  EXPECT_EQ(result.text, "call <PERSON_1> on ***-**** now");
  ASSERT_EQ(result.replacements.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(result.replacements[i].finding_index, i);
  EXPECT_EQ(result.replacements[0].op, Operator::placeholder);
  EXPECT_EQ(result.replacements[1].op, Operator::mask);
  const auto span = [&](const Replacement& r) {
    return result.text.substr(r.output_begin, r.output_end - r.output_begin);
  };
  EXPECT_EQ(span(result.replacements[0]), "<PERSON_1>");
  EXPECT_EQ(span(result.replacements[1]), "***-****");
}

TEST(Pseudonymize, AllowLeavesTheValueAndReportsNoReplacement) {
  const std::string text = "see https://example.com and Alice";
  const std::vector<Finding> findings = {finding_of(text, "https://example.com", EntityType::url),
                                         finding_of(text, "Alice", EntityType::person)};
  Policy policy;
  policy.set(EntityType::url, Operator::allow);
  Vault vault;
  const Pseudonymized result = pseudonymize(text, findings, policy, vault);
  EXPECT_EQ(result.text, "see https://example.com and <PERSON_1>");
  ASSERT_EQ(result.replacements.size(), 1u);
  EXPECT_EQ(result.replacements[0].finding_index, 1u);
  EXPECT_EQ(vault.size(), 1u);
}

TEST(Pseudonymize, MaskKeepsSeparatorsAndCountsCharactersNotBytes) {
  const auto mask = [](std::string_view value, EntityType type) {
    return apply(value, {finding_of(value, value, type)}, Operator::mask);
  };
  EXPECT_EQ(mask("jane.doe@example.com", EntityType::email), "****.***@*******.***");
  EXPECT_EQ(mask("+1 (555) 010-0199", EntityType::phone), "+* (***) ***-****");
  EXPECT_EQ(mask("José Müller", EntityType::person), "**** ******");
  EXPECT_EQ(mask("東京都", EntityType::location), "***");
  EXPECT_EQ(mask("https://x.io/a_b", EntityType::url), "*****://*.**/***");
  EXPECT_EQ(mask("00:1A:2B:3C:4D:5E", EntityType::mac_address), "**:**:**:**:**:**");
  EXPECT_EQ(mask("123-45-6789", EntityType::us_ssn), "***-**-****");
}

TEST(Pseudonymize, MaskKeepsTheLastFourDigitsOfCardsAndIbans) {
  const auto mask = [](std::string_view value, EntityType type) {
    return apply(value, {finding_of(value, value, type)}, Operator::mask);
  };
  EXPECT_EQ(mask("4111 1111 1111 1234", EntityType::credit_card), "**** **** **** 1234");
  EXPECT_EQ(mask("4111111111111234", EntityType::credit_card), "************1234");
  EXPECT_EQ(mask("GB82 WEST 1234 5698 7654 32", EntityType::iban), "**** **** **** **** **54 32");
  EXPECT_EQ(mask("DE89370400440532013000", EntityType::iban), "******************3000");
  // Fewer than four digits: all are masked, or the whole number would show.
  EXPECT_EQ(mask("12-3", EntityType::credit_card), "**-*");
  // Other numbers keep nothing.
  EXPECT_EQ(mask("5550100", EntityType::phone), "*******");
}

TEST(Pseudonymize, MaskCountsEachInvalidByteAsOneCharacter) {
  const std::string value = "a\xC3\xA9\xC3(\xE2\x82\xF0\x9F\x98\x80\x80";
  EXPECT_EQ(apply(value, {finding_of(value, value, EntityType::secret)}, Operator::mask),
            // a, é, lone C3, '(', truncated E2 82 (two bytes), 😀, stray 80
            "***(****");
}

TEST(Pseudonymize, HashIsKeyedStableAndTyped) {
  const std::string text = "Alice and alice and Alice";
  const std::vector<Finding> findings = {
      finding_of(text, "Alice", EntityType::person),
      finding_of(text, "alice", EntityType::person),
      finding_of(text, "Alice", EntityType::person, {}, 16),
  };
  Vault vault;
  const std::string hashed = pseudonymize(text, findings, policy_of(Operator::hash), vault).text;
  EXPECT_TRUE(vault.empty());
  ASSERT_THAT(hashed,
              ::testing::MatchesRegex(
                  "<PERSON:[0-9a-f]{16}> and <PERSON:[0-9a-f]{16}> and <PERSON:[0-9a-f]{16}>"));
  const std::string first = hashed.substr(0, 25);
  const std::string second = hashed.substr(30, 25);
  const std::string third = hashed.substr(60, 25);
  EXPECT_EQ(first, third);
  EXPECT_NE(first, second);

  // Stable across conversations with the same key, different with another
  // key or another type.
  Vault other;
  EXPECT_EQ(pseudonymize(text, findings, policy_of(Operator::hash), other).text, hashed);
  Policy rekeyed = policy_of(Operator::hash);
  rekeyed.set_hash_key("another key");
  EXPECT_NE(pseudonymize(text, findings, rekeyed, other).text.substr(0, 25), first);
  const std::string as_org =
      apply("Alice", {finding_of("Alice", "Alice", EntityType::organization)}, Operator::hash);
  EXPECT_THAT(as_org, ::testing::MatchesRegex("<ORGANIZATION:[0-9a-f]{16}>"));
  EXPECT_NE(as_org.substr(14), first.substr(8));
}

TEST(Pseudonymize, HashMatchesAKnownVector) {
  // HMAC-SHA-256("test key", "EMAIL\0jane@example.com"), first 8 bytes, by Python's hmac.
  const std::string text = "Jane@Example.com";
  EXPECT_EQ(
      apply(text, {finding_of(text, text, EntityType::email, "jane@example.com")}, Operator::hash),
      "<EMAIL:9f8d7c632e7018cf>");
}

TEST(Pseudonymize, HashWithoutAKeyIsRefusedBeforeAnythingIsReplaced) {
  Policy policy;
  policy.set(EntityType::person, Operator::hash);
  Vault vault;
  const std::string text = "bob@x.org and Alice";
  const std::vector<Finding> findings = {finding_of(text, "bob@x.org", EntityType::email),
                                         finding_of(text, "Alice", EntityType::person)};
  try {
    pseudonymize(text, findings, policy, vault);
    ADD_FAILURE() << "hashed without a key";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
    EXPECT_THAT(error.message(), ::testing::HasSubstr("PERSON"));
  }
  EXPECT_TRUE(vault.empty());
}

TEST(Pseudonymize, DropRemovesTheValueAndOneOfTheSpacesAroundIt) {
  const auto drop = [](std::string_view text, std::vector<std::string_view> needles) {
    std::vector<Finding> findings;
    for (const std::string_view needle : needles) {
      findings.push_back(finding_of(text, needle, EntityType::email));
    }
    return apply(text, findings, Operator::drop);
  };
  EXPECT_EQ(drop("write to a@b.c today", {"a@b.c"}), "write to today");
  EXPECT_EQ(drop("write to a@b.c", {"a@b.c"}), "write to ");
  EXPECT_EQ(drop("a@b.c wrote", {"a@b.c"}), " wrote");
  EXPECT_EQ(drop("to a@b.c, please", {"a@b.c"}), "to , please");
  EXPECT_EQ(drop("to a@b.c x@y.z now", {"a@b.c", "x@y.z"}), "to now");
  EXPECT_EQ(drop("to a@b.cx@y.z now", {"a@b.c", "x@y.z"}), "to now");
  EXPECT_EQ(drop("to  a@b.c  now", {"a@b.c"}), "to   now");

  const std::string text = "write to a@b.c today";
  Vault vault;
  const Pseudonymized result =
      pseudonymize(text, std::vector<Finding>{finding_of(text, "a@b.c", EntityType::email)},
                   policy_of(Operator::drop), vault);
  ASSERT_EQ(result.replacements.size(), 1u);
  EXPECT_EQ(result.replacements[0].op, Operator::drop);
  EXPECT_EQ(result.replacements[0].output_begin, 9u);
  EXPECT_EQ(result.replacements[0].output_end, 9u);
}

TEST(Pseudonymize, OperatorsFollowThePolicyPerType) {
  const std::string text = "Alice <a@b.c> 4111 1111 1111 1234 https://x.io";
  const std::vector<Finding> findings = {
      finding_of(text, "Alice", EntityType::person),
      finding_of(text, "a@b.c", EntityType::email),
      finding_of(text, "4111 1111 1111 1234", EntityType::credit_card, "4111111111111234"),
      finding_of(text, "https://x.io", EntityType::url),
  };
  const Policy policy = Policy::from_json(
      R"({"entities": {"EMAIL": "drop", "CREDIT_CARD": "mask", "URL": "allow"}})");
  Vault vault;
  EXPECT_EQ(pseudonymize(text, findings, policy, vault).text,
            "<PERSON_1> <> **** **** **** 1234 https://x.io");
}

TEST(Pseudonymize, UsesTheTextSpanNotTheFindingsCopy) {
  Finding finding = finding_of("hi Alice", "Alice", EntityType::person);
  finding.text = "Mallory";
  Vault vault;
  pseudonymize("hi Alice", std::vector<Finding>{finding}, Policy(), vault);
  EXPECT_EQ(vault.value_of("<PERSON_1>"), "Alice");
}

TEST(Pseudonymize, RefusesOverlappingUnsortedOrOutOfRangeFindings) {
  const std::string text = "Alice Bob Carol";
  const auto expect_refused = [&](std::vector<Finding> findings) {
    Vault vault;
    try {
      pseudonymize(text, findings, Policy(), vault);
      ADD_FAILURE() << "accepted";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
    }
    EXPECT_TRUE(vault.empty()) << "nothing is added before the findings are checked";
  };
  const Finding alice = finding_of(text, "Alice", EntityType::person);
  const Finding bob = finding_of(text, "Bob", EntityType::person);
  Finding overlapping = finding_of(text, "e Bo", EntityType::person);
  Finding empty = bob;
  empty.byte_end = empty.byte_begin;
  Finding past_end = bob;
  past_end.byte_end = text.size() + 1;
  Finding reversed = bob;
  std::swap(reversed.byte_begin, reversed.byte_end);

  expect_refused({bob, alice});
  expect_refused({alice, overlapping});
  expect_refused({alice, alice});
  expect_refused({alice, empty});
  expect_refused({alice, past_end});
  expect_refused({reversed});

  Vault vault;
  EXPECT_EQ(pseudonymize(text, std::vector<Finding>{}, Policy(), vault).text, text);
  const Finding adjacent = finding_of(text, " ", EntityType::person);
  EXPECT_EQ(pseudonymize(text, std::vector<Finding>{alice, adjacent}, Policy(), vault).text,
            "<PERSON_1><PERSON_2>Bob Carol");
}

}  // namespace
}  // namespace hearth::privacy
