// Telephone numbers: a cheap shape check first (digit count, dates, IP
// addresses, version strings), then libphonenumber decides whether the
// number exists in the numbering plan of its country (or of the default
// region when it has no country code); numbering_plans.h keeps those
// questions few.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "../detection.h"
#include "numbering_plans.h"

namespace hearth::privacy::structured {

class PhoneRecognizer {
 public:
  // default_region: ISO 3166 alpha-2, used for numbers without a "+" prefix.
  // Throws hearth::Error (invalid_argument) for a region libphonenumber does
  // not know.
  explicit PhoneRecognizer(std::string default_region);

  // Where the run of phone bytes (digits, + ( ) - . / space) that ends at
  // end begins: the phone pattern reports only ends. npos when the run
  // reaches further back than kMaxWrittenLength: a longer run of numbers is
  // a table or a list, and examining every end inside it would cost
  // libphonenumber-sized work per digit (phone numbers listed with single
  // spaces between them are missed for the same reason).
  static std::size_t start_before(std::string_view text, std::size_t end);
  static constexpr std::size_t kMaxWrittenLength = 26;

  // Confirms text[begin, end) or, when that fails, the same text with
  // trailing or leading groups dropped ("415-555-0132 12" holds a number
  // followed by a count). Normalized: E.164.
  std::optional<Detection> confirm(std::string_view text, std::size_t begin, std::size_t end) const;

 private:
  static bool is_phone_byte(char c);
  std::optional<Detection> confirm_exactly(std::string_view text, std::size_t begin,
                                           std::size_t end) const;

  const i18n::phonenumbers::PhoneNumberUtil* util_;
  NumberingPlans plans_;
};

}  // namespace hearth::privacy::structured
