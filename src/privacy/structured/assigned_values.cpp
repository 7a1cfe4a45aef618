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
    case '&':
    case '<':
    case '>':
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<AssignedValue> read_assigned_value(std::string_view text, std::size_t at,
                                                 std::size_t max_length) {
  while (at < text.size() && (text[at] == ' ' || text[at] == '\t')) ++at;
  if (at >= text.size()) return std::nullopt;
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
  while (end < text.size() && !ends_unquoted_value(text[end]) && end - at <= max_length) ++end;
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
  while (at > 0 && (text[at - 1] == '=' || text[at - 1] == ':' || text[at - 1] == '>')) --at;
  while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t')) --at;
  if (at > 0 && (text[at - 1] == '"' || text[at - 1] == '\'' || text[at - 1] == ']')) --at;
  const std::size_t end = at;
  while (
      at > 0 && end - at < 64 &&
      (is_alnum(text[at - 1]) || text[at - 1] == '_' || text[at - 1] == '.' || text[at - 1] == '-'))
    --at;
  return text.substr(at, end - at);
}

}  // namespace hearth::privacy::structured
