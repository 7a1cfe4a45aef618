// The address rule on its own, with a hand-made gazetteer.
#include "name_rules.h"

#include <gtest/gtest.h>

#include "token_features.h"

namespace hearth::privacy::names {
namespace {

std::vector<std::string> addresses(std::string_view text) {
  const Gazetteer gazetteer({{"Avenue", class_bit(GazetteerClass::street_type)},
                             {"St", class_bit(GazetteerClass::street_type)},
                             {"rue", class_bit(GazetteerClass::street_type)},
                             {"Via", class_bit(GazetteerClass::street_type)},
                             {"Apt", class_bit(GazetteerClass::unit_word)},
                             {"Flat", class_bit(GazetteerClass::unit_word)},
                             {"House", class_bit(GazetteerClass::unit_word)},
                             {"Road", class_bit(GazetteerClass::street_type)},
                             {"ul", class_bit(GazetteerClass::street_type)},
                             {"Suite", class_bit(GazetteerClass::unit_word)},
                             {"#", class_bit(GazetteerClass::unit_word)},
                             {"place", class_bit(GazetteerClass::street_type)},
                             {"Quay", class_bit(GazetteerClass::street_type)},
                             {"Parkway", class_bit(GazetteerClass::street_type)},
                             {"Floor", class_bit(GazetteerClass::unit_word)},
                             {"Unit", class_bit(GazetteerClass::unit_word)},
                             {"Blk", class_bit(GazetteerClass::unit_word)},
                             {"Calle", class_bit(GazetteerClass::street_type)},
                             {"avenue", class_bit(GazetteerClass::street_type)},
                             {"drive", class_bit(GazetteerClass::street_type)},
                             {"new", class_bit(GazetteerClass::common_word)},
                             {"Montag", class_bit(GazetteerClass::common_word)},
                             {"Christie", class_bit(GazetteerClass::family_name)}});
  const auto tokens = tokenize_words(text);
  SegmentFeatures features;
  FeatureExtractor(gazetteer).extract(text, tokens, {}, features);
  std::vector<std::string> found;
  for (const NameSpan& span : find_street_addresses({text, tokens, features.classes})) {
    found.emplace_back(text.substr(tokens[span.first].begin,
                                   tokens[span.last - 1].end - tokens[span.first].begin));
  }
  return found;
}

TEST(AddressRule, NumberNameTypeAndUnit) {
  EXPECT_EQ(addresses("at 1450 Larkspur Avenue, Apt 3B, Springfield"),
            std::vector<std::string>{"1450 Larkspur Avenue, Apt 3B"});
  EXPECT_EQ(addresses("12 N. 5th St. #4 is next door"),
            std::vector<std::string>{"12 N. 5th St. #4"});
  EXPECT_EQ(addresses("9 Main St"), std::vector<std::string>{"9 Main St"});
}

TEST(AddressRule, ContinentalForms) {
  EXPECT_EQ(addresses("au 12 rue de la Paix"), std::vector<std::string>{"12 rue de la Paix"});
  EXPECT_EQ(addresses("in Via Roma 12, Milano"), std::vector<std::string>{"Via Roma 12"});
  EXPECT_EQ(addresses("Schillerstraße 5"), std::vector<std::string>{"Schillerstraße 5"});
  EXPECT_EQ(addresses("Aachener Straße 312"), std::vector<std::string>{"Aachener Straße 312"});
  EXPECT_EQ(addresses("Strandgata 14, Bergen"), std::vector<std::string>{"Strandgata 14"});
}

TEST(AddressRule, SeveralStreetTypesAndATrailingDirection) {
  EXPECT_EQ(addresses("at 8 Harbour Quay Road, Cobh"),
            std::vector<std::string>{"8 Harbour Quay Road"});
  EXPECT_EQ(addresses("990 Lakeshore Parkway East, Oakville"),
            std::vector<std::string>{"990 Lakeshore Parkway East"});
  EXPECT_EQ(addresses("5 Elm Road West Hartford"), std::vector<std::string>{"5 Elm Road"});
}

TEST(AddressRule, FloorsAndSlashedNumbers) {
  EXPECT_EQ(addresses("77 Birch Avenue, 3rd Floor, Leeds"),
            std::vector<std::string>{"77 Birch Avenue, 3rd Floor"});
  EXPECT_EQ(addresses("Calle Olmo 14, 2º dcha, Valencia"),
            std::vector<std::string>{"Calle Olmo 14, 2º dcha"});
  EXPECT_EQ(addresses("Unit 6/21 Banksia Road, Epping"),
            std::vector<std::string>{"Unit 6/21 Banksia Road"});
  EXPECT_EQ(addresses("4/130 Banksia Road"), std::vector<std::string>{"4/130 Banksia Road"});
  EXPECT_EQ(addresses("ul. Lipowa 12/4, Kraków"), std::vector<std::string>{"ul. Lipowa 12/4"});
  EXPECT_EQ(addresses("Blk 57 Tampines Road 4, Singapore"),
            std::vector<std::string>{"Blk 57 Tampines Road 4"});
  EXPECT_EQ(addresses("No. 17, 2nd Main Road"), std::vector<std::string>{"17, 2nd Main Road"});
}

TEST(AddressRule, MoreContinentalForms) {
  EXPECT_EQ(addresses("Prinsengracht 263, Amsterdam"),
            std::vector<std::string>{"Prinsengracht 263"});
  EXPECT_EQ(addresses("Hämeentie 14, Helsinki"), std::vector<std::string>{"Hämeentie 14"});
  EXPECT_EQ(addresses("Christie 5 books"), std::vector<std::string>{});
  EXPECT_EQ(addresses("Kongens gate 7, Trondheim"), std::vector<std::string>{"Kongens gate 7"});
  EXPECT_EQ(addresses("Auf dem Kamp 9\n48143 Münster"), std::vector<std::string>{"Auf dem Kamp 9"});
  EXPECT_EQ(addresses("Am Montag 3 Termine"), std::vector<std::string>{});
  EXPECT_EQ(addresses("au 3 place d'Italie"), std::vector<std::string>{"3 place d'Italie"});
}

TEST(AddressRule, LinesWithoutCapitals) {
  EXPECT_EQ(addresses("new flat is 62 quinlan avenue btw"),
            std::vector<std::string>{"62 quinlan avenue"});
  EXPECT_EQ(addresses("bought 2 new drive bays"), std::vector<std::string>{});
  EXPECT_EQ(addresses("ran 5 km down the road"), std::vector<std::string>{});
}

TEST(AddressRule, UnitWrittenBeforeTheAddress) {
  EXPECT_EQ(addresses("Flat 2, 19 Larkspur Avenue"),
            std::vector<std::string>{"Flat 2, 19 Larkspur Avenue"});
}

std::vector<std::string> combined(std::string_view text, std::vector<NameSpan> tagged) {
  const Gazetteer gazetteer(
      {{"Dana", class_bit(GazetteerClass::given_name)},
       {"Lyon", class_bit(GazetteerClass::city)},
       {"Escalation", class_bit(GazetteerClass::common_word)},
       {"Auntie", class_bit(GazetteerClass::title)},
       {"Barclays", class_bit(GazetteerClass::org_name)},
       {"Tata Power", class_bit(GazetteerClass::org_name)},
       {"LLP", class_bit(GazetteerClass::org_suffix)},
       {"Inc", class_bit(GazetteerClass::org_suffix)},
       {"Okafor", class_bit(GazetteerClass::family_name)},
       {"Carlton", class_bit(GazetteerClass::city)},
       {"VIC", class_bit(GazetteerClass::region)},
       {"Legal", class_bit(GazetteerClass::common_word)},
       {"Department", class_bit(GazetteerClass::common_word) | class_bit(GazetteerClass::org_word)},
       {"Bakery", class_bit(GazetteerClass::common_word) | class_bit(GazetteerClass::org_word)},
       {"Golden", class_bit(GazetteerClass::common_word)},
       {"Bank", class_bit(GazetteerClass::org_word)},
       {"Grupo", class_bit(GazetteerClass::org_word)},
       {"Help", class_bit(GazetteerClass::common_word)},
       {"Center", class_bit(GazetteerClass::common_word) | class_bit(GazetteerClass::org_word)},
       {"Medical", class_bit(GazetteerClass::common_word) | class_bit(GazetteerClass::org_word)},
       {"Kestrova", class_bit(GazetteerClass::org_name)},
       {"Tarpan", class_bit(GazetteerClass::common_word)},
       {"Delaware", class_bit(GazetteerClass::region)},
       {"corporation", class_bit(GazetteerClass::org_suffix)},
       {"Technician", class_bit(GazetteerClass::common_word)}});
  const auto tokens = tokenize_words(text);
  SegmentFeatures features;
  FeatureExtractor(gazetteer).extract(text, tokens, {}, features);
  std::vector<std::string> found;
  for (const NameSpan& span : combine_with_rules({text, tokens, features.classes}, tagged)) {
    const char* type = span.type == EntityType::person         ? "P:"
                       : span.type == EntityType::location     ? "L:"
                       : span.type == EntityType::organization ? "O:"
                                                               : "A:";
    found.push_back(type +
                    std::string(text.substr(tokens[span.first].begin,
                                            tokens[span.last - 1].end - tokens[span.first].begin)));
  }
  return found;
}

TEST(TaggerVetoes, CodeKeysAndOrdinaryWordsAreNotNames) {
  // Tokens: "Escalation" "owner" ":" "H" "," "fmt" "." "Printf" "," "RemoteAddr" "," "C7X91"
  const std::vector<NameSpan> tagged = {{EntityType::person, 0, 1, 0.9f},
                                        {EntityType::person, 3, 4, 0.9f},
                                        {EntityType::person, 7, 8, 0.9f},
                                        {EntityType::person, 9, 10, 0.9f},
                                        {EntityType::location, 11, 12, 0.9f}};
  EXPECT_TRUE(combined("Escalation owner: H, fmt.Printf, RemoteAddr, C7X91", tagged).empty());
}

TEST(OrganizationSpans, PartsOfAnOrganizationAreNone) {
  // Tokens: "the" "Legal" "Department" "and" "Golden" "Bakery"
  EXPECT_EQ(
      combined("the Legal Department and Golden Bakery",
               {{EntityType::organization, 1, 3, 0.9f}, {EntityType::organization, 4, 6, 0.9f}}),
      std::vector<std::string>{"O:Golden Bakery"});
}

TEST(OrganizationSpans, SpacedDashesSeparateNames) {
  // Tokens: "Golden" "Bakery" "–" "Hartley" "Bank"
  EXPECT_EQ(combined("Golden Bakery \u2013 Hartley Bank", {{EntityType::organization, 0, 5, 0.9f}}),
            (std::vector<std::string>{"O:Golden Bakery", "O:Hartley Bank"}));
}

TEST(OrganizationSpans, InstitutionsNamedWithOf) {
  EXPECT_EQ(combined("funded by the Royal Society of Alpine Botany and Ecology today", {}),
            std::vector<std::string>{"O:Royal Society of Alpine Botany and Ecology"});
  EXPECT_EQ(combined("the Legal Department of Golden Bakery", {}), std::vector<std::string>{});
  EXPECT_EQ(combined("Golden Museum of the Sea", {}),
            std::vector<std::string>{"O:Museum of the Sea"});
}

TEST(OrganizationSpans, PartnersBeforeAFirmJoinIt) {
  // Tokens: "ask" "Hartley" "," "Osei" "&" "Brandt" "LLP"
  EXPECT_EQ(combined("ask Hartley, Osei & Brandt LLP",
                     {{EntityType::person, 1, 2, 0.9f}, {EntityType::organization, 3, 7, 0.9f}}),
            std::vector<std::string>{"O:Hartley, Osei & Brandt LLP"});
  // Tokens: "Hi" "Dana" "," "Osei" "&" "Brandt" "LLP"
  EXPECT_EQ(combined("Hi Dana, Osei & Brandt LLP",
                     {{EntityType::person, 1, 2, 0.9f}, {EntityType::organization, 3, 7, 0.9f}}),
            (std::vector<std::string>{"P:Dana", "O:Osei & Brandt LLP"}));
}

TEST(OrganizationSpans, TwoOrganizationsJoinedByAConjunction) {
  // Tokens: "Grupo" "Volta" "y" "Bank" "Norte" "firmaron"
  EXPECT_EQ(combined("Grupo Volta y Bank Norte firmaron", {{EntityType::organization, 0, 5, 0.9f}}),
            (std::vector<std::string>{"O:Grupo Volta", "O:Bank Norte"}));
}

TEST(TaggerVetoes, AddressesNeedAStreetType) {
  EXPECT_TRUE(combined("call 34 655 210 874", {{EntityType::street_address, 1, 5, 0.9f}}).empty());
}

TEST(TypeFromLists, PlacesPeopleAndTitles) {
  EXPECT_EQ(combined("moved to Lyon", {{EntityType::person, 2, 3, 0.9f}}),
            std::vector<std::string>{"L:Lyon"});
  EXPECT_EQ(combined("ask Dana", {{EntityType::organization, 1, 2, 0.9f}}),
            std::vector<std::string>{"P:Dana"});
  EXPECT_EQ(combined("to Auntie Folake", {{EntityType::organization, 1, 3, 0.9f}}),
            std::vector<std::string>{"P:Folake"});
}

TEST(TypeFromLists, AnOrganizationEndingInAFamilyNameIsAPerson) {
  // A given name the list lacks made the tagger read the pair as a company.
  EXPECT_EQ(combined("Manager: Zorba Okafor", {{EntityType::organization, 2, 4, 0.9f}}),
            std::vector<std::string>{"P:Zorba Okafor"});
}

TEST(PersonSpans, TouchingNamesAreOnePerson) {
  // Tokens: "Customer" "Dana" "Okafor" "called"
  EXPECT_EQ(combined("Customer Dana Okafor called",
                     {{EntityType::person, 1, 2, 0.9f}, {EntityType::organization, 2, 3, 0.9f}}),
            std::vector<std::string>{"P:Dana Okafor"});
}

TEST(PlaceSpans, AStateAfterItsTownIsItsOwnPlace) {
  EXPECT_EQ(combined("lives in Carlton VIC 3053", {{EntityType::location, 2, 4, 0.9f}}),
            (std::vector<std::string>{"L:Carlton", "L:VIC"}));
}

TEST(TaggerVetoes, LettersJoinedByAmpersandAreNotAnOrganization) {
  // Tokens: "See" "the" "Q" "&" "A"
  EXPECT_TRUE(combined("See the R&D", {{EntityType::organization, 2, 5, 0.9f}}).empty());
}

TEST(AddressRule, NumberedStreetsAndLowerCaseUl) {
  EXPECT_EQ(addresses("House 14, Road 27, Dhanmondi"),
            std::vector<std::string>{"House 14, Road 27"});
  EXPECT_TRUE(addresses("take Road 27 north").empty());
  EXPECT_EQ(addresses("ul. Tverskaya 18"), std::vector<std::string>{"ul. Tverskaya 18"});
}

TEST(KnownOrganizations, ListedNamesWinOverTheTagger) {
  EXPECT_EQ(combined("I bank with Barclays now", {{EntityType::person, 3, 4, 0.9f}}),
            std::vector<std::string>{"O:Barclays"});
  EXPECT_EQ(combined("Tata Power signed", {}), std::vector<std::string>{"O:Tata Power"});
  // A tagged organization holding the listed name keeps its longer span.
  EXPECT_EQ(combined("at Barclays Bank today", {{EntityType::organization, 1, 3, 0.9f}}),
            std::vector<std::string>{"O:Barclays Bank"});
  EXPECT_TRUE(combined("barclays_client = None", {}).empty());
}

TEST(OrganizationSpans, PeriodsLowerCaseTailsAndIdentifiers) {
  // Tokens: "Adeyemi" "&" "Partners" "LLP" "." / "Acme" "Inc" "." "upstairs"
  EXPECT_EQ(combined("Adeyemi & Partners LLP.", {{EntityType::organization, 0, 5, 0.9f}}),
            std::vector<std::string>{"O:Adeyemi & Partners LLP"});
  EXPECT_EQ(combined("Acme Inc. upstairs", {{EntityType::organization, 0, 4, 0.9f}}),
            std::vector<std::string>{"O:Acme Inc."});
  EXPECT_TRUE(combined("set TelephoneNumber and WORKDIR", {{EntityType::organization, 1, 2, 0.9f},
                                                           {EntityType::organization, 3, 4, 0.9f}})
                  .empty());
}

TEST(OrganizationSpans, GenericHeadsNeedANameBeforeThem) {
  // Tokens: "visit" "our" "Help" "Center" / "at" "Orrin" "Medical" "Center"
  EXPECT_TRUE(combined("visit our Help Center", {{EntityType::organization, 2, 4, 0.9f}}).empty());
  EXPECT_EQ(combined("at Medical Center", {{EntityType::organization, 1, 3, 0.9f}}),
            std::vector<std::string>{"O:Medical Center"});
  EXPECT_EQ(combined("at Orrin Center", {{EntityType::organization, 1, 3, 0.9f}}),
            std::vector<std::string>{"O:Orrin Center"});
}

TEST(OrganizationSpans, ProductsPossessivesAndDescriptions) {
  // Tokens: "a" "white" "Kestrova" "Tarpan" "today"
  EXPECT_TRUE(
      combined("a white Kestrova Tarpan today", {{EntityType::organization, 2, 4, 0.9f}}).empty());
  EXPECT_TRUE(combined("a white Kestrova Tarpan today", {}).empty());
  EXPECT_EQ(combined("a Kestrova Bank branch", {{EntityType::organization, 1, 3, 0.9f}}),
            std::vector<std::string>{"O:Kestrova Bank"});
  // Tokens: "moved" "to" "Kestrova" "'" "s" "Nimbus" "cloud"
  EXPECT_EQ(combined("moved to Kestrova's Nimbus cloud", {{EntityType::organization, 2, 6, 0.9f}}),
            std::vector<std::string>{"O:Kestrova"});
  // Tokens: "a" "Delaware" "corporation" "."
  EXPECT_EQ(combined("a Delaware corporation.", {{EntityType::organization, 1, 4, 0.9f}}),
            std::vector<std::string>{"L:Delaware"});
  EXPECT_TRUE(combined("formed as a Delaware corporation", {}).empty());
}

TEST(OrganizationSpans, JobTitlesAndPartsOfAnOrganization) {
  // Tokens: "as" "Field" "Technician" "at"
  EXPECT_TRUE(combined("as Field Technician at", {{EntityType::organization, 1, 3, 0.9f}}).empty());
  // Tokens: "the" "Legal" "Department" "of" "Orrin" "Freight" "Inc"
  EXPECT_EQ(combined("the Legal Department of Orrin Freight Inc",
                     {{EntityType::organization, 1, 7, 0.9f}}),
            std::vector<std::string>{"O:Orrin Freight Inc"});
}

TEST(AddressRule, NumbersAloneAreNotAddresses) {
  EXPECT_TRUE(addresses("we shipped 1450 units to the St Regis").empty());
  EXPECT_TRUE(addresses("Order 1450 Avenue").empty());
  EXPECT_TRUE(addresses("back at 2").empty());
}

}  // namespace
}  // namespace hearth::privacy::names
