// Python's str() and repr() of template values: what {{ value }} prints.
//
// {{ 1.0 }} prints "1.0", {{ none }} "None", {{ [1, 'a'] }} "[1, 'a']": a
// template is rendered by Python, so the text of a value is Python's.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>

#include "value.h"

namespace hearth::chat::jinja {

inline constexpr std::size_t kNoSizeLimit = std::numeric_limits<std::size_t>::max();

// str(value); an undefined value is the empty string. A list or dict whose
// text would pass `max_bytes` throws Error(resource_exhausted) instead: a
// short list can hold the same long string many times.
std::string to_str(const Value& value, std::size_t max_bytes = kNoSizeLimit);
void append_str(std::string& out, const Value& value, std::size_t max_bytes = kNoSizeLimit);

// repr(value), as lists and dicts show their items.
std::string to_repr(const Value& value, std::size_t max_bytes = kNoSizeLimit);

// repr(float): the shortest text that reads back as the same double, in
// fixed notation from 1e-4 up to 1e16 and scientific outside ("1e-05").
std::string float_repr(double value);

// repr(str): quoted with ' (or " when that avoids escaping), with escapes
// for backslashes, control and unprintable characters.
std::string string_repr(std::string_view text);

}  // namespace hearth::chat::jinja
