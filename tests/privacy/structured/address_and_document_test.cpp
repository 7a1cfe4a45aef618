// Postal codes in the address forms of several countries, and passport and
// driving licence numbers in the shapes records and JSON payloads hold them.
#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "recognizer_test_support.h"

namespace hearth::privacy::test {
namespace {

using Texts = std::vector<std::string>;

TEST(PostalCodes, AfterAWrittenOutUsState) {
  EXPECT_EQ(
      found_texts("Ship to 18 Orchard Row, Burlington, Vermont 05401", EntityType::postal_code),
      Texts{"05401"});
  EXPECT_EQ(found_texts("Tulsa,Oklahoma,74103-2201,2023-04-11", EntityType::postal_code),
            Texts{"74103-2201"});
  EXPECT_TRUE(
      found_texts("Texas 2023 revenue grew; Ohio 123456 units", EntityType::postal_code).empty());
}

TEST(PostalCodes, AustralianStateAndPostcode) {
  EXPECT_EQ(found_texts("Unit 4, 22 Gull St, Parramatta NSW 2150", EntityType::postal_code),
            Texts{"2150"});
  EXPECT_EQ(found_texts("deliver to Fremantle, WA 6160 by Friday", EntityType::postal_code),
            Texts{"6160"});
  EXPECT_TRUE(found_texts("exit code NSW 2150; see WA 6160.5", EntityType::postal_code).empty());
}

TEST(PostalCodes, IrishEircodes) {
  EXPECT_EQ(
      found_texts("Address: 4 Quay Lane, Westport, Co. Mayo, F28 K3W6", EntityType::postal_code),
      Texts{"F28 K3W6"});
  EXPECT_EQ(found_texts("Eircode: D6W Y2P8", EntityType::postal_code), Texts{"D6W Y2P8"});
  EXPECT_TRUE(found_texts("tank T55 A100 moved; grid X12 3456", EntityType::postal_code).empty());
}

TEST(PostalCodes, CodeOpeningTheLineBelowTheStreet) {
  EXPECT_EQ(found_texts("Lindenstraße 14\n04109 Leipzig\nGermany", EntityType::postal_code),
            Texts{"04109"});
  EXPECT_EQ(found_texts("Prinsengracht 263\n1016 GV Amsterdam", EntityType::postal_code),
            Texts{"1016 GV"});
  EXPECT_EQ(found_texts("Herengracht 5, 1015 BZ Amsterdam", EntityType::postal_code),
            Texts{"1015 BZ"});
  // A house number opening the line is followed by its street.
  EXPECT_TRUE(found_texts("Apt 3B\n1450 Larkspur Avenue\n", EntityType::postal_code).empty());
  // Numbers opening a line without a street above them.
  EXPECT_TRUE(
      found_texts("Results\n2048 MB Free\n1024 KB Used\n", EntityType::postal_code).empty());
}

TEST(DocumentNumbers, NumberFieldOfANamedObject) {
  EXPECT_EQ(found_texts(R"({"dob":"1979-03-02","license":{"state":"WA","number":"640281937"}})",
                        EntityType::drivers_license),
            Texts{"640281937"});
  EXPECT_EQ(found_texts("passport:\n  country: DE\n  number: C7RT41952\n  expires: 2031-01-01",
                        EntityType::passport_number),
            Texts{"C7RT41952"});
  EXPECT_TRUE(found_texts(R"({"license":{"type":"MIT","id":"spdx"}})", EntityType::drivers_license)
                  .empty());
}

TEST(DocumentNumbers, KeywordForms) {
  EXPECT_EQ(found_texts("Passport (UK): 533912048", EntityType::passport_number),
            Texts{"533912048"});
  EXPECT_EQ(
      found_texts("her driver\xE2\x80\x99s license is K8820-31457-90", EntityType::drivers_license),
      Texts{"K8820-31457-90"});
  EXPECT_EQ(found_texts("CDL# 47120938 (class A)", EntityType::drivers_license), Texts{"47120938"});
  EXPECT_EQ(found_texts("Rijbewijs: 5123456789", EntityType::drivers_license), Texts{"5123456789"});
}

TEST(BirthDates, OtherLanguages) {
  EXPECT_EQ(found_texts("Data di nascita: 14/06/1983", EntityType::date_of_birth),
            Texts{"14/06/1983"});
  EXPECT_EQ(found_texts("Geboortedatum 02-11-1990", EntityType::date_of_birth),
            Texts{"02-11-1990"});
}

TEST(BirthDates, MonthNamesAndBirthVerbsOfOtherLanguages) {
  for (const auto& [text, date] : {
           std::pair{"Nacida el 9 de agosto de 1977 en Sevilla", "9 de agosto de 1977"},
           std::pair{"Geburtsdatum: 21. M\xC3\xA4rz 1968", "21. M\xC3\xA4rz 1968"},
           std::pair{"n\xC3\xA9"
                     "e le 30 d\xC3\xA9"
                     "cembre 1991 \xC3\xA0 Nantes",
                     "30 d\xC3\xA9"
                     "cembre 1991"},
           std::pair{"Data de nascimento: 4 de maio de 1986", "4 de maio de 1986"},
           std::pair{"geboren am 11. Juli 1972", "11. Juli 1972"},
       })
    EXPECT_EQ(found_texts(text, EntityType::date_of_birth), Texts{date}) << text;
  EXPECT_TRUE(found_texts("Lieferung am 3. Juli 2024", EntityType::date_of_birth).empty());
}

TEST(BirthDates, QualifiedColumnHeader) {
  EXPECT_EQ(found_texts("member_id,member_dob,joined\n7781,1984-06-19,2020-01-05",
                        EntityType::date_of_birth),
            Texts{"1984-06-19"});
}

TEST(PostalCodes, HyphenatedCodesBeforeTheCity) {
  EXPECT_EQ(
      found_texts("Avenida Paulista 1578, 01310-200 S\xC3\xA3o Paulo", EntityType::postal_code),
      Texts{"01310-200"});
  EXPECT_EQ(found_texts("ul. Floria\xC5\x84ska 3, 31-019 Krak\xC3\xB3w", EntityType::postal_code),
            Texts{"31-019"});
}

TEST(DocumentNumbers, CountryCodeBeforeAPassportNumber) {
  EXPECT_EQ(found_texts("Passport no: USA 488120375", EntityType::passport_number),
            Texts{"488120375"});
  EXPECT_EQ(found_texts("passport: DE C4J7R2K95", EntityType::passport_number), Texts{"C4J7R2K95"});
}

TEST(DocumentNumbers, LicencesOfOtherKindsAreNotDrivingLicences) {
  for (const char* text : {"Liquor license number: LQ-2023-11842",
                           "Medical licence no. 4471920 (GMC)", "Contractor license #: 1049382"})
    EXPECT_TRUE(found_texts(text, EntityType::drivers_license).empty()) << text;
  EXPECT_EQ(found_texts("License number: D4410-77213", EntityType::drivers_license),
            Texts{"D4410-77213"});
}

}  // namespace
}  // namespace hearth::privacy::test
