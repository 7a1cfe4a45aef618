// Python's int(text, base) and float(text), for the int and float filters.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace hearth::chat::jinja {

// int(text, base) for base 2 to 36 (a "0x" style prefix is accepted when it
// matches the base): surrounding whitespace, a sign and underscores between
// digits are allowed. Nothing when Python raises ValueError; throws
// Error(unsupported) for a valid number beyond 64 bits.
std::optional<std::int64_t> parse_python_int(std::string_view text, int base);

// float(text): decimal and scientific notation, "inf", "infinity" and "nan"
// in any case, with the same whitespace, sign and underscore rules.
std::optional<double> parse_python_float(std::string_view text);

}  // namespace hearth::chat::jinja
