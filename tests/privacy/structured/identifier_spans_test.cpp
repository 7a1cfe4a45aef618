// Each identifier recognizer's spans, exactly as the evaluation corpus's
// labeling guide (data/privacy/eval/README.md) draws them, and its
// normalized form.
#include <gtest/gtest.h>

#include <string>
#include <utility>

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
  // A national number of another country is found by its trunk '0', but
  // without an E.164 form: the digits fit more than one plan.
  const auto national = detection_of("Ruf an: 030 12345678", EntityType::phone, "030 12345678");
  ASSERT_TRUE(national);
  EXPECT_EQ(national->normalized, "");
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

TEST(PhoneSpans, NationalFormatsOfOtherCountries) {
  for (const char* number : {"090-4418-2276", "010-5521-8830", "06 71 82 45 90", "020 7946 0321",
                             "07911 123456", "(11) 98123-4570", "(03) 9510 4477", "089 5555 1840"})
    EXPECT_EQ(found_texts(std::string("call me on ") + number + " tonight", EntityType::phone),
              std::vector<std::string>{number})
        << number;
  EXPECT_EQ(found_texts("the one i have (07911 123456) is off", EntityType::phone),
            std::vector<std::string>{"07911 123456"});
  EXPECT_TRUE(found_texts("wallet insert 078-05-1120", EntityType::phone).empty());
  // The tail of a longer code after a word for one.
  EXPECT_TRUE(found_texts("Tracking number: 1Z 999 AA1 01 2345 6784", EntityType::phone).empty());
}

TEST(PhoneSpans, NeedsAPhoneWordForBareDigits) {
  EXPECT_FALSE(reported("ref 4155550132 closed", EntityType::phone, "4155550132"));
  EXPECT_TRUE(reported("call me at 4155550132", EntityType::phone, "4155550132"));
}

