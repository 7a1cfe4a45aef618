#include "context_words.h"

#include <algorithm>

#include "text_shape.h"

namespace hearth::privacy::structured {

ContextWindow::ContextWindow(std::string_view text, std::size_t begin, std::size_t end,
                             std::size_t before, std::size_t after) {
  const std::size_t before_start = begin > before ? begin - before : 0;
  before_ = to_lower_ascii(text.substr(before_start, begin - before_start));
  after_ = to_lower_ascii(text.substr(end, std::min(after, text.size() - end)));
}

bool contains_word(std::string_view lower_text, std::string_view word) {
  for (std::size_t at = lower_text.find(word); at != std::string_view::npos;
       at = lower_text.find(word, at + 1)) {
    const bool starts_word = at == 0 || !is_alnum(lower_text[at - 1]) || !is_alnum(word.front());
    const std::size_t end = at + word.size();
    const bool ends_word =
        end == lower_text.size() || !is_alnum(lower_text[end]) || !is_alnum(word.back());
    if (starts_word && ends_word) return true;
  }
  return false;
}

bool ContextWindow::has_before(std::initializer_list<std::string_view> words) const {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view word) { return contains_word(before_, word); });
}

bool ContextWindow::has_after(std::initializer_list<std::string_view> words) const {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view word) { return contains_word(after_, word); });
}

}  // namespace hearth::privacy::structured
