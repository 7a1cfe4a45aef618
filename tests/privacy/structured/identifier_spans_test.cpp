// Each identifier recognizer's spans, exactly as the evaluation corpus's
// labeling guide (data/privacy/eval/README.md) draws them, and its
// normalized form.
#include <gtest/gtest.h>

#include "hearth/util/error.h"
#include "recognizer_test_support.h"

namespace hearth::privacy::test {
namespace {

TEST(EmailSpans, AddressOnlyWithoutMailtoOrBrackets) {
  EXPECT_EQ(found_texts("Write to <Dana.Whitfield@OrchardLane.io>.", EntityType::email),
            std::vector<std::string>{"Dana.Whitfield@OrchardLane.io"});
  EXPECT_EQ(found_texts("[mail](mailto:ops+alerts@mail.orchardlane.co.uk)", EntityType::email),
            std::vector<std::string>{"ops+alerts@mail.orchardlane.co.uk"});
  const auto detection = detection_of("x Dana.Whitfield@OrchardLane.io", EntityType::email,
                                      "Dana.Whitfield@OrchardLane.io");
  ASSERT_TRUE(detection);
  EXPECT_EQ(detection->normalized, "dana.whitfield@orchardlane.io");
}

TEST(EmailSpans, SkipsLookAlikes) {
  for (const char* text : {"git@github.com:hearth/hearth.git", "icon@2x.png", "user@localhost",
                           "npm i left-pad@1.3.0", "@decorator", "a@b.c", "foo..bar@x.com"})
    EXPECT_TRUE(found_texts(text, EntityType::email).empty()) << text;
}

TEST(PhoneSpans, FromPlusOrFirstDigitToLastDigitWithoutExtension) {
  EXPECT_EQ(found_texts("Call +44 20 7946 0958 ext. 12 today.", EntityType::phone),
            std::vector<std::string>{"+44 20 7946 0958"});
  EXPECT_EQ(found_texts("Office: (415) 555-0132, fax 415.555.0199", EntityType::phone),
            (std::vector<std::string>{"(415) 555-0132", "415.555.0199"}));
  EXPECT_EQ(found_texts("Ruf an: +49 30 12345678.", EntityType::phone),
            std::vector<std::string>{"+49 30 12345678"});
  // A national number of another country is not valid in the default region.
  EXPECT_TRUE(found_texts("Ruf an: 030 12345678", EntityType::phone).empty());
  const auto detection = detection_of("phone: (415) 555-0132", EntityType::phone, "(415) 555-0132");
  ASSERT_TRUE(detection);
  EXPECT_EQ(detection->normalized, "+14155550132");
}

TEST(PhoneSpans, UsesTheDefaultRegionForNationalNumbers) {
  const StructuredRecognizer german(StructuredOptions{"DE"});
  Detections out;
  german.find("Telefon 030 12345678", out);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].normalized, "+493012345678");
  EXPECT_THROW(StructuredRecognizer{StructuredOptions{"Atlantis"}}, hearth::Error);
}

TEST(PhoneSpans, NeedsAPhoneWordForBareDigits) {
  EXPECT_FALSE(reported("ref 4155550132 closed", EntityType::phone, "4155550132"));
  EXPECT_TRUE(reported("call me at 4155550132", EntityType::phone, "4155550132"));
}

TEST(CardSpans, DigitsWithTheirSeparatorsAsWritten) {
  EXPECT_EQ(found_texts("Visa 4104 3321 8196 0018 exp 04/27", EntityType::credit_card),
            std::vector<std::string>{"4104 3321 8196 0018"});
  EXPECT_EQ(found_texts("amex: 3784-959310-34132.", EntityType::credit_card),
            std::vector<std::string>{"3784-959310-34132"});
  EXPECT_EQ(found_texts("card 5394026542351166", EntityType::credit_card),
            std::vector<std::string>{"5394026542351166"});
  const auto detection =
      detection_of("card 2720-1559-4078-1617", EntityType::credit_card, "2720-1559-4078-1617");
  ASSERT_TRUE(detection);
  EXPECT_EQ(detection->normalized, "2720155940781617");
}

TEST(CardSpans, RejectsBadChecksumsMixedSeparatorsAndLongerNumbers) {
  for (const char* text :
       {"card 4104 3321 8196 0019", "card 4104-3321 8196-0018", "id 4104-3321-8196-0018-7781-2"})
    EXPECT_TRUE(found_texts(text, EntityType::credit_card).empty()) << text;
}

