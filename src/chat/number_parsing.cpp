#include "number_parsing.h"

#include <charconv>
#include <limits>
#include <string>

#include "hearth/util/error.h"
#include "unicode.h"

namespace hearth::chat::jinja {
namespace {

std::string_view strip_spaces(std::string_view text) {
  std::size_t begin = 0;
  while (begin < text.size()) {
    std::size_t next = begin;
    if (!is_python_space(decode_utf8(text, next))) break;
    begin = next;
  }
  std::size_t end = begin;
  for (std::size_t position = begin; position < text.size();) {
    if (!is_python_space(decode_utf8(text, position))) end = position;
  }
  return text.substr(begin, end - begin);
}

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return 99;
}

// Digits in `base` with single underscores between them; false otherwise.
bool take_digits(std::string_view text, int base, std::string& digits) {
  if (text.empty()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '_') {
      if (i == 0 || i + 1 == text.size() || text[i + 1] == '_') return false;
      continue;
    }
    if (digit_value(text[i]) >= base) return false;
    digits += text[i];
  }
  return true;
}

bool equals_ignoring_case(std::string_view text, std::string_view word) {
  if (text.size() != word.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((text[i] | 0x20) != word[i]) return false;
  }
  return true;
}

}  // namespace

std::optional<std::int64_t> parse_python_int(std::string_view text, int base) {
  text = strip_spaces(text);
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  if (text.size() >= 2 && text[0] == '0') {
    const char prefix = static_cast<char>(text[1] | 0x20);
    if ((prefix == 'x' && base == 16) || (prefix == 'o' && base == 8) ||
        (prefix == 'b' && base == 2)) {
      text.remove_prefix(2);
      if (!text.empty() && text[0] == '_') text.remove_prefix(1);
    }
  }
  std::string digits;
  if (!take_digits(text, base, digits)) return std::nullopt;
  std::uint64_t magnitude = 0;
  const auto result =
      std::from_chars(digits.data(), digits.data() + digits.size(), magnitude, base);
  const std::uint64_t limit =
      static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negative ? 1 : 0);
  if (result.ec == std::errc::result_out_of_range || magnitude > limit) {
    raise(ErrorKind::unsupported, "integer '{}' does not fit in 64 bits", text);
  }
  return negative ? static_cast<std::int64_t>(~magnitude + 1)
                  : static_cast<std::int64_t>(magnitude);
}

std::optional<double> parse_python_float(std::string_view text) {
  text = strip_spaces(text);
  bool negative = false;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  const double sign = negative ? -1.0 : 1.0;
  if (equals_ignoring_case(text, "inf") || equals_ignoring_case(text, "infinity")) {
    return sign * std::numeric_limits<double>::infinity();
  }
  if (equals_ignoring_case(text, "nan")) return std::numeric_limits<double>::quiet_NaN();
  // mantissa: digits [. [digits]] or . digits; then [e [sign] digits]
  std::string normalized;
  const std::size_t exponent_at = text.find_first_of("eE");
  const std::string_view mantissa = text.substr(0, exponent_at);
  const std::size_t point = mantissa.find('.');
  const std::string_view whole = mantissa.substr(0, point);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : mantissa.substr(point + 1);
  if (whole.empty() && fraction.empty()) return std::nullopt;
  if (!whole.empty() && !take_digits(whole, 10, normalized)) return std::nullopt;
  if (point != std::string_view::npos) {
    normalized += '.';
    if (!fraction.empty() && !take_digits(fraction, 10, normalized)) return std::nullopt;
  }
  if (exponent_at != std::string_view::npos) {
    std::string_view exponent = text.substr(exponent_at + 1);
    normalized += 'e';
    if (!exponent.empty() && (exponent[0] == '+' || exponent[0] == '-')) {
      normalized += exponent[0];
      exponent.remove_prefix(1);
    }
    if (!take_digits(exponent, 10, normalized)) return std::nullopt;
  }
  double value = 0;
  const auto result =
      std::from_chars(normalized.data(), normalized.data() + normalized.size(), value);
  if (result.ec == std::errc::result_out_of_range) {
    const bool tiny = normalized.find("e-") != std::string::npos;
    value = tiny ? 0.0 : std::numeric_limits<double>::infinity();
  } else if (result.ec != std::errc()) {
    return std::nullopt;
  }
  return sign * value;
}

}  // namespace hearth::chat::jinja
