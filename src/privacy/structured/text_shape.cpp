#include "text_shape.h"

#include <array>
#include <cmath>
#include <cstdint>

namespace hearth::privacy::structured {

std::string to_lower_ascii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) c = to_lower_ascii(c);
  return lower;
}

bool contains_ignoring_case(std::string_view haystack, std::string_view needle) {
  if (needle.empty()) return true;
  if (needle.size() > haystack.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= haystack.size(); ++i) {
    std::size_t j = 0;
    while (j < needle.size() && to_lower_ascii(haystack[i + j]) == to_lower_ascii(needle[j])) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

bool all_of_digits(std::string_view text) {
  for (char c : text)
    if (!is_digit(c)) return false;
  return !text.empty();
}

bool all_of_hex(std::string_view text) {
  for (char c : text)
    if (!is_hex_digit(c)) return false;
  return !text.empty();
}

std::size_t count_digits(std::string_view text) {
  std::size_t digits = 0;
  for (char c : text) digits += is_digit(c) ? 1 : 0;
  return digits;
}

double shannon_entropy(std::string_view text) {
  if (text.empty()) return 0;
  std::array<std::size_t, 256> counts{};
  for (char c : text) ++counts[static_cast<unsigned char>(c)];
  double entropy = 0;
  const double total = static_cast<double>(text.size());
  for (std::size_t count : counts) {
    if (count == 0) continue;
    const double p = static_cast<double>(count) / total;
    entropy -= p * std::log2(p);
  }
  return entropy;
}

int character_class_count(std::string_view text) {
  bool lower = false, upper = false, digit = false, other = false;
  for (char c : text) {
    lower |= is_lower(c);
    upper |= is_upper(c);
    digit |= is_digit(c);
    other |= !is_alnum(c);
  }
  return int{lower} + int{upper} + int{digit} + int{other};
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position ? text[i] != '-' : !is_hex_digit(text[i])) return false;
  }
  return true;
}

namespace {

bool one_repeated_character(std::string_view text) {
  for (char c : text)
    if (c != text.front()) return false;
  return true;
}

bool wrapped_in(std::string_view text, char open, char close) {
  return text.size() >= 2 && text.front() == open && text.back() == close;
}

}  // namespace

bool is_placeholder_value(std::string_view value) {
  if (value.empty() || one_repeated_character(value)) return true;
  if (wrapped_in(value, '<', '>') || wrapped_in(value, '[', ']') || wrapped_in(value, '{', '}') ||
      wrapped_in(value, '%', '%') || wrapped_in(value, '(', ')'))
    return true;
  if (value.front() == '$' || value.find("${") != std::string_view::npos ||
      value.find("{{") != std::string_view::npos)
    return true;
  // Masked values keep a few real characters around a run of the mask.
  if (value.find("***") != std::string_view::npos || value.find("...") != std::string_view::npos ||
      value.find("\xE2\x80\xA2\xE2\x80\xA2") != std::string_view::npos ||  // ••
      value.find("\xE2\x80\xA6") != std::string_view::npos)                // …
    return true;
  static constexpr std::string_view kTemplateFragments[] = {
      "your",      "example",  "placeholder", "changeme", "change_me",
      "change-me", "redacted", "xxxx",        "dummy",    "replace"};
  for (std::string_view fragment : kTemplateFragments)
    if (contains_ignoring_case(value, fragment)) return true;
  static constexpr std::string_view kTemplateWords[] = {
      "password", "passwd", "pass",   "pwd",      "secret",   "token",     "key",
      "changeit", "null",   "nil",    "none",     "true",     "false",     "undefined",
      "empty",    "hidden", "masked", "required", "optional", "string",    "str",
      "int",      "bool",   "todo",   "tbd",      "n/a",      "secretstr", "sample"};
  const std::string lower = to_lower_ascii(value);
  for (std::string_view word : kTemplateWords)
    if (lower == word) return true;
  return false;
}

bool looks_like_documentation_token(std::string_view body) {
  // Keys printed in providers' public documentation and quick-starts (Stripe's
  // test-mode samples): a key anyone can copy from there guards nothing.
  static constexpr std::string_view kPublishedKeys[] = {
      "sk_test_4eC39HqLyjWDarjtT1zdp7dc", "pk_test_TYooMQauvdEDq54NiTphI7jx",
      "sk_test_BQokikJOvBiI2HlWgH4olfQ2", "pk_test_6pRNASCoBOKtIshFeQd4XMUh"};
  for (std::string_view key : kPublishedKeys)
    if (body == key) return true;
  if (contains_ignoring_case(body, "example") || contains_ignoring_case(body, "xxxx") ||
      contains_ignoring_case(body, "your") || contains_ignoring_case(body, "dummy") ||
      contains_ignoring_case(body, "fake") || contains_ignoring_case(body, "sample"))
    return true;
  std::size_t run = 1, ascending = 0;
  for (std::size_t i = 1; i < body.size(); ++i) {
    run = body[i] == body[i - 1] ? run + 1 : 1;
    if (run >= 6) return true;
    if (body[i] == body[i - 1] + 1) ++ascending;
  }
  if (body.size() >= 8 && ascending * 2 >= body.size()) return true;
  std::array<bool, 256> seen{};
  std::size_t distinct = 0;
  for (char c : body) {
    auto& flag = seen[static_cast<unsigned char>(c)];
    distinct += flag ? 0 : 1;
    flag = true;
  }
  return body.size() >= 16 && distinct < 6;
}

std::optional<std::string> decode_base64url(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string decoded;
  decoded.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value;
    if (is_upper(c))
      value = c - 'A';
    else if (is_lower(c))
      value = c - 'a' + 26;
    else if (is_digit(c))
      value = c - '0' + 52;
    else if (c == '-' || c == '+')
      value = 62;
    else if (c == '_' || c == '/')
      value = 63;
    else
      return std::nullopt;
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      decoded.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return decoded;
}

}  // namespace hearth::privacy::structured