TEST(IbanSpans, AsWrittenWithSpacesNormalizedCompact) {
  EXPECT_EQ(found_texts("IBAN: DE64 1002 0030 0400 5006 00, BIC X", EntityType::iban),
            std::vector<std::string>{"DE64 1002 0030 0400 5006 00"});
  EXPECT_EQ(found_texts("pay to GB82WEST12345698765432.", EntityType::iban),
            std::vector<std::string>{"GB82WEST12345698765432"});
  const auto detection = detection_of("IBAN FR76 3000 6000 0112 3456 7890 189", EntityType::iban,
                                      "FR76 3000 6000 0112 3456 7890 189");
  ASSERT_TRUE(detection);
  EXPECT_EQ(detection->normalized, "FR7630006000011234567890189");
  EXPECT_TRUE(found_texts("IBAN DE65 1002 0030 0400 5006 00", EntityType::iban).empty());
}

TEST(SsnSpans, NumberOnlyBareDigitsOnlyWithContext) {
  EXPECT_EQ(found_texts("SSN: 536-22-1847.", EntityType::us_ssn),
            std::vector<std::string>{"536-22-1847"});
  EXPECT_EQ(found_texts("social security number 536221847", EntityType::us_ssn),
            std::vector<std::string>{"536221847"});
  EXPECT_TRUE(found_texts("batch 536221847 shipped", EntityType::us_ssn).empty());
  EXPECT_TRUE(found_texts("SSN 666-22-1847", EntityType::us_ssn).empty());
  EXPECT_TRUE(found_texts("SSN 536-00-1847", EntityType::us_ssn).empty());
  const auto detection = detection_of("SSN 536-22-1847", EntityType::us_ssn, "536-22-1847");
  ASSERT_TRUE(detection);
  EXPECT_EQ(detection->normalized, "536221847");
}

TEST(IpSpans, AddressWithoutPortOrPrefixLength) {
  EXPECT_EQ(found_texts("connect 10.0.0.12:8080 and 192.168.1.0/24", EntityType::ip_address),
            (std::vector<std::string>{"10.0.0.12", "192.168.1.0"}));
  EXPECT_EQ(found_texts("listen [2001:db8::8a2e:370:7334]:443; lo ::1.", EntityType::ip_address),
            (std::vector<std::string>{"2001:db8::8a2e:370:7334", "::1"}));
  EXPECT_EQ(found_texts("mapped ::ffff:192.0.2.128 ok", EntityType::ip_address),
            std::vector<std::string>{"::ffff:192.0.2.128"});
}

TEST(IpSpans, RejectsVersionStringsAndCode) {
  for (const char* text : {"upgrade to v1.2.3.4", "Version: 10.0.1.2", "Chrome/120.0.0.0 Safari",
                           "build 4.1.0.77 passed", "OID 1.3.6.1.4.1", "std::vector<int>",
                           "at 14:22:07 the", "Foo::bar::baz"})
    EXPECT_TRUE(found_texts(text, EntityType::ip_address).empty()) << text;
}

TEST(MacSpans, TheAddressInEachNotation) {
  EXPECT_EQ(found_texts("eth0 00:1a:2b:3c:4d:5e up", EntityType::mac_address),
            std::vector<std::string>{"00:1a:2b:3c:4d:5e"});
  EXPECT_EQ(found_texts("hw 00-1A-2B-3C-4D-5E, cisco 001a.2b3c.4d5e", EntityType::mac_address),
            (std::vector<std::string>{"00-1A-2B-3C-4D-5E", "001a.2b3c.4d5e"}));
  const auto detection =
      detection_of("hw 00-1A-2B-3C-4D-5E", EntityType::mac_address, "00-1A-2B-3C-4D-5E");
  ASSERT_TRUE(detection);
  EXPECT_EQ(detection->normalized, "00:1a:2b:3c:4d:5e");
  EXPECT_TRUE(found_texts("fingerprint 43:51:43:a1:b5:fc:8b:b7:0a:3a:a9:b1:0f:66:73:a8",
                          EntityType::mac_address)
                  .empty());
}

TEST(UrlSpans, WholeUrlWithoutTrailingSentencePunctuation) {
  EXPECT_EQ(found_texts("See https://orchardlane.io/docs/setup.", EntityType::url),
            std::vector<std::string>{"https://orchardlane.io/docs/setup"});
  EXPECT_EQ(found_texts("(see www.orchardlane.io/a?b=1&c=2), then", EntityType::url),
            std::vector<std::string>{"www.orchardlane.io/a?b=1&c=2"});
  EXPECT_EQ(
      found_texts("wiki https://en.wikipedia.org/wiki/Hearth_(disambiguation)!", EntityType::url),
      std::vector<std::string>{"https://en.wikipedia.org/wiki/Hearth_(disambiguation)"});
  EXPECT_EQ(found_texts("[docs](http://localhost:8080/v1/chat)", EntityType::url),
            std::vector<std::string>{"http://localhost:8080/v1/chat"});
  EXPECT_EQ(found_texts("ftp://files.orchardlane.io/pub/a.tar.gz;", EntityType::url),
            std::vector<std::string>{"ftp://files.orchardlane.io/pub/a.tar.gz"});
  EXPECT_TRUE(found_texts("just http:// and www.x", EntityType::url).empty());
}

