// Words near a candidate that make it more or less likely to be what its
// shape says: "call me at" before a phone number, "order" before a digit run
// that also passes Luhn. Only a short window on each side is read, so the
// cost per candidate is constant however long the text is.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace hearth::privacy::structured {

class ContextWindow {
 public:
  // Lower-cased copies of up to `before` bytes ending at begin and `after`
  // bytes starting at end.
  ContextWindow(std::string_view text, std::size_t begin, std::size_t end, std::size_t before = 48,
                std::size_t after = 24);

  // True when one of the words occurs before the candidate (or after it, for
  // has_after / has_near) as a whole word: "id" matches "order id:" but not
  // "idle". Words are given in lower case and may contain spaces and
  // punctuation ("date of birth", "d.o.b", "ss#").
  bool has_before(std::initializer_list<std::string_view> words) const;
  bool has_after(std::initializer_list<std::string_view> words) const;
  bool has_near(std::initializer_list<std::string_view> words) const {
    return has_before(words) || has_after(words);
  }

  const std::string& before() const { return before_; }

 private:
  std::string before_;
  std::string after_;
};

// Whole-word search in already lower-cased text.
bool contains_word(std::string_view lower_text, std::string_view word);

}  // namespace hearth::privacy::structured
