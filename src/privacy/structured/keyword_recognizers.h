// Identifiers that are only identifiable next to a word saying what they
// are: birth dates ("DOB", "born on"), postal codes in an address or after
// "ZIP"/"postcode", passport and driver's licence numbers. The keyword is
// the Hyperscan anchor; the value is read after it, within a few bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "../detection.h"

namespace hearth::privacy::structured {

// keyword_end: where the context keyword's match ends.
std::optional<Detection> confirm_birth_date(std::string_view text, std::size_t keyword_end);
std::optional<Detection> confirm_postal_code_after_keyword(std::string_view text,
                                                           std::size_t keyword_end);
std::optional<Detection> confirm_passport_number(std::string_view text, std::size_t keyword_end);
std::optional<Detection> confirm_drivers_license_number(std::string_view text,
                                                        std::size_t keyword_end);
// keyword_end: after a bare "license"/"licence", which names a driving
// licence only in a record of identity documents.
std::optional<Detection> confirm_bare_license_number(std::string_view text,
                                                     std::size_t keyword_end);

// match_end: after the five digits of "CA 94107" / "NY, 10001"; a "-1234"
// after them is taken in as ZIP+4.
std::optional<Detection> confirm_zip_after_state(std::string_view text, std::size_t match_end);
// A code between a street line and its city, in the European order:
// ", 50933 Köln", ", 903 25 Umeå". match_end: after the city's first byte.
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

}  // namespace hearth::privacy::structured
