#include "nesting_guard.h"

#include <fmt/format.h>

#include <algorithm>

#include "hearth/util/error.h"

namespace hearth::config::detail {
namespace {

[[noreturn]] void fail(std::string_view text, std::size_t offset, std::string_view source,
                       std::string_view message) {
  const std::string_view before = text.substr(0, offset);
  const std::size_t line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
  const std::size_t line_start = before.rfind('\n');
  const std::size_t column =
      line_start == std::string_view::npos ? offset + 1 : offset - line_start;
  raise(ErrorKind::invalid_data, "{}:{}:{}: {}", source, line + 1, column, message);
}

// The offset just past the string that starts at `begin` (a quote), or the
// end of the line for an unterminated single-line string.
std::size_t skip_string(std::string_view text, std::size_t begin) {
  const char quote = text[begin];
  const bool basic = quote == '"';
  const std::string_view triple = basic ? std::string_view("\"\"\"") : std::string_view("'''");
  if (text.substr(begin, 3) == triple) {
    std::size_t i = begin + 3;
    while (i < text.size()) {
      if (basic && text[i] == '\\') {
        i += 2;
      } else if (text.substr(i, 3) == triple) {
        i += 3;
        // Up to two quotes just before the delimiter belong to the string.
        for (int extra = 0; extra < 2 && i < text.size() && text[i] == quote; ++extra) ++i;
        return i;
      } else {
        ++i;
      }
    }
    return text.size();
  }
  std::size_t i = begin + 1;
  while (i < text.size() && text[i] != '\n') {
    if (basic && text[i] == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
      i += 2;
    } else if (text[i] == quote) {
      return i + 1;
    } else {
      ++i;
    }
  }
  return i;
}

}  // namespace

void check_nesting(std::string_view text, std::string_view source) {
  std::size_t brackets = 0;
  std::size_t dots = 0;  // since the last character that ends a key
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '"' || c == '\'') {
      i = skip_string(text, i);
      continue;
    }
    if (c == '#') {
      const std::size_t end = text.find('\n', i);
      i = end == std::string_view::npos ? text.size() : end;
      continue;
    }
    if (c == '[' || c == '{') {
      if (++brackets > kMaxBrackets) {
        fail(text, i, source,
             fmt::format("more than {} arrays and inline tables are open at once", kMaxBrackets));
      }
      dots = 0;
    } else if (c == ']' || c == '}') {
      brackets -= brackets > 0 ? 1 : 0;
      dots = 0;
    } else if (c == '=' || c == ',' || c == '\n') {
      dots = 0;
    } else if (c == '.' && ++dots >= kMaxKeyParts) {
      fail(text, i, source, fmt::format("a dotted key has more than {} parts", kMaxKeyParts));
    }
    ++i;
  }
}

}  // namespace hearth::config::detail
