// Identifiers that are only identifiable next to a word saying what they
// are: birth dates ("DOB", "born on"), passport and driver's licence
// numbers. The keyword is the Hyperscan anchor; the value is read after it,
// within a few bytes, or in the object the keyword names
// ("license": {"state": "NY", "number": "…"}). Postal codes have their own
// file, postal_code_recognizers.h.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "../detection.h"

namespace hearth::privacy::structured {

// keyword_end: where the context keyword's match ends.
std::optional<Detection> confirm_birth_date(std::string_view text, std::size_t keyword_end);
std::optional<Detection> confirm_passport_number(std::string_view text, std::size_t keyword_end);
std::optional<Detection> confirm_drivers_license_number(std::string_view text,
                                                        std::size_t keyword_end);
// keyword_end: after a bare "license"/"licence", which names a driving
// licence only in a record of identity documents.
std::optional<Detection> confirm_bare_license_number(std::string_view text,
                                                     std::size_t keyword_end);

// The length of a passport or driving licence number that starts exactly
// at text[at], 0 when none does: upper-case letters and digits, a licence
// also in digit groups ("S530-4612-9012").
std::size_t passport_number_length_at(std::string_view text, std::size_t at);
std::size_t drivers_license_length_at(std::string_view text, std::size_t at);

}  // namespace hearth::privacy::structured
