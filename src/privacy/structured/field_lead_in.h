// Reading a field's value after its name: the separators, notes and short
// filler words between "Passport No. (DE):" and the number, and where a
// value's token ends. Shared by the keyword, postal code and table readers.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace hearth::privacy::structured {

// Skips separators, a parenthesized note without digits and the short words
// that sit between a field name and its value ("Passport No.: ", "DOB is ",
// "licence number = "). Returns the position of the value, or npos when
// something else comes first or nothing comes within a field's lead-in.
std::size_t value_start_after(std::string_view text, std::size_t at,
                              std::initializer_list<std::string_view> filler_words);

// True when a token ending at end is not followed by a letter or digit.
bool ends_token(std::string_view text, std::size_t end);

}  // namespace hearth::privacy::structured
