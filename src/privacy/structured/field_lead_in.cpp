#include "field_lead_in.h"

#include <algorithm>
#include <string>

#include "text_shape.h"

namespace hearth::privacy::structured {
namespace {

// How far after its keyword a value may start: "Date of birth (MM/DD/YYYY): "
// is about the longest lead-in that still reads as one field.
constexpr std::size_t kMaxLeadIn = 32;

bool is_lead_in_byte(char c) {
  return c == ' ' || c == '\t' || c == ':' || c == '=' || c == '"' || c == '\'' || c == '#' ||
         c == '-' || c == '(' || c == ')' || c == '.' || c == ',' || c == '>' || c == '*' ||
         c == '_' || c == '|' || c == '{';
}

}  // namespace

std::size_t value_start_after(std::string_view text, std::size_t at,
                              std::initializer_list<std::string_view> filler_words) {
  const std::size_t limit = std::min(text.size(), at + kMaxLeadIn);
  while (at < limit) {
    // A parenthesized note without digits: "Passport (DE): ", "DOB (MM/DD/YYYY): ".
    if (text[at] == '(') {
      const std::size_t close = text.find(')', at);
      const std::string_view note =
          close == std::string_view::npos ? std::string_view() : text.substr(at, close - at);
      if (close != std::string_view::npos && close - at <= 24 &&
          note.find('\n') == std::string_view::npos && count_digits(note) == 0) {
        at = close + 1;
        continue;
      }
    }
    if (is_lead_in_byte(text[at])) {
      ++at;
      continue;
    }
    bool skipped = false;
    for (std::string_view word : filler_words) {
      if (at + word.size() > text.size()) continue;
      const std::string candidate = to_lower_ascii(text.substr(at, word.size()));
      const std::size_t after = at + word.size();
      if (candidate == word &&
          (after == text.size() || !is_alnum(text[after]) || !is_alnum(word.back()))) {
        at = after;
        skipped = true;
        break;
      }
    }
    if (!skipped) return at;
  }
  return std::string_view::npos;
}

bool ends_token(std::string_view text, std::size_t end) {
  return end == text.size() || !is_alnum(text[end]);
}

}  // namespace hearth::privacy::structured
