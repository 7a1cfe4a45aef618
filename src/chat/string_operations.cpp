#include "string_operations.h"

#include <algorithm>
#include <vector>

#include "hearth/util/error.h"
#include "unicode.h"

namespace hearth::chat::jinja {
namespace {

// The characters a strip removes: whitespace, or those of `chars`.
class StripSet {
 public:
  StripSet(const Value& chars, std::string_view method) {
    if (chars.is_none() || chars.is_undefined()) return;
    if (!chars.is_string()) {
      raise(ErrorKind::invalid_argument, "{} arg must be None or str", method);
    }
    whitespace_ = false;
    const std::string& text = chars.as_string();
    for (std::size_t position = 0; position < text.size();) {
      characters_.push_back(decode_utf8(text, position));
    }
  }

  bool contains(char32_t c) const {
    if (whitespace_) return is_python_space(c);
    return std::find(characters_.begin(), characters_.end(), c) != characters_.end();
  }

 private:
  bool whitespace_ = true;
  std::vector<char32_t> characters_;
};

bool is_line_break(char32_t c) {
  switch (c) {
    case U'\n':
    case U'\r':
    case U'\v':
    case U'\f':
    case 0x1C:
    case 0x1D:
    case 0x1E:
    case 0x85:
    case 0x2028:
    case 0x2029:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<std::string> python_splitlines(std::string_view text, bool keep_ends) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t position = 0; position < text.size();) {
    const std::size_t line_end = position;
    const char32_t c = decode_utf8(text, position);
    if (!is_line_break(c)) continue;
    if (c == U'\r' && position < text.size() && text[position] == '\n') ++position;
    lines.emplace_back(text.substr(start, (keep_ends ? position : line_end) - start));
    start = position;
  }
  if (start < text.size()) lines.emplace_back(text.substr(start));
  return lines;
}

std::string python_strip(std::string_view text, const Value& chars, bool left, bool right,
                         std::string_view method) {
  const StripSet set(chars, method);
  std::size_t begin = 0;
  if (left) {
    while (begin < text.size()) {
      std::size_t next = begin;
      if (!set.contains(decode_utf8(text, next))) break;
      begin = next;
    }
  }
  std::size_t end = text.size();
  if (right) {
    end = begin;
    for (std::size_t position = begin; position < text.size();) {
      if (!set.contains(decode_utf8(text, position))) end = position;
    }
  }
  return std::string(text.substr(begin, end - begin));
}

std::string python_replace(std::string_view text, std::string_view old,
                           std::string_view replacement, std::int64_t count, RenderBudget& budget) {
  const auto limit = count < 0 ? SIZE_MAX : static_cast<std::size_t>(count);
  std::vector<std::size_t> matches;
  if (old.empty()) {
    // Python inserts before every character and at the end.
    for (std::size_t position = 0; matches.size() < limit;) {
      matches.push_back(position);
      if (position >= text.size()) break;
      decode_utf8(text, position);
    }
  } else {
    for (std::size_t at = text.find(old); at != std::string_view::npos && matches.size() < limit;
         at = text.find(old, at + old.size())) {
      matches.push_back(at);
    }
  }
  budget.check_string(text.size() + matches.size() * replacement.size() -
                      matches.size() * old.size());
  std::string out;
  std::size_t copied = 0;
  for (const std::size_t at : matches) {
    out.append(text.substr(copied, at - copied));
    out.append(replacement);
    copied = at + old.size();
  }
  out.append(text.substr(copied));
  return out;
}

std::string python_title(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool previous_is_cased = false;
  for (std::size_t position = 0; position < text.size();) {
    const char32_t c = decode_utf8(text, position);
    if (previous_is_cased) {
      append_lower(out, c);
    } else {
      append_title(out, c);
    }
    previous_is_cased = is_cased(c);
  }
  return out;
}

std::string python_capitalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool first = true;
  for (std::size_t position = 0; position < text.size();) {
    const char32_t c = decode_utf8(text, position);
    if (first) {
      append_title(out, c);
    } else {
      append_lower(out, c);
    }
    first = false;
  }
  return out;
}

}  // namespace hearth::chat::jinja
