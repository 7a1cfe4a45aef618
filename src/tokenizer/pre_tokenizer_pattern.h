// The vocabulary in which pre-tokenizer families are written: character
// classes, quantified atoms and alternatives — the small subset of regular
// expressions that llama.cpp's pre-tokenizer regexes use, as constexpr data
// instead of regex strings, so no regex engine runs on the hot path.
//
// A pass is a list of alternatives tried in order at each position (regex
// alternation); the first that matches ends a piece there. A family is a list
// of passes, each splitting the pieces of the one before (llama.cpp's list of
// regexes per pre-tokenizer type).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "unicode_properties.h"

namespace hearth::tokenizer::detail {

struct CodePointRange {
  char32_t first;
  char32_t last;
};

// A set of code points as llama.cpp's regex engines see them:
// - Non-ASCII whitespace counts as U+000B (llama.cpp substitutes it before
//   matching so that std::regex's \s finds it): it belongs exactly to the
//   classes that contain \s.
// - Other non-ASCII code points match by general category (\p{L} ...) or by
//   explicit ranges ([一-龥]).
// - ASCII matches by identity; the categories' ASCII members are those of
//   llama.cpp's collapsed regexes, which leave '~' out of \p{S}.
class CharClass {
 public:
  constexpr CharClass() = default;

  // The ASCII characters of `characters`.
  static constexpr CharClass of(std::string_view characters) {
    CharClass result;
    for (const char character : characters) result.add_ascii(static_cast<unsigned char>(character));
    return result;
  }
  // ASCII `first`..`last`.
  static constexpr CharClass between(char first, char last) {
    CharClass result;
    for (char32_t c = static_cast<unsigned char>(first); c <= static_cast<unsigned char>(last);
         ++c) {
      result.add_ascii(c);
    }
    return result;
  }
  // Every code point in `ranges`, ASCII or not.
  static constexpr CharClass in(std::span<const CodePointRange> ranges) {
    CharClass result;
    for (const CodePointRange range : ranges) {
      for (char32_t c = range.first; c <= range.last && c < 0x80; ++c) result.add_ascii(c);
    }
    result.ranges_ = ranges;
    return result;
  }

  static constexpr CharClass letters() {
    return between('A', 'Z') | between('a', 'z') | category(kLetter);
  }
  static constexpr CharClass numbers() { return between('0', '9') | category(kNumber); }
  static constexpr CharClass punctuation() {
    return of("!\"#%&'()*,-./:;?@[\\]_{}") | category(kPunctuation);
  }
  static constexpr CharClass symbols() { return of("$+<=>^`|") | category(kSymbol); }
  static constexpr CharClass marks() { return category(kMark); }
  static constexpr CharClass whitespace() { return of("\t\n\v\f\r "); }

  // Union of two classes that are not negated, at most one with ranges.
  constexpr CharClass operator|(const CharClass& other) const {
    require(!negated_ && !other.negated_ && (ranges_.empty() || other.ranges_.empty()));
    CharClass result = *this;
    result.ascii_[0] |= other.ascii_[0];
    result.ascii_[1] |= other.ascii_[1];
    result.categories_ |= other.categories_;
    if (result.ranges_.empty()) result.ranges_ = other.ranges_;
    return result;
  }
  // The complement ([^...]).
  constexpr CharClass operator~() const {
    CharClass result = *this;
    result.ascii_[0] = ~ascii_[0];
    result.ascii_[1] = ~ascii_[1];
    result.negated_ = !negated_;
    return result;
  }
  // This class less some ASCII characters, as (?=[\p{L}])[^a-z] is \p{L}
  // less a-z.
  constexpr CharClass except(const CharClass& ascii_only) const {
    require(!ascii_only.negated_ && ascii_only.categories_ == 0 && ascii_only.ranges_.empty());
    CharClass result = *this;
    result.ascii_[0] &= ~ascii_only.ascii_[0];
    result.ascii_[1] &= ~ascii_only.ascii_[1];
    return result;
  }

  // Membership as llama.cpp's regexes decide it (see the class comment).
  bool contains(char32_t code_point) const {
    if (code_point < 0x80) return contains_ascii(code_point);
    const std::uint8_t flags = UnicodeFlagTable::instance().flags(code_point);
    if (flags & kWhitespace) return contains_ascii(U'\v');
    return ((categories_ & flags) != 0 || in_ranges(code_point)) != negated_;
  }