TEST(PhoneSpans, SevenDigitLocalNumbersNeedAPhoneWord) {
  EXPECT_EQ(found_texts("Front desk phones: 555-0117, 555-0128", EntityType::phone),
            (std::vector<std::string>{"555-0117", "555-0128"}));
  EXPECT_TRUE(reported("Tel. 867.5309 (after 6pm)", EntityType::phone, "867.5309"));
  for (const char* text : {"order 555-0117 shipped", "build 482-1193 passed",
                           "phone ticket 555-0117 closed", "room 301-2210"})
    EXPECT_TRUE(found_texts(text, EntityType::phone).empty()) << text;
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
  EXPECT_EQ(found_texts("CEP 01426-001, São Paulo", EntityType::postal_code),
            std::vector<std::string>{"01426-001"});
  EXPECT_EQ(found_texts("〒460-0008 名古屋市", EntityType::postal_code),
            std::vector<std::string>{"460-0008"});
  EXPECT_EQ(found_texts("Ciudad de México, CP 03940.", EntityType::postal_code),
            std::vector<std::string>{"03940"});
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

TEST(PostalCodeSpans, InAnAddressLineWithoutAKeyword) {
  const std::pair<const char*, const char*> cases[] = {
      {"Address: Aachener Straße 312, 50933 Köln", "50933"},
      {"flat at 18 rue des Vinaigriers, 75010 Paris.", "75010"},
      {"address = Strandgata 14, 5013 Bergen, Norway", "5013"},
      {"Address: Kungsgatan 9, 903 25 Umeå", "903 25"},
      {"Current address: 7 Bree Street, Cape Town, 8001\nEmployer: x", "8001"},
      {"Address: 14 Fenton Street, Rotorua 3010. Mobile", "3010"},
      {"Unit 4, 88 Chapel Street, Prahran VIC 3181. To proceed", "3181"},
      {"send it to ul. Tverskaya 18, kv. 34, Moskva, 125009.", "125009"},
      {"address=\"2210 Westlake Avenue, Suite 400, Seattle 98121\")", "98121"},
  };
  for (const auto& [text, code] : cases)
    EXPECT_EQ(found_texts(text, EntityType::postal_code), std::vector<std::string>{code}) << text;
}

TEST(PostalCodeSpans, NumbersInProseAndHouseNumbersAreNot) {
  for (const char* text :
       {"In 2019, 12000 People came to the Street Fair.", "Apt 4, 1450 Larkspur Avenue",
        "We moved in 2019.", "Main Street opened in 2019.", "Suite 400, 1200 Main Street",
        "Released 2024, 10000 Downloads", "Berlin 2024.", "count, 50933 Rows",
        "fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC, 0666);"})
    EXPECT_TRUE(found_texts(text, EntityType::postal_code).empty()) << text;
}

TEST(DocumentNumberSpans, KeywordsInOtherLanguagesAndFillerWords) {
  EXPECT_EQ(found_texts("putovnica 118463752, OIB later", EntityType::passport_number),
            std::vector<std::string>{"118463752"});
  EXPECT_EQ(
      found_texts("OCR read the passport number as 948149007 but", EntityType::passport_number),
      std::vector<std::string>{"948149007"});
  EXPECT_EQ(
      found_texts("wrong passport. Correct number: YB4721985 (Italy)", EntityType::passport_number),
      std::vector<std::string>{"YB4721985"});
  EXPECT_EQ(found_texts("driver's license on file is O6932652 (CA)", EntityType::drivers_license),
            std::vector<std::string>{"O6932652"});
  EXPECT_EQ(found_texts(R"("drivers_license": {"number": "L7123323", "state": "CA"})",
                        EntityType::drivers_license),
            std::vector<std::string>{"L7123323"});
}

TEST(DocumentNumberSpans, BareLicenseOnlyInAnIdentityRecord) {
  const char* record = "SSN: \"535-36-5761\",\nPassport: \"796614660\",\nLicense: \"H1601972\",";
  EXPECT_EQ(found_texts(record, EntityType::drivers_license), std::vector<std::string>{"H1601972"});
  // The nine digits after "Passport" are the passport, not also an SSN.
  EXPECT_EQ(found_texts(record, EntityType::us_ssn), std::vector<std::string>{"535-36-5761"});
  EXPECT_TRUE(found_texts("License: 20240311 (MIT)", EntityType::drivers_license).empty());
  EXPECT_TRUE(
      found_texts("license key ABCD-1234-EFGH, passport", EntityType::drivers_license).empty());
}

TEST(IpSpans, OneDigitPartsWithAPortOrANetworkWord) {
  EXPECT_EQ(found_texts(R"(CMD ["gunicorn", "-b", "0.0.0.0:8000"])", EntityType::ip_address),
            std::vector<std::string>{"0.0.0.0"});
  EXPECT_EQ(found_texts("nameservers: { addresses: [9.9.9.9] }", EntityType::ip_address),
            std::vector<std::string>{"9.9.9.9"});
  EXPECT_EQ(found_texts("upgrade request from 178.126.170.209 path=/", EntityType::ip_address),
            std::vector<std::string>{"178.126.170.209"});
  EXPECT_EQ(found_texts("minecraft server again\n---\n203.0.113.77 port", EntityType::ip_address),
            std::vector<std::string>{"203.0.113.77"});
  EXPECT_TRUE(found_texts("bumped to 1.2.3.4 today", EntityType::ip_address).empty());
}

TEST(MacSpans, TheBroadcastAddress) {
  EXPECT_EQ(
      found_texts("link/ether 84:49:e9:c6:24:c9 brd ff:ff:ff:ff:ff:ff", EntityType::mac_address),
      (std::vector<std::string>{"84:49:e9:c6:24:c9", "ff:ff:ff:ff:ff:ff"}));
}

TEST(UrlSpans, UserPartIsNotAnEmail) {
  const char* url = "https://9e3b1a2c4d5f4e6a@o45192.ingest.sentry.io/4508123";
  EXPECT_EQ(found_texts(std::string("dsn: ") + url, EntityType::url),
            std::vector<std::string>{url});
  EXPECT_TRUE(found_texts(std::string("dsn: ") + url, EntityType::email).empty());
}

}  // namespace
}  // namespace hearth::privacy::test
