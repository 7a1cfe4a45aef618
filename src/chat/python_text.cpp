#include "python_text.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <string>

#include "hearth/util/error.h"
#include "unicode.h"

namespace hearth::chat::jinja {
namespace {

void append_repr(std::string& out, const Value& value, std::size_t depth, std::size_t max_bytes);

void check_size(const std::string& out, std::size_t max_bytes) {
  if (out.size() > max_bytes) {
    raise(ErrorKind::resource_exhausted, "the text of a value is over {} bytes", max_bytes);
  }
}

void append_items_repr(std::string& out, const Value& value, std::size_t depth,
                       std::size_t max_bytes) {
  // Namespaces can hold themselves, so nesting is checked here as well.
  if (depth > kMaxNesting) {
    raise(ErrorKind::resource_exhausted, "values nested more than {} deep cannot be printed",
          kMaxNesting);
  }
  if (value.is_array()) {
    const Array& array = value.as_array();
    out += array.is_tuple ? '(' : '[';
    for (std::size_t i = 0; i < array.items.size(); ++i) {
      if (i > 0) out += ", ";
      append_repr(out, array.items[i], depth + 1, max_bytes);
      check_size(out, max_bytes);
    }
    if (array.is_tuple && array.items.size() == 1) out += ',';
    out += array.is_tuple ? ')' : ']';
    return;
  }
  const Dict& dict = value.is_dict() ? value.as_dict() : value.as_namespace().attributes;
  out += '{';
  bool first = true;
  for (const auto& [key, item] : dict.entries()) {
    if (!first) out += ", ";
    first = false;
    out += string_repr(key);
    out += ": ";
    append_repr(out, item, depth + 1, max_bytes);
    check_size(out, max_bytes);
  }
  out += '}';
}

void append_repr(std::string& out, const Value& value, std::size_t depth, std::size_t max_bytes) {
  switch (value.kind()) {
    case Value::Kind::undefined:
      out += "Undefined";
      return;
    case Value::Kind::string:
      out += string_repr(value.as_string());
      return;
    case Value::Kind::array:
    case Value::Kind::dict:
      append_items_repr(out, value, depth, max_bytes);
      return;
    case Value::Kind::namespace_object:
      out += "<Namespace ";
      append_items_repr(out, value, depth, max_bytes);
      out += '>';
      return;
    default:
      append_str(out, value);
      return;
  }
}

}  // namespace

std::string float_repr(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  // The shortest round-trip digits, in the form "d.ddde±x".
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
  const std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  const std::size_t exponent_at = text.find('e');
  std::string_view mantissa = text.substr(0, exponent_at);
  const int exponent = std::stoi(std::string(text.substr(exponent_at + 1)));

  std::string out;
  if (!mantissa.empty() && mantissa.front() == '-') {
    out += '-';
    mantissa.remove_prefix(1);
  }
  std::string digits;
  for (const char c : mantissa) {
    if (c != '.') digits += c;
  }
  // Python writes value = 0.digits * 10^point in fixed notation when
  // -4 < point <= 16, otherwise in scientific notation.
  const int point = exponent + 1;
  if (point > -4 && point <= 16) {
    if (point <= 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-point), '0');
      out += digits;
    } else if (static_cast<std::size_t>(point) >= digits.size()) {
      out += digits;
      out.append(static_cast<std::size_t>(point) - digits.size(), '0');
      out += ".0";
    } else {
      out += digits.substr(0, static_cast<std::size_t>(point));
      out += '.';
      out += digits.substr(static_cast<std::size_t>(point));
    }
    return out;
  }
  out += digits.front();
  if (digits.size() > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += fmt::format("e{}{:02d}", exponent < 0 ? '-' : '+', std::abs(exponent));
  return out;
}

std::string string_repr(std::string_view text) {
  const bool has_single = text.find('\'') != std::string_view::npos;
  const bool has_double = text.find('"') != std::string_view::npos;
  const char quote = has_single && !has_double ? '"' : '\'';
  std::string out;
  out.reserve(text.size() + 2);
  out += quote;
  for (std::size_t position = 0; position < text.size();) {
    const auto byte = static_cast<unsigned char>(text[position]);
    if (byte >= 0x20 && byte < 0x7F && byte != static_cast<unsigned char>(quote) && byte != '\\') {
      out += static_cast<char>(byte);
      ++position;
      continue;
    }
    const std::size_t start = position;
    const char32_t c = decode_utf8(text, position);
    if (c == static_cast<char32_t>(quote) || c == U'\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == U'\t') {
      out += "\\t";
    } else if (c == U'\n') {
      out += "\\n";
    } else if (c == U'\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    } else if (c < 0x7F || is_python_printable(c)) {
      out.append(text.substr(start, position - start));
    } else if (c <= 0xFF) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
    } else if (c <= 0xFFFF) {
      out += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    } else {
      out += fmt::format("\\U{:08x}", static_cast<unsigned>(c));
    }
  }
  out += quote;
  return out;
}

void append_str(std::string& out, const Value& value, std::size_t max_bytes) {
  switch (value.kind()) {
    case Value::Kind::undefined:
      return;
    case Value::Kind::none:
      out += "None";
      return;
    case Value::Kind::boolean:
      out += value.as_boolean() ? "True" : "False";
      return;
    case Value::Kind::integer:
      out += fmt::format("{}", value.as_integer());
      return;
    case Value::Kind::floating:
      out += float_repr(value.as_floating());
      return;
    case Value::Kind::string:
      out += value.as_string();
      return;
    case Value::Kind::array:
    case Value::Kind::dict:
    case Value::Kind::namespace_object:
      append_repr(out, value, 0, max_bytes);
      return;
    case Value::Kind::callable:
      out += value.as_callable().description();
      return;
    case Value::Kind::loop: {
      const LoopState& loop = value.as_loop();
      out += fmt::format("<LoopContext {}/{}>", loop.index0 + 1, loop.items->items.size());
      return;
    }
    case Value::Kind::iterator: {
      // Python adds the object's address, which no two runs share.
      const IteratorState& iterator = value.as_iterator();
      out += fmt::format("<{} object{}{}>", iterator.python_type,
                         iterator.origin.empty() ? "" : " ", iterator.origin);
      return;
    }
  }
}

std::string to_str(const Value& value, std::size_t max_bytes) {
  if (value.is_string()) return value.as_string();
  std::string out;
  append_str(out, value, max_bytes);
  return out;
}

std::string to_repr(const Value& value, std::size_t max_bytes) {
  std::string out;
  append_repr(out, value, 0, max_bytes);
  return out;
}

}  // namespace hearth::chat::jinja
