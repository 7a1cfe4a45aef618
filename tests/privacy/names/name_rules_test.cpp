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
                             {"Suite", class_bit(GazetteerClass::unit_word)},
                             {"#", class_bit(GazetteerClass::unit_word)}});
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
}

TEST(AddressRule, NumbersAloneAreNotAddresses) {
  EXPECT_TRUE(addresses("we shipped 1450 units to the St Regis").empty());
  EXPECT_TRUE(addresses("Order 1450 Avenue").empty());
  EXPECT_TRUE(addresses("back at 2").empty());
}

}  // namespace
}  // namespace hearth::privacy::names
