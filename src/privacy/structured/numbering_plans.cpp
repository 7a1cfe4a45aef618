#include "numbering_plans.h"

#include <phonenumbers/phonenumberutil.h>

#include <cstdint>
#include <optional>
#include <span>

#include "text_shape.h"

namespace hearth::privacy::structured {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

// The regions whose plans write national numbers with a trunk '0' or a
// short area code in parentheses, grouped by how libphonenumber parses
// them (its metadata's international prefix, national prefix and national
// prefix for parsing). Inside a group every region turns a text into the
// same national number; across groups the rules differ, so each group
// parses once.
struct RegionGroup {
  std::span<const char* const> regions;
  // The national prefix '0' is stripped when parsing (false: no national
  // prefix, the '0' stays part of the number as in Italy).
  bool strips_trunk_zero;
};

// International prefix 00, national prefix 0, nothing else stripped.
constexpr const char* kTrunkZeroRegions[] = {"GB", "DE", "FR", "IN", "NL", "BE",
                                             "CH", "AT", "IE", "ZA", "TR", "SE"};
// International prefix 00, no national prefix.
constexpr const char* kNoTrunkPrefixRegions[] = {"IT", "ES"};
// Each with rules of its own: international prefixes 010, 0011, 810 or
// carrier-selection codes (KR, BR, CN, MX), national prefix 8 (RU).
constexpr const char* kJapan[] = {"JP"};
constexpr const char* kKorea[] = {"KR"};
constexpr const char* kBrazil[] = {"BR"};
constexpr const char* kAustralia[] = {"AU"};
constexpr const char* kChina[] = {"CN"};
constexpr const char* kNewZealand[] = {"NZ"};
constexpr const char* kMexico[] = {"MX"};
constexpr const char* kRussia[] = {"RU"};

constexpr RegionGroup kNationalFormatGroups[] = {{kTrunkZeroRegions, true},
                                                 {kNoTrunkPrefixRegions, false},
                                                 {kJapan, true},
                                                 {kKorea, true},
                                                 {kBrazil, true},
                                                 {kAustralia, true},
                                                 {kChina, true},
                                                 {kNewZealand, true},
                                                 {kMexico, true},
                                                 {kRussia, true}};

std::string digits_of(std::string_view written) {
  std::string digits;
  for (char c : written)
    if (is_digit(c)) digits.push_back(c);
  return digits;
}

// The parse with another national significant number, its leading zeros
// kept the way libphonenumber's parser records them.
PhoneNumber with_national_number(PhoneNumber number, std::string_view national) {
  number.clear_italian_leading_zero();
  number.clear_number_of_leading_zeros();
  if (national.size() > 1 && national.front() == '0') {
    number.set_italian_leading_zero(true);
    int zeros = 1;
    while (static_cast<std::size_t>(zeros) + 1 < national.size() && national[zeros] == '0') ++zeros;
    if (zeros != 1) number.set_number_of_leading_zeros(zeros);
  }
  std::uint64_t value = 0;
  for (char c : national) value = value * 10 + static_cast<std::uint64_t>(c - '0');
  number.set_national_number(value);
  return number;
}

}  // namespace

bool may_be_valid_nanp(std::string_view digits) {
  if (digits.starts_with("011")) return true;
  // Country code 1 and trunk prefix 1 both come off in front.
  while (!digits.empty() && digits.front() == '1') digits.remove_prefix(1);
  if (digits.size() == 10) return digits[0] >= '2' && digits[3] >= '2';
  // libphonenumber also accepts the seven-digit 310-XXXX service numbers.
  return digits.size() == 7 && digits[0] == '3';
}

NumberingPlans::NumberingPlans(std::string default_region)
    : util_(PhoneNumberUtil::GetInstance()),
      default_region_(std::move(default_region)),
      default_region_is_nanp_(util_->IsNANPACountry(default_region_)) {}

bool NumberingPlans::parses_as_valid(std::string_view written, const std::string& region,
                                     PhoneNumber& number) const {
  return util_->Parse(std::string(written), region, &number) == PhoneNumberUtil::NO_PARSING_ERROR &&
         util_->IsValidNumber(number);
}

bool NumberingPlans::valid_in_default_region(std::string_view written, PhoneNumber& number) const {
  if (default_region_is_nanp_ && written.front() != '+') {
    const std::string digits = digits_of(written);
    if (!may_be_valid_nanp(digits)) return false;
    // Ten digits opening with 2-9 carry neither the international prefix
    // 011 nor a country code or trunk 1: the parse would keep them whole
    // as the national number under country code 1, so only validation runs.
    if (digits.size() == 10 && digits.front() >= '2') {
      number = with_national_number(PhoneNumber(), digits);
      number.set_country_code(1);
      return util_->IsValidNumber(number);
    }
  }
  return parses_as_valid(written, default_region_, number);
}

bool NumberingPlans::valid_with_country_code(PhoneNumber number, int country_code) const {
  number.set_country_code(country_code);
  return util_->IsValidNumber(number);
}

bool NumberingPlans::valid_in_a_national_format_region(std::string_view written) const {
  const std::string input(written);
  const std::string digits = digits_of(written);
  if (digits.empty()) return false;
  for (const RegionGroup& group : kNationalFormatGroups) {
    // The first member other than the default region parses for the group.
    auto first = group.regions.begin();
    while (first != group.regions.end() && *first == default_region_) ++first;
    if (first == group.regions.end()) continue;
    PhoneNumber parsed;
    if (util_->Parse(input, *first, &parsed) != PhoneNumberUtil::NO_PARSING_ERROR) continue;
    if (util_->IsValidNumber(parsed)) return true;
    if (first + 1 == group.regions.end()) continue;
    std::string national;
    util_->GetNationalSignificantNumber(parsed, &national);
    const std::string_view after_trunk = std::string_view(digits).substr(1);
    const bool has_trunk_zero = group.strips_trunk_zero && digits.front() == '0';
    // Dialled with the international prefix: the number names its own
    // country, the same for every region of the group.
    if (national != digits && !(has_trunk_zero && national == after_trunk)) continue;
    // One reading per national number a member's parse can produce: the
    // digits as written, and without the trunk '0' where the group strips
    // it. libphonenumber keeps the '0' only when the shorter number does not
    // fit the region's plan, so a valid shorter reading is that region's
    // parse; a valid longer one may not be, and then the region parses.
    const PhoneNumber whole = national == digits ? parsed : with_national_number(parsed, digits);
    const std::optional<PhoneNumber> stripped =
        has_trunk_zero
            ? std::optional(national == after_trunk ? parsed
                                                    : with_national_number(parsed, after_trunk))
            : std::nullopt;
    for (auto region = first + 1; region != group.regions.end(); ++region) {
      if (*region == default_region_) continue;
      const int country_code = util_->GetCountryCodeForRegion(*region);
      if (stripped && valid_with_country_code(*stripped, country_code)) return true;
      if (!valid_with_country_code(whole, country_code)) continue;
      PhoneNumber number;
      if (!stripped || parses_as_valid(written, *region, number)) return true;
    }
  }
  return false;
}

}  // namespace hearth::privacy::structured
