// SentencePiece's merge test ("is this pair of adjacent symbols, written
// together, a token?") answered by integer lookups instead of hashing text.
//
// Every symbol the merge loop can hold is either a single character or a
// token built by earlier merges, so each gets an integer: its token id, or,
// for a character that is not a token itself but is part of one, an id past
// the end of the vocabulary. The table then lists, for every token, each way
// of writing it as two such symbols.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "hearth/tokenizer/vocabulary.h"

namespace hearth::tokenizer::detail {

class SymbolPairTable {
 public:
  // A character that no token contains (it can only be spelled in bytes).
  static constexpr std::int32_t kUnmergeable = -1;

  struct Merge {
    TokenId token;
    float score;
  };

  // Only tokens with `mergeable[id]` are ever formed.
  SymbolPairTable(const Vocabulary& vocabulary, const std::vector<bool>& mergeable);

  // The symbol of one character (a whole UTF-8 sequence): its token id when
  // it is a mergeable token, else an id >= the vocabulary size or
  // kUnmergeable.
  std::int32_t symbol_of(std::string_view character) const noexcept;

  // The token `left` followed by `right` spell, if it is one.
  const Merge* find(std::int32_t left, std::int32_t right) const noexcept;

 private:
  // Open addressing with linear probing over 64-bit keys: the lookups are the
  // tokenizer's inner loop, and integer keys hash in a multiply.
  template <typename Value>
  class IntegerMap {
   public:
    void reserve(std::size_t count);
    // Keeps the existing value when `key` is already there.
    Value& insert(std::uint64_t key, const Value& value);
    const Value* find(std::uint64_t key) const noexcept;

   private:
    static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
    struct Slot {
      std::uint64_t key = kEmpty;
      Value value{};
    };
    std::size_t slot_of(std::uint64_t key) const noexcept;
    void grow();

    std::vector<Slot> slots_;
    std::size_t size_ = 0;
    unsigned shift_ = 64;
  };

  // The symbol for a character that is part of a token, given the next
  // free id past the vocabulary when the character needs a new one.
  std::int32_t part_symbol(std::string_view character, std::int32_t& next_synthetic);

  std::array<std::int32_t, 128> ascii_symbols_;
  IntegerMap<std::int32_t> symbols_by_code_point_;
  IntegerMap<Merge> merges_;
};

}  // namespace hearth::tokenizer::detail