TEST(UrlSpans, OneUrlWhateverItCarriesWithHigherConfidenceForCredentials) {
  const std::string plain = "https://orchardlane.io/a";
  const std::string with_password = "https://admin:T7r!cky@db.orchardlane.io:5432/app";
  const std::string with_token = "https://api.orchardlane.io/v1?access_token=Zx81kQ";
  const std::string webhook =
      "https://hooks.slack.com/services/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";
  const auto a = detection_of(plain, EntityType::url, plain);
  const auto b = detection_of(with_password, EntityType::url, with_password);
  const auto c = detection_of(with_token, EntityType::url, with_token);
  const auto d = detection_of(webhook, EntityType::url, webhook);
  ASSERT_TRUE(a && b && c && d);
  EXPECT_GT(b->confidence, a->confidence);
  EXPECT_GT(c->confidence, a->confidence);
  EXPECT_GT(d->confidence, a->confidence);
  EXPECT_EQ(d->recognizer, "url_credentials");
  EXPECT_EQ(find_all(webhook).size(), 1u);
}

TEST(BirthDateSpans, DateOnlyAndOnlyWithBirthContext) {
  EXPECT_EQ(found_texts("DOB: 03/14/1985", EntityType::date_of_birth),
            std::vector<std::string>{"03/14/1985"});
  EXPECT_EQ(found_texts("She was born on March 14, 1985 in Lyon.", EntityType::date_of_birth),
            std::vector<std::string>{"March 14, 1985"});
  EXPECT_EQ(found_texts(R"({"date_of_birth": "1985-03-14"})", EntityType::date_of_birth),
            std::vector<std::string>{"1985-03-14"});
  EXPECT_EQ(found_texts("Date of birth (DD.MM.YYYY): 14.03.1985", EntityType::date_of_birth),
            std::vector<std::string>{"14.03.1985"});
  EXPECT_EQ(found_texts("d.o.b. 14 Mar 1985", EntityType::date_of_birth),
            std::vector<std::string>{"14 Mar 1985"});
  EXPECT_TRUE(found_texts("Meeting on 03/14/1985 at noon", EntityType::date_of_birth).empty());
  EXPECT_TRUE(found_texts("deployed 2024-03-11 14:22:07", EntityType::date_of_birth).empty());
}

TEST(PostalCodeSpans, CodeOnlyInAddressContext) {
  EXPECT_EQ(found_texts("1450 Larkspur Avenue, San Francisco, CA 94107", EntityType::postal_code),
            std::vector<std::string>{"94107"});
  EXPECT_EQ(found_texts("Albany, NY 12207-1234.", EntityType::postal_code),
            std::vector<std::string>{"12207-1234"});
  EXPECT_EQ(found_texts("London SW1A 1AA, UK", EntityType::postal_code),
            std::vector<std::string>{"SW1A 1AA"});
  EXPECT_EQ(found_texts("Ottawa, ON K1A 0B1", EntityType::postal_code),
            std::vector<std::string>{"K1A 0B1"});
  EXPECT_EQ(found_texts("PLZ: 10115 Berlin", EntityType::postal_code),
            std::vector<std::string>{"10115"});
  EXPECT_EQ(found_texts("code postal 75008", EntityType::postal_code),
            std::vector<std::string>{"75008"});
  EXPECT_TRUE(found_texts("processed 10115 rows", EntityType::postal_code).empty());
  EXPECT_TRUE(found_texts("ERROR XX 12345 failed", EntityType::postal_code).empty());
  EXPECT_TRUE(found_texts("use H2 3DS tokens", EntityType::postal_code).empty());
}

TEST(DocumentNumberSpans, NumberOnlyNextToItsContextWord) {
  EXPECT_EQ(found_texts("Passport No.: X12345678, issued 2019", EntityType::passport_number),
            std::vector<std::string>{"X12345678"});
  EXPECT_EQ(found_texts("passport number is 531234567", EntityType::passport_number),
            std::vector<std::string>{"531234567"});
  EXPECT_EQ(found_texts("Driver's License: D1234567", EntityType::drivers_license),
            std::vector<std::string>{"D1234567"});
  EXPECT_EQ(found_texts("DL# S530-4612-9012 exp 2027", EntityType::drivers_license),
            std::vector<std::string>{"S530-4612-9012"});
  EXPECT_EQ(found_texts("licence number MORGA657054SM9IJ", EntityType::drivers_license),
            std::vector<std::string>{"MORGA657054SM9IJ"});
  EXPECT_TRUE(found_texts("my passport expired", EntityType::passport_number).empty());
  EXPECT_TRUE(found_texts("Ticket X12345678 closed", EntityType::passport_number).empty());
  EXPECT_TRUE(found_texts("driver's license renewal", EntityType::drivers_license).empty());
}

}  // namespace
}  // namespace hearth::privacy::test