  constexpr std::uint8_t categories() const { return categories_; }
  constexpr std::span<const CodePointRange> ranges() const { return ranges_; }
  constexpr bool negated() const { return negated_; }

  constexpr bool operator==(const CharClass& other) const {
    return ascii_[0] == other.ascii_[0] && ascii_[1] == other.ascii_[1] &&
           categories_ == other.categories_ && ranges_.data() == other.ranges_.data() &&
           ranges_.size() == other.ranges_.size() && negated_ == other.negated_;
  }

 private:
  static constexpr CharClass category(std::uint8_t flags) {
    CharClass result;
    result.categories_ = flags;
    return result;
  }
  // A failed requirement in a constexpr table is a compile error.
  static constexpr void require(bool condition) {
    if (!condition) throw "invalid character class composition";
  }
  constexpr void add_ascii(char32_t c) { ascii_[c >> 6] |= std::uint64_t{1} << (c & 63); }
  constexpr bool contains_ascii(char32_t c) const { return (ascii_[c >> 6] >> (c & 63)) & 1; }
  constexpr bool in_ranges(char32_t code_point) const {
    for (const CodePointRange range : ranges_) {
      if (code_point >= range.first && code_point <= range.last) return true;
    }
    return false;
  }

  std::array<std::uint64_t, 2> ascii_{};  // ASCII members, complement applied
  std::uint8_t categories_ = 0;           // UnicodeFlag bits of non-ASCII members
  std::span<const CodePointRange> ranges_;
  bool negated_ = false;
};

inline constexpr std::uint32_t kUnbounded = 0xFFFFFFFF;

enum class LetterCase : std::uint8_t { sensitive, insensitive };

// One element of an alternative: a run of code points from a class, between
// `min` and `max` long (greedy, backtracking as a regex does), or an English
// contraction 's|'t|'re|'ve|'m|'ll|'d (taken once or, when `min` is 0, maybe).
struct Atom {
  enum class Kind : std::uint8_t { run, contraction };
  Kind kind = Kind::run;
  CharClass characters;
  std::uint32_t min = 1;
  std::uint32_t max = 1;
  LetterCase letter_case = LetterCase::sensitive;
};

constexpr Atom one(CharClass characters) {
  return {Atom::Kind::run, characters, 1, 1};
}
constexpr Atom maybe(CharClass characters) {
  return {Atom::Kind::run, characters, 0, 1};
}
constexpr Atom one_or_more(CharClass characters) {
  return {Atom::Kind::run, characters, 1, kUnbounded};
}
constexpr Atom zero_or_more(CharClass characters) {
  return {Atom::Kind::run, characters, 0, kUnbounded};
}
constexpr Atom repeat(CharClass characters, std::uint32_t min, std::uint32_t max) {
  return {Atom::Kind::run, characters, min, max};
}
constexpr Atom contraction(LetterCase letter_case) {
  return {Atom::Kind::contraction, {}, 1, 1, letter_case};
}
constexpr Atom maybe_contraction(LetterCase letter_case) {
  return {Atom::Kind::contraction, {}, 0, 1, letter_case};
}

// What must follow a match of an alternative.
enum class Lookahead : std::uint8_t {
  none,
  not_before_non_whitespace,  // (?!\S): the end of the piece or whitespace
  end_of_piece,               // $
};

inline constexpr std::size_t kMaxAtoms = 4;

struct Alternative {
  std::array<Atom, kMaxAtoms> atoms{};
  std::uint8_t atom_count = 0;
  Lookahead lookahead = Lookahead::none;

  // The same alternative, matching only where `condition` holds after it.
  constexpr Alternative followed_by(Lookahead condition) const {
    Alternative result = *this;
    result.lookahead = condition;
    return result;
  }
};

template <typename... Atoms>
constexpr Alternative sequence(Atoms... atoms) {
  static_assert(sizeof...(Atoms) >= 1 && sizeof...(Atoms) <= kMaxAtoms);
  return Alternative{{atoms...}, static_cast<std::uint8_t>(sizeof...(Atoms)), Lookahead::none};
}

using Pass = std::span<const Alternative>;

}  // namespace hearth::tokenizer::detail
