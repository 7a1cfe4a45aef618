// Payment cards, IBANs and US social security numbers: digit runs whose
// check digits or issuing rules confirm them, and whose neighbouring words
// ("card", "SSN" / "order", "invoice") move the confidence.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "../detection.h"

namespace hearth::privacy::structured {

// end: after a run of 9 or 13-19 digits: a card number, or an SSN next to
// an SSN context word.
std::optional<Detection> confirm_digit_run(std::string_view text, std::size_t end);

// Normalized: the digits only.
std::optional<Detection> confirm_credit_card(std::string_view text, std::size_t begin,
                                             std::size_t end);
// Normalized: upper case without spaces. A candidate longer than the
// country's IBAN is cut back to it at a group boundary.
std::optional<Detection> confirm_iban(std::string_view text, std::size_t begin, std::size_t end);
// nine_bare_digits: the candidate has no separators, so it is only an SSN
// next to an SSN context word. Normalized: the nine digits.
std::optional<Detection> confirm_ssn(std::string_view text, std::size_t begin, std::size_t end,
                                     bool nine_bare_digits);

// True when the digits run on past the candidate as part of a longer
// separated number ("1234-5678-9012-3456-7890", "10.0.0.1.5").
bool continues_number(std::string_view text, std::size_t begin, std::size_t end);

}  // namespace hearth::privacy::structured
