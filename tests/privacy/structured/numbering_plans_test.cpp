// The phone recognizer's shortcuts around libphonenumber against the slow
// path they replace: parsing and validating in every region. Random digit
// strings in the shapes the recognizer hands over, seeded so a failure
// reproduces.
#include "numbering_plans.h"

#include <gtest/gtest.h>
#include <phonenumbers/phonenumberutil.h>

#include <random>
#include <string>
#include <vector>

namespace hearth::privacy::structured {
namespace {

using i18n::phonenumbers::PhoneNumber;

// Digits with the separators people write between groups.
std::string written_with_separators(const std::string& digits, std::mt19937& random) {
  static constexpr const char* kSeparators[] = {" ", "-", ".", "", " "};
  std::string written;
  std::size_t next_break = 2 + random() % 3;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i == next_break && i + 1 < digits.size()) {
      written += kSeparators[random() % 5];
      next_break += 2 + random() % 3;
    }
    written.push_back(digits[i]);
  }
  return written;
}

std::string random_digits(std::size_t count, std::mt19937& random) {
  std::string digits;
  for (std::size_t i = 0; i < count; ++i) digits.push_back(static_cast<char>('0' + random() % 10));
  return digits;
}

TEST(NumberingPlans, NanpShortcutsAnswerLikeTheParser) {
  std::mt19937 random(20240311);
  for (const char* region : {"US", "CA"}) {
    const NumberingPlans plans(region);
    int valid = 0, skipped = 0;
    for (int i = 0; i < 6000; ++i) {
      std::string digits(i % 5 == 0 ? "011" : "");
      digits.append(random() % 3, '1');
      digits += random_digits(6 + random() % 9, random);
      const std::string written = written_with_separators(digits, random);
      PhoneNumber slow_number, fast_number;
      const bool slow = plans.parses_as_valid(written, region, slow_number);
      const bool fast = plans.valid_in_default_region(written, fast_number);
      EXPECT_EQ(fast, slow) << region << " " << written;
      // The number a valid parse yields is the one reported (as E.164).
      if (fast && slow) {
        EXPECT_EQ(fast_number.SerializeAsString(), slow_number.SerializeAsString()) << written;
      }
      valid += slow ? 1 : 0;
      skipped += may_be_valid_nanp(digits) ? 0 : 1;
    }
    // The sample holds both answers and exercises the shortcut.
    EXPECT_GT(valid, 150) << region;
    EXPECT_GT(skipped, 1000) << region;
  }
}

TEST(NumberingPlans, NanpShapeCheckExamples) {
  EXPECT_TRUE(may_be_valid_nanp("4155550132"));
  EXPECT_TRUE(may_be_valid_nanp("14155550132"));
  EXPECT_TRUE(may_be_valid_nanp("011442079460958"));
  EXPECT_FALSE(may_be_valid_nanp("4151550132"));   // exchange opens with 1
  EXPECT_FALSE(may_be_valid_nanp("02079460958"));  // a trunk '0'
  EXPECT_FALSE(may_be_valid_nanp("42424242"));
}

// Every region the national-format retry covers, in no particular order.
constexpr const char* kAllNationalFormatRegions[] = {"GB", "DE", "FR", "JP", "KR", "BR", "AU", "IN",
                                                     "CN", "NL", "BE", "CH", "AT", "IE", "NZ", "ZA",
                                                     "TR", "SE", "IT", "ES", "MX", "RU"};

bool valid_in_any_region_slowly(const NumberingPlans& plans, const std::string& written) {
  for (const char* region : kAllNationalFormatRegions) {
    PhoneNumber number;
    if (region != plans.default_region() && plans.parses_as_valid(written, region, number))
      return true;
  }
  return false;
}

TEST(NumberingPlans, GroupedRegionsAnswerLikeEveryRegionParsedAlone) {
  std::mt19937 random(7946);
  static constexpr const char* kOpenings[] = {"0",    "0",    "0",   "00",  "000",
                                              "0044", "0011", "010", "810", "8"};
  for (const char* default_region : {"US", "GB", "IT"}) {
    const NumberingPlans plans(default_region);
    int valid = 0;
    for (int i = 0; i < 900; ++i) {
      std::string written = written_with_separators(
          kOpenings[random() % 10] + random_digits(5 + random() % 8, random), random);
      // Area codes in parentheses: "(020) 7946 0321", "(11) 98123-4570".
      if (i % 7 == 0) {
        std::string parenthesized = "(";
        parenthesized.append(written, 0, 3).append(") ").append(written, 3);
        written = std::move(parenthesized);
      }
      const bool slow = valid_in_any_region_slowly(plans, written);
      EXPECT_EQ(plans.valid_in_a_national_format_region(written), slow)
          << default_region << " " << written;
      valid += slow ? 1 : 0;
    }
    EXPECT_GT(valid, 100) << default_region;
  }
}

TEST(NumberingPlans, NationalNumbersFromSeveralCountries) {
  const NumberingPlans plans("US");
  for (const char* written : {"020 7946 0321", "030 901820", "(11) 98123-4570", "03-5555-0182",
                              "02 9374 4000", "06 12 34 56 78", "0044 20 7946 0958"})
    EXPECT_EQ(plans.valid_in_a_national_format_region(written),
              valid_in_any_region_slowly(plans, written))
        << written;
}

}  // namespace
}  // namespace hearth::privacy::structured
