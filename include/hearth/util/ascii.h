// ASCII text helpers for protocol text (HTTP header names and values), where
// letter case and surrounding whitespace carry no meaning.
#pragma once

#include <algorithm>
#include <string_view>

namespace hearth {

// Equal when ASCII letters are compared without regard to case.
inline bool equals_ignoring_case(std::string_view a, std::string_view b) noexcept {
  const auto lower = [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
  };
  return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                    [&](char x, char y) { return lower(x) == lower(y); });
}

// Without leading spaces and tabs, and trailing spaces, tabs, CR and LF.
inline std::string_view trim(std::string_view text) noexcept {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                           text.back() == '\n')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace hearth
