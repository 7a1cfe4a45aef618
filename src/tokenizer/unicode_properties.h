// The character properties the pre-tokenizers ask about: the general category
// groups of \p{L}, \p{N}, \p{P}, \p{S}, \p{M}, and whitespace (\s).
//
// Categories come from utf8proc. Whitespace is the Unicode White_Space
// property, the set llama.cpp's tables use for \s (U+0009..U+000D, U+0020,
// U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F,
// U+3000); utf8proc has no query for it.
//
// Known divergence: llama.cpp generates its tables from a newer UnicodeData
// than the utf8proc hearth links may carry, so code points assigned in later
// Unicode versions can be "other" here and a letter or number there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hearth::tokenizer::detail {

// Bits of the value unicode_flags returns. A code point has at most one of the
// category bits; whitespace may come alone (Zs, Zl, Zp) or with none (Cc).
enum UnicodeFlag : std::uint8_t {
  kLetter = 1 << 0,       // L: Lu Ll Lt Lm Lo
  kNumber = 1 << 1,       // N: Nd Nl No
  kPunctuation = 1 << 2,  // P: Pc Pd Ps Pe Pi Pf Po
  kSymbol = 1 << 3,       // S: Sm Sc Sk So
  kMark = 1 << 4,         // M: Mn Mc Me
  kWhitespace = 1 << 5,   // White_Space
};

// Every combination of the bits above is below this.
inline constexpr unsigned kUnicodeFlagCombinations = 1u << 6;

inline constexpr char32_t kCodePointLimit = 0x110000;

// A two-level table over all code points: blocks of 256 code points with equal
// contents are stored once, which keeps the table small enough to stay in
// cache while text is classified.
class UnicodeFlagTable {
 public:
  // Built on first use, then shared by every thread.
  static const UnicodeFlagTable& instance();

  // The UnicodeFlag bits of `code_point`; 0 past U+10FFFF.
  std::uint8_t flags(char32_t code_point) const noexcept {
    if (code_point >= kCodePointLimit) return 0;
    return blocks_[std::size_t{block_of_[code_point >> 8]} << 8 | (code_point & 0xFF)];
  }

 private:
  UnicodeFlagTable();

  std::vector<std::uint16_t> block_of_;  // block number of each 256 code points
  std::vector<std::uint8_t> blocks_;     // the distinct blocks, 256 entries each
};

}  // namespace hearth::tokenizer::detail
