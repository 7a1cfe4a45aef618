#include "value_text.h"

#include <charconv>
#include <cstddef>
#include <utility>

namespace hearth::config::detail {
namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The scale of a unit suffix; nullopt for an unknown one.
template <std::size_t N>
std::optional<double> unit_scale(std::string_view unit,
                                 const std::pair<std::string_view, double> (&units)[N]) {
  for (const auto& [name, scale] : units) {
    if (unit == name) return scale;
  }
  return std::nullopt;
}

// A decimal number at the start of a text: digits, optionally a '.' and more
// digits.
struct LeadingNumber {
  double value = 0;
  std::size_t length = 0;
};

std::optional<LeadingNumber> leading_number(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() && is_digit(text[end])) ++end;
  if (end == 0) return std::nullopt;
  if (end < text.size() && text[end] == '.') {
    std::size_t fraction_end = end + 1;
    while (fraction_end < text.size() && is_digit(text[fraction_end])) ++fraction_end;
    if (fraction_end == end + 1) return std::nullopt;  // "1." is not a number here
    end = fraction_end;
  }
  LeadingNumber number;
  const auto [stop, error] =
      std::from_chars(text.data(), text.data() + end, number.value, std::chars_format::fixed);
  if (error != std::errc() || stop != text.data() + end) return std::nullopt;
  number.length = end;
  return number;
}

}  // namespace

std::optional<double> parse_duration_text(std::string_view text) {
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"ms", 1.0}, {"s", 1e3}, {"m", 60e3}, {"h", 3600e3}, {"d", 86400e3}};
  const std::optional<LeadingNumber> number = leading_number(text);
  if (!number) return std::nullopt;
  const std::string_view unit = text.substr(number->length);
  if (unit.empty()) {
    if (number->value == 0) return 0.0;
    return std::nullopt;  // "30" could mean seconds or milliseconds: say which
  }
  const std::optional<double> scale = unit_scale(unit, kUnits);
  if (!scale) return std::nullopt;
  return number->value * *scale;
}

std::optional<double> parse_size_text(std::string_view text) {
  static constexpr std::pair<std::string_view, double> kUnits[] = {
      {"B", 1.0},
      {"KiB", 1024.0},
      {"MiB", 1024.0 * 1024},
      {"GiB", 1024.0 * 1024 * 1024},
      {"TiB", 1024.0 * 1024 * 1024 * 1024},
      {"KB", 1e3},
      {"MB", 1e6},
      {"GB", 1e9},
      {"TB", 1e12}};
  const std::optional<LeadingNumber> number = leading_number(text);
  if (!number) return std::nullopt;
  std::string_view unit = text.substr(number->length);
  if (unit.empty()) return number->value;
  if (unit.front() == ' ') unit.remove_prefix(1);
  const std::optional<double> scale = unit_scale(unit, kUnits);
  if (!scale) return std::nullopt;
  return number->value * *scale;
}

}  // namespace hearth::config::detail
