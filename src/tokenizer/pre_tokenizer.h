// Splits text into the pieces byte-level BPE encodes one at a time, the way
// llama.cpp's unicode_regex_split does for a pre-tokenizer family, by
// interpreting the family's patterns (pre_tokenizer_families.h).
//
// Each pass works like std::regex_iterator over every piece of the pass
// before: at each position the alternatives are tried in order, the first
// that matches becomes a piece, and text no alternative matched (a gap)
// becomes a piece of its own.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "pre_tokenizer_families.h"
#include "pre_tokenizer_pattern.h"

namespace hearth::tokenizer::detail {

// Working memory of split(), kept by the caller so that encoding many
// fragments does not allocate for each.
struct PreTokenizerScratch {
  std::vector<std::uint32_t> classes;       // class bits of each code point
  std::vector<std::uint32_t> byte_offsets;  // where each code point starts, then the size
  std::vector<std::uint32_t> piece_ends;    // in code points while passes run, then bytes
  std::vector<std::uint32_t> next_piece_ends;
};

class PreTokenizer {
 public:
  // The family llama.cpp uses for tokenizer.ggml.pre = `name` (see
  // find_pre_tokenizer_family). Throws Error(unsupported) naming `name` when
  // hearth does not know it.
  explicit PreTokenizer(std::string_view name);
  explicit PreTokenizer(const PreTokenizerFamily& family);

  bool ignore_merges() const noexcept { return ignore_merges_; }

  // The byte offsets at which the pieces of `text` (valid UTF-8, at most
  // 4 GiB) end, in order; the last is text.size(), none for empty text.
  // Valid until `scratch` is used again.
  std::span<const std::uint32_t> split(std::string_view text, PreTokenizerScratch& scratch) const;

 private:
  struct CompiledAtom {
    Atom::Kind kind = Atom::Kind::run;
    std::uint8_t class_index = 0;
    std::uint32_t min = 1;
    std::uint32_t max = 1;
    LetterCase letter_case = LetterCase::sensitive;
  };
  struct CompiledAlternative {
    std::array<CompiledAtom, kMaxAtoms> atoms{};
    std::uint8_t atom_count = 0;
    Lookahead lookahead = Lookahead::none;
  };
  struct RangedClass {
    std::uint32_t bit = 0;
    std::span<const CodePointRange> ranges;
  };
  class Matcher;

  std::uint8_t class_index(const CharClass& characters);
  void classify(std::string_view text, PreTokenizerScratch& scratch) const;

  std::vector<CharClass> classes_;  // [0] is \s, which (?!\S) tests
  std::vector<std::vector<CompiledAlternative>> passes_;
  std::array<std::uint32_t, 128> ascii_bits_{};
  std::array<std::uint32_t, kUnicodeFlagCombinations> category_bits_{};
  std::vector<RangedClass> ranged_classes_;
  std::uint32_t negated_bits_ = 0;
  bool ignore_merges_ = false;
};

}  // namespace hearth::tokenizer::detail
