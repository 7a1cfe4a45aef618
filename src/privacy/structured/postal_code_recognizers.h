// Postal codes: after a "ZIP"/"postcode" keyword, after a US state (its
// code or its name) or an Australian one, and the national shapes written
// in an address without a keyword: UK and Canadian postcodes, Irish
// Eircodes, and the European codes that sit between a street line and the
// city ("50933 Köln", "1015 CJ Amsterdam"). A bare number counts only where
// a street word on its line or the line above says it is an address.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "../detection.h"

namespace hearth::privacy::structured {

// The length of the postal code that starts exactly at text[at] (US ZIP and
// ZIP+4, Canadian, UK, Irish, Dutch 1234 AB, Brazilian, Japanese and the
// plain four-to-six digit codes), 0 when none does.
std::size_t postal_code_length_at(std::string_view text, std::size_t at);

// keyword_end: where "ZIP", "postcode", "PLZ", ... ends.
std::optional<Detection> confirm_postal_code_after_keyword(std::string_view text,
                                                           std::size_t keyword_end);
// match_end: after the five digits of "CA 94107" / "NY, 10001"; a "-1234"
// after them is taken in as ZIP+4.
std::optional<Detection> confirm_zip_after_state(std::string_view text, std::size_t match_end);
// match_end: after the five digits of "Maine 04101" / "Colorado,80206": the
// pattern names the state, so only the digits are checked.
std::optional<Detection> confirm_zip_after_state_name(std::string_view text, std::size_t match_end);
// match_end: after the four digits of "Parramatta NSW 2150".
std::optional<Detection> confirm_australian_postcode(std::string_view text, std::size_t match_end);
// A code between the street and its city, in the European order: after the
// comma that ends the street (", 50933 Köln", ", 903 25 Umeå") or opening
// the line below it ("Keizersgracht 123\n1015 CJ Amsterdam"). match_end:
// after the city's first byte.
std::optional<Detection> confirm_postal_code_before_city(std::string_view text,
                                                         std::size_t match_end);
// A code after its city at the end of an address line: "Rotorua 3010.",
// "Cape Town, 8001". match_end: after the byte that ends the code.
std::optional<Detection> confirm_postal_code_after_city(std::string_view text,
                                                        std::size_t match_end);
std::optional<Detection> confirm_uk_postcode(std::string_view text, std::size_t begin,
                                             std::size_t end);
std::optional<Detection> confirm_canadian_postcode(std::string_view text, std::size_t begin,
                                                   std::size_t end);
// begin, end: "D02 X285", spaced.
std::optional<Detection> confirm_eircode(std::string_view text, std::size_t begin, std::size_t end);

}  // namespace hearth::privacy::structured
