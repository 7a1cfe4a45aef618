// Reading the value of an assignment in config files, code, logs and JSON:
// `password = "x"`, `"client_secret": "x"`, `DB_PASSWORD=x`, `token: x`.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace hearth::privacy::structured {

struct AssignedValue {
  std::size_t begin = 0;  // the value, without its quotes
  std::size_t end = 0;
  bool quoted = false;
};

// The value starting at `at` (after the separator; leading spaces and tabs
// are skipped, never a line break). A quoted value runs to its closing quote
// on the same line (backslash escapes honoured); an unquoted one to the first
// space, quote, or `;` `,` `<` `>` or an `&` that starts the next query
// parameter, minus unbalanced closing brackets. A value that is an object
// holding a "value" field (`"password": {"value": "x"}`) is that field's,
// and a literal in a type conversion (`Buffer.from('x')`, `b"x"`) is the
// literal.
// nullopt when nothing or an unterminated quote follows, or the value is
// longer than max_length.
std::optional<AssignedValue> read_assigned_value(std::string_view text, std::size_t at,
                                                 std::size_t max_length);

// The name being assigned: the run of name bytes (letters, digits, _ . -)
// that ends right before the separator that ends at separator_end, with the
// separator, spaces and a closing quote skipped. Empty when there is none.
std::string_view assigned_name_before(std::string_view text, std::size_t separator_end);

}  // namespace hearth::privacy::structured
