#include "assigned_values.h"

#include <algorithm>

#include "text_shape.h"

namespace hearth::privacy::structured {
namespace {

bool ends_unquoted_value(char c) {
  switch (c) {
    case ' ':
    case '\t':
    case '\r':
    case '\n':
    case '"':
    case '\'':
    case '`':
    case ';':
    case ',':
    case '<':
    case '>':
      return true;
    default:
      return false;
  }
}

// An '&' ends a value where it joins the next parameter of a query string
// ("password=x&user=y"), an HTML entity ("x&amp;") or a shell command
// ("x && make"); inside a password ("Fq3&zLx9") it does not.
bool ampersand_ends_value(std::string_view text, std::size_t at) {
  std::size_t i = at + 1;
  while (i < text.size() && i - at <= 32 &&
         (is_alnum(text[i]) || text[i] == '_' || text[i] == '.' || text[i] == '-' ||
          text[i] == '[' || text[i] == ']'))
    ++i;
  if (i == at + 1) return true;
  if (i >= text.size()) return false;
  if (text[i] == '=') return true;
  // An entity is a short lower-case name ("&amp;") or a number ("&#38;").
  const std::string_view entity = text.substr(at + 1, i - at - 1);
  return text[i] == ';' && entity.size() <= 6 &&
         std::all_of(entity.begin(), entity.end(), [](char c) { return is_lower(c); });
}

// Where the "value" field of the object opening at `at` starts (after its
// separator), npos when the object does not open with one within a short
// reach: secrets managers and Helm values wrap a secret as
// {"value": "x", "encrypted": false}.
std::size_t nested_value_field(std::string_view text, std::size_t at) {
  constexpr std::size_t kReach = 24;
  const std::size_t limit = std::min(text.size(), at + kReach);
  std::size_t i = at + 1;
  while (i < limit && (text[i] == ' ' || text[i] == '\t' || text[i] == '"' || text[i] == '\'')) ++i;
  if (i + 5 > text.size() || to_lower_ascii(text.substr(i, 5)) != "value")
    return std::string_view::npos;
  i += 5;
  while (i < limit && (text[i] == ' ' || text[i] == '"' || text[i] == '\'')) ++i;
  if (i >= limit || (text[i] != ':' && text[i] != '=')) return std::string_view::npos;
  return i + 1;
}

// Where the string literal starts inside a conversion that only changes its
// type (Buffer.from('x'), []byte("x"), b"x", SecretStr("x")); 0 when `at`
// opens none. Calls that look a value up by name (getenv("X")) are not
// among them: their argument is a name, not the value.
std::size_t wrapped_literal_start(std::string_view text, std::size_t at) {
  static constexpr std::string_view kWrappers[] = {"Buffer.from(",
                                                   "[]byte(",
                                                   "bytes(",
                                                   "b",
                                                   "r",
                                                   "SecretStr(",
                                                   "SecretString(",
                                                   "Secret(",
                                                   "Encoding.UTF8.GetBytes(",
                                                   "Encoding.ASCII.GetBytes(",
                                                   "String("};
  for (std::string_view wrapper : kWrappers)
    if (text.substr(at, wrapper.size()) == wrapper && at + wrapper.size() < text.size() &&
        (text[at + wrapper.size()] == '"' || text[at + wrapper.size()] == '\''))
      return at + wrapper.size();
  return 0;
}

}  // namespace

std::optional<AssignedValue> read_assigned_value(std::string_view text, std::size_t at,
                                                 std::size_t max_length) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  if (at >= text.size()) return std::nullopt;
  if (text[at] == '{') {
    const std::size_t field = nested_value_field(text, at);
    if (field != std::string_view::npos) return read_assigned_value(text, field, max_length);
  }
  if (const std::size_t literal = wrapped_literal_start(text, at))
    return read_assigned_value(text, literal, max_length);
  const char first = text[at];
  if (first == '"' || first == '\'' || first == '`') {
    const std::size_t begin = at + 1;
    std::size_t end = begin;
    while (end < text.size() && text[end] != first && text[end] != '\n' && text[end] != '\r' &&
           end - begin <= max_length) {
      if (text[end] == '\\' && end + 1 < text.size() && text[end + 1] != '\n') ++end;
      ++end;
    }
    if (end >= text.size() || text[end] != first || end - begin > max_length) return std::nullopt;
    return AssignedValue{begin, end, true};
  }
  std::size_t end = at;
  while (end < text.size() && !ends_unquoted_value(text[end]) &&
         !(text[end] == '&' && ampersand_ends_value(text, end)) && end - at <= max_length)
    ++end;
  if (end - at > max_length) return std::nullopt;
  // A value closing the brackets around the assignment: "(password=x)".
  auto count = [&](char c) {
    return std::count(text.begin() + static_cast<std::ptrdiff_t>(at),
                      text.begin() + static_cast<std::ptrdiff_t>(end), c);
  };
  while (end > at && ((text[end - 1] == ')' && count(')') > count('(')) ||
                      (text[end - 1] == ']' && count(']') > count('[')) ||
                      (text[end - 1] == '}' && count('}') > count('{'))))
    --end;
  if (end == at) return std::nullopt;
  return AssignedValue{at, end, false};
}

std::string_view assigned_name_before(std::string_view text, std::size_t separator_end) {
  std::size_t at = separator_end;
  while (at > 0 && (text[at - 1] == '=' || text[at - 1] == ':' || text[at - 1] == '>' ||
                    text[at - 1] == '|' || text[at - 1] == '?'))
    --at;
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t')) --at;
  if (at > 0 && text[at - 1] == ']') --at;  // $config['db_password'] =
  if (at > 0 && (text[at - 1] == '"' || text[at - 1] == '\'' || text[at - 1] == ']')) --at;
  const std::size_t end = at;
  while (
      at > 0 && end - at < 64 &&
      (is_alnum(text[at - 1]) || text[at - 1] == '_' || text[at - 1] == '.' || text[at - 1] == '-'))
    --at;
  return text.substr(at, end - at);
}

}  // namespace hearth::privacy::structured
