// The validators' arithmetic against tables of numbers computed for these
// tests (check digits made valid by hand, never real accounts).
#include "check_digits.h"

#include <gtest/gtest.h>

namespace hearth::privacy::structured {
namespace {

TEST(Luhn, AcceptsNumbersWithAValidCheckDigit) {
  for (const char* digits :
       {"4104332181960018", "5394026542351166", "378495931034132", "36030564139538", "0", "18"})
    EXPECT_TRUE(luhn_valid(digits)) << digits;
}

TEST(Luhn, RejectsAChangedDigitAndSwappedNeighbours) {
  for (const char* digits :
       {"4104332181960019", "4104332181960028", "5394026542351161", "1401332181960018", "", "1"})
    EXPECT_FALSE(luhn_valid(digits)) << digits;
}

TEST(CardNetwork, KnowsEachNetworksRangesAndLengths) {
  EXPECT_EQ(card_network("4104332181960018"), "visa");
  EXPECT_EQ(card_network("4338908386378"), "visa");
  EXPECT_EQ(card_network("5394026542351166"), "mastercard");
  EXPECT_EQ(card_network("2720155940781617"), "mastercard");
  EXPECT_EQ(card_network("2221000000000009"), "mastercard");
  EXPECT_EQ(card_network("378495931034132"), "amex");
  EXPECT_EQ(card_network("6011164752553410"), "discover");
  EXPECT_EQ(card_network("3530928327648353"), "jcb");
  EXPECT_EQ(card_network("36030564139538"), "diners");
  EXPECT_EQ(card_network("6276724238849698"), "unionpay");
  EXPECT_EQ(card_network("675965328718"), "maestro");
}

TEST(CardNetwork, RejectsUnknownRangesAndWrongLengths) {
  EXPECT_EQ(card_network("1710166927000"), "");     // a millisecond timestamp
  EXPECT_EQ(card_network("2721000000000000"), "");  // just above Mastercard's 2-series
  EXPECT_EQ(card_network("3784959310341320"), "");  // Amex prefix, 16 digits
  EXPECT_EQ(card_network("41043321819600"), "");    // Visa prefix, 14 digits
  EXPECT_EQ(card_network("9104332181960018"), "");
  EXPECT_EQ(card_network("41043321819"), "");  // too short for any network
}

TEST(DocumentationTestCards, AreRecognized) {
  for (const char* digits : {"4242424242424242", "4111111111111111", "5555555555554444",
                             "378282246310005", "6011111111111117", "4444444444444448"})
    EXPECT_TRUE(is_documentation_test_card(digits)) << digits;
  EXPECT_FALSE(is_documentation_test_card("4104332181960018"));
}

TEST(Iban, AcceptsValidCheckDigitsAndCountryLengths) {
  for (const char* iban :
       {"DE64100200300400500600", "GB82WEST12345698765432", "FR7630006000011234567890189",
        "NL91ABNA0417164300", "CH9300762011623852957"})
    EXPECT_TRUE(iban_valid(iban)) << iban;
}

TEST(Iban, RejectsWrongCheckDigitsLengthsAndCountries) {
  EXPECT_FALSE(iban_valid("DE65100200300400500600"));  // check digits off by one
  EXPECT_FALSE(iban_valid("DE64100200300400500601"));  // a changed BBAN digit
  EXPECT_FALSE(iban_valid("DE6410020030040050060"));   // one short for Germany
  EXPECT_FALSE(iban_valid("XX64100200300400500600"));  // no such country
  EXPECT_FALSE(iban_valid("GB82west12345698765432"));  // lower case is not compact form
  EXPECT_EQ(iban_length("DE"), 22u);
  EXPECT_EQ(iban_length("NO"), 15u);
  EXPECT_EQ(iban_length("US"), 0u);
}

TEST(Ssn, AppliesTheNeverIssuedRules) {
  EXPECT_TRUE(ssn_valid("219099998"));
  EXPECT_TRUE(ssn_valid("536221847"));
  for (const char* ssn : {"000221847", "666221847", "900221847", "999221847", "536001847",
                          "536220000", "078051120", "123456789", "53622184", "53622184a"})
    EXPECT_FALSE(ssn_valid(ssn)) << ssn;
}

}  // namespace
}  // namespace hearth::privacy::structured
