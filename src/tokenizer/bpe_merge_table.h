// BPE merges keyed by the ids of the two tokens they join, for the merge
// loop of byte-level BPE: one open-addressing probe per pair instead of
// hashing two strings.
#pragma once

#include <cstdint>
#include <vector>

#include "hearth/tokenizer/vocabulary.h"

namespace hearth::tokenizer::detail {

struct BpeMerge {
  std::int32_t rank = 0;  // lower merges first
  TokenId result = 0;     // the token the pair becomes
};

class BpeMergeTable {
 public:
  // One merge: the pair (left, right) and what it becomes.
  struct Entry {
    TokenId left;
    TokenId right;
    BpeMerge merge;
  };
  // Each pair at most once.
  explicit BpeMergeTable(const std::vector<Entry>& entries);

  // The merge of (left, right), or nullptr when they never merge.
  const BpeMerge* find(TokenId left, TokenId right) const noexcept {
    const std::uint64_t key = pair_key(left, right);
    for (std::size_t slot = home_slot(key);; slot = (slot + 1) & mask_) {
      const Slot& candidate = slots_[slot];
      if (candidate.key == key) return &candidate.merge;
      if (candidate.key == kEmptyKey) return nullptr;
    }
  }

 private:
  struct Slot {
    std::uint64_t key;
    BpeMerge merge;
  };
  // Token ids are never negative, so no real pair has this key.
  static constexpr std::uint64_t kEmptyKey = ~std::uint64_t{0};

  static std::uint64_t pair_key(TokenId left, TokenId right) noexcept {
    return std::uint64_t{static_cast<std::uint32_t>(left)} << 32 |
           static_cast<std::uint32_t>(right);
  }
  // Fibonacci hashing: the top bits of the product spread consecutive ids.
  std::size_t home_slot(std::uint64_t key) const noexcept {
    return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  int shift_ = 0;
};

}  // namespace hearth::tokenizer::detail
