// Python string operations that both str methods and Jinja filters use.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "render_budget.h"
#include "value.h"

namespace hearth::chat::jinja {

// str.strip(chars) and its one-sided kin: `chars` none (or undefined) strips
// whitespace as str.isspace() sees it, a str strips its characters. Throws
// Error(invalid_argument) for other `chars`; `method` names the caller in it.
std::string python_strip(std::string_view text, const Value& chars, bool left, bool right,
                         std::string_view method);

// str.replace(old, replacement, count); a negative count replaces all, an
// empty `old` inserts between characters. Refuses a result over the budget's
// string limit before building it.
std::string python_replace(std::string_view text, std::string_view old,
                           std::string_view replacement, std::int64_t count, RenderBudget& budget);

// str.splitlines(keepends): splits at "\n", "\r\n", "\r" and the other
// line boundaries Python knows (\v, \f, \x1c-\x1e, \x85, U+2028, U+2029).
std::vector<std::string> python_splitlines(std::string_view text, bool keep_ends);

// str.title(): a cased character after an uncased one starts a word.
std::string python_title(std::string_view text);

// str.capitalize(): the first character title-cased, the rest lower-cased.
std::string python_capitalize(std::string_view text);

}  // namespace hearth::chat::jinja
