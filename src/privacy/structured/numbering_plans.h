// Which numbering plans accept a phone number, asked of libphonenumber as
// rarely as its answer allows: parsing and validating costs tens of
// microseconds, most of it in ICU regular expressions.
//
// - In a North American default region a number can only be valid when its
//   digits have the NANP shape (NPA-NXX-XXXX, neither part opening with 0
//   or 1, optionally behind a 1), so other digit strings skip the parse.
// - A nationally written number is tried against the regions that write
//   numbers with a trunk '0' or an area code in parentheses. Regions that
//   libphonenumber parses by identical rules (the same international and
//   national prefixes) turn the same text into the same national number
//   (or, where a trunk '0' may stay, one of two), so one parse serves the
//   whole group and each region validates those readings under its own
//   country code; a region parses for itself only when just the reading
//   with the trunk '0' fits its plan.
//
// Both shortcuts give the answers that parsing in every region gives; the
// tests check them against that slow path.
#pragma once

#include <string>
#include <string_view>

namespace i18n::phonenumbers {
class PhoneNumber;
class PhoneNumberUtil;
}  // namespace i18n::phonenumbers

namespace hearth::privacy::structured {

class NumberingPlans {
 public:
  // default_region: upper-case ISO 3166 alpha-2 that libphonenumber knows.
  explicit NumberingPlans(std::string default_region);

  const std::string& default_region() const { return default_region_; }

  // Parses written (digits, spaces, - . / ( ) and an optional leading '+')
  // as a number of the default region and validates it; number receives
  // the parse.
  bool valid_in_default_region(std::string_view written,
                               i18n::phonenumbers::PhoneNumber& number) const;

  // True when a region other than the default one, of those that write
  // national numbers with a trunk '0' or parentheses, accepts written.
  bool valid_in_a_national_format_region(std::string_view written) const;

  // The slow path the shortcuts above must agree with: parse and validate
  // in one region.
  bool parses_as_valid(std::string_view written, const std::string& region,
                       i18n::phonenumbers::PhoneNumber& number) const;

 private:
  bool valid_with_country_code(i18n::phonenumbers::PhoneNumber number, int country_code) const;

  const i18n::phonenumbers::PhoneNumberUtil* util_;
  std::string default_region_;
  bool default_region_is_nanp_;
};

// False only for digit strings no NANP region can accept when dialled
// without a '+': ten digits NPA-NXX-XXXX with NPA and NXX starting 2-9,
// behind at most two 1s (country code, trunk prefix), unless the string
// starts with the international prefix 011.
bool may_be_valid_nanp(std::string_view digits);

}  // namespace hearth::privacy::structured
