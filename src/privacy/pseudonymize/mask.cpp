#include "mask.h"

#include <cstddef>

namespace hearth::privacy {
namespace {

constexpr std::size_t kKeptDigits = 4;

bool is_separator(char c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\v':
    case '\f':
    case '-':
    case '.':
    case '@':
    case ':':
    case '/':
    case '(':
    case ')':
    case '+':
      return true;
    default:
      return false;
  }
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

bool is_continuation(char c) {
  return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u;
}

// Bytes of the well-formed UTF-8 sequence at text[at], or 1 for a byte that
// does not start one (so invalid input is masked byte by byte).
std::size_t sequence_length(std::string_view text, std::size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  std::size_t length = 1;
  unsigned char second_min = 0x80;
  unsigned char second_max = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) second_min = 0xA0;  // overlong
    if (lead == 0xED) second_max = 0x9F;  // surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) second_min = 0x90;  // overlong
    if (lead == 0xF4) second_max = 0x8F;  // past U+10FFFF
  } else {
    return 1;
  }
  if (text.size() - at < length) return 1;
  const auto second = static_cast<unsigned char>(text[at + 1]);
  if (second < second_min || second > second_max) return 1;
  for (std::size_t k = 2; k < length; ++k) {
    if (!is_continuation(text[at + k])) return 1;
  }
  return length;
}

bool keeps_last_digits(EntityType type) {
  return type == EntityType::credit_card || type == EntityType::iban;
}

// The byte offset from which digits are kept: that of the fourth digit from
// the end, or the end when no digits are kept.
std::size_t first_kept_digit(EntityType type, std::string_view value) {
  if (!keeps_last_digits(type)) return value.size();
  std::size_t seen = 0;
  for (std::size_t at = value.size(); at > 0; --at) {
    if (is_digit(value[at - 1]) && ++seen == kKeptDigits) return at - 1;
  }
  // Fewer than four digits: keeping them all would reveal the whole number.
  return value.size();
}

}  // namespace

std::string mask_value(EntityType type, std::string_view value) {
  const std::size_t kept_from = first_kept_digit(type, value);
  std::string masked;
  masked.reserve(value.size());
  std::size_t at = 0;
  while (at < value.size()) {
    const char c = value[at];
    if (is_separator(c) || (at >= kept_from && is_digit(c))) {
      masked += c;
      ++at;
      continue;
    }
    masked += '*';
    at += sequence_length(value, at);
  }
  return masked;
}

}  // namespace hearth::privacy
