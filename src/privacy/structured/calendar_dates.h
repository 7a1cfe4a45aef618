// Reads one calendar date at a given position, in the ways people write
// birth dates: 1985-03-14, 14/03/1985, 03/14/85, 14.03.1985, 19850314,
// March 14, 1985, 14 March 1985, 14th of March 1985, 14-Mar-1985.
#pragma once

#include <cstddef>
#include <string_view>

namespace hearth::privacy::structured {

// The length of the date that starts exactly at text[at], 0 when none does.
// Month and day are range-checked (including the length of each month) and
// the date must end at a word boundary.
std::size_t date_length_at(std::string_view text, std::size_t at);

}  // namespace hearth::privacy::structured
