// Splits input text around the special tokens written in it, the way
// llama.cpp's tokenizer_st_partition does, before any tokenization algorithm
// sees the text.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "hearth/tokenizer/vocabulary.h"

namespace hearth::tokenizer::detail {

// Either a special token matched in the text or a span of plain text between
// such tokens (never empty).
struct TextFragment {
  std::optional<TokenId> token;
  std::string_view text;
};

class SpecialTokenSplitter {
 public:
  // Keeps a reference to `vocabulary`, which must outlive the splitter.
  explicit SpecialTokenSplitter(const Vocabulary& vocabulary);

  // User-defined tokens are always matched (as llama.cpp and HF tokenizers
  // do); control and unknown tokens only with `parse_special`. Longer tokens
  // are matched first, over the whole text, and a token's lstrip/rstrip flags
  // drop the whitespace beside it. The fragments point into `text`.
  std::vector<TextFragment> split(std::string_view text, bool parse_special) const;

 private:
  struct TrieNode {
    // Sorted by byte; small, so a linear scan beats anything cleverer.
    std::vector<std::pair<unsigned char, std::uint32_t>> children;
    // Index into vocabulary.special_token_ids() of the token ending here.
    std::optional<std::uint32_t> special_index;
  };

  bool matchable(TokenId id, bool parse_special) const;
  // Which special tokens (by index in the longest-first order) occur in
  // `text` at all, found in one pass so that text without any costs nothing
  // more.
  std::vector<bool> tokens_present(std::string_view text, bool parse_special) const;
  // The child of `node` along `byte`, or 0 (the root is nobody's child).
  std::uint32_t child(std::uint32_t node, unsigned char byte) const;

  const Vocabulary& vocabulary_;
  std::vector<TrieNode> trie_;
  // Bytes some special token starts with: the cheap test at each position.
  std::array<bool, 256> can_start_{};
  bool has_user_defined_ = false;
};

}  // namespace hearth::tokenizer::detail
