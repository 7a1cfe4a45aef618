// Byte-level facts about a piece of text that several recognizers share:
// character classes, Shannon entropy, placeholder and documentation values,
// base64url decoding. Everything here is ASCII-only on purpose: identifiers
// and secrets are ASCII, and any other byte simply fails the class tests.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hearth::privacy::structured {

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
inline bool is_upper(char c) {
  return c >= 'A' && c <= 'Z';
}
inline bool is_lower(char c) {
  return c >= 'a' && c <= 'z';
}
inline bool is_alpha(char c) {
  return is_upper(c) || is_lower(c);
}
inline bool is_alnum(char c) {
  return is_alpha(c) || is_digit(c);
}
inline bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// Letters, digits and underscore: what \b in the patterns treats as a word.
inline bool is_word_byte(char c) {
  return is_alnum(c) || c == '_';
}
inline char to_lower_ascii(char c) {
  return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c;
}
inline char to_upper_ascii(char c) {
  return is_lower(c) ? static_cast<char>(c - 'a' + 'A') : c;
}

std::string to_lower_ascii(std::string_view text);
bool contains_ignoring_case(std::string_view haystack, std::string_view needle);
bool all_of_digits(std::string_view text);
bool all_of_hex(std::string_view text);
std::size_t count_digits(std::string_view text);

// Shannon entropy of the byte distribution, in bits per byte.
double shannon_entropy(std::string_view text);

// How many of {lower-case, upper-case, digit, other} occur in text.
int character_class_count(std::string_view text);

// A canonical UUID (8-4-4-4-12 hex digits).
bool is_uuid(std::string_view text);

// Values that only stand in for a credential: empty, one repeated character
// ("********", "xxxx"), template syntax (<password>, ${VAR}, {{ var }}, %VAR%,
// $VAR), bracketed markers ([REDACTED]) and the words templates use
// (changeme, your_password_here, example, placeholder, ...).
bool is_placeholder_value(std::string_view value);

// Keys and tokens copied from documentation: the sample keys providers
// publish, anything containing EXAMPLE, XXXX, "your", a run of one
// character, or a mostly ascending sequence ("0123456789abcdef").
bool looks_like_documentation_token(std::string_view body);

// Decodes unpadded or padded base64url (also accepts the standard alphabet);
// nullopt when a byte outside the alphabet occurs.
std::optional<std::string> decode_base64url(std::string_view text);

}  // namespace hearth::privacy::structured
