#include "comparison.h"

#include <fmt/format.h>

#include <cmath>

#include "hearth/util/error.h"
#include "python_text.h"

namespace hearth::chat::jinja {
namespace {

// int64 converts to long double exactly, so mixed int and float comparisons
// are exact as in Python.
long double exact_number(const Value& value) {
  return value.is_floating() ? static_cast<long double>(value.as_floating())
                             : static_cast<long double>(value.integral_value());
}

bool sequences_equal(const Array& a, const Array& b) {
  if (a.is_tuple != b.is_tuple || a.items.size() != b.items.size()) return false;
  for (std::size_t i = 0; i < a.items.size(); ++i) {
    if (!python_equal(a.items[i], b.items[i])) return false;
  }
  return true;
}

bool dicts_equal(const Dict& a, const Dict& b) {
  if (a.size() != b.size()) return false;
  for (const auto& [key, value] : a.entries()) {
    const Value* other = b.find(key);
    if (other == nullptr || !python_equal(value, *other)) return false;
  }
  return true;
}

[[noreturn]] void raise_unorderable(const Value& a, const Value& b) {
  raise(ErrorKind::invalid_argument, "'<' not supported between instances of '{}' and '{}'",
        a.type_name(), b.type_name());
}

}  // namespace

bool python_equal(const Value& a, const Value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_integral() && b.is_integral()) return a.integral_value() == b.integral_value();
    return exact_number(a) == exact_number(b);
  }
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case Value::Kind::undefined:
    case Value::Kind::none:
      return true;
    case Value::Kind::string:
      return a.as_string() == b.as_string();
    case Value::Kind::array:
      return &a.as_array() == &b.as_array() || sequences_equal(a.as_array(), b.as_array());
    case Value::Kind::dict:
      return &a.as_dict() == &b.as_dict() || dicts_equal(a.as_dict(), b.as_dict());
    default:
      return a.identity() == b.identity();
  }
}

bool python_less(const Value& a, const Value& b) {
  if (a.is_undefined()) a.raise_undefined();
  if (b.is_undefined()) b.raise_undefined();
  if (a.is_number() && b.is_number()) {
    if (a.is_integral() && b.is_integral()) return a.integral_value() < b.integral_value();
    return exact_number(a) < exact_number(b);
  }
  if (a.is_string() && b.is_string()) {
    // Code point order is the byte order of UTF-8.
    return a.as_string() < b.as_string();
  }
  if (a.is_array() && b.is_array() && a.is_tuple() == b.is_tuple()) {
    const auto& left = a.as_array().items;
    const auto& right = b.as_array().items;
    for (std::size_t i = 0; i < left.size() && i < right.size(); ++i) {
      if (!python_equal(left[i], right[i])) return python_less(left[i], right[i]);
    }
    return left.size() < right.size();
  }
  raise_unorderable(a, b);
}

std::string hash_key(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::undefined:
      return "u";
    case Value::Kind::none:
      return "n";
    case Value::Kind::boolean:
    case Value::Kind::integer:
      return fmt::format("i{}", value.integral_value());
    case Value::Kind::floating: {
      const double number = value.as_floating();
      if (std::isfinite(number) && number == std::trunc(number) && std::fabs(number) < 9.2e18) {
        return fmt::format("i{}", static_cast<std::int64_t>(number));
      }
      std::string key = "f";
      key += float_repr(number);
      return key;
    }
    case Value::Kind::string: {
      std::string key = "s";
      key += value.as_string();
      return key;
    }
    case Value::Kind::array: {
      if (!value.is_tuple()) break;
      std::string key = "t(";
      for (const Value& item : value.as_array().items) {
        const std::string item_key = hash_key(item);
        key += fmt::format("{}:{}", item_key.size(), item_key);
      }
      key += ')';
      return key;
    }
    case Value::Kind::dict:
      break;
    default:
      return fmt::format("p{}", value.identity());
  }
  raise(ErrorKind::invalid_argument, "unhashable type: '{}'", value.type_name());
}

}  // namespace hearth::chat::jinja
