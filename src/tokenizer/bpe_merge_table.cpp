#include "bpe_merge_table.h"

#include <algorithm>
#include <bit>

namespace hearth::tokenizer::detail {

BpeMergeTable::BpeMergeTable(const std::vector<Entry>& entries) {
  // At most half full, so probe sequences stay short.
  const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, entries.size() * 2));
  slots_.assign(capacity, Slot{kEmptyKey, {}});
  mask_ = capacity - 1;
  shift_ = 64 - std::countr_zero(capacity);
  for (const Entry& entry : entries) {
    const std::uint64_t key = pair_key(entry.left, entry.right);
    std::size_t slot = home_slot(key);
    while (slots_[slot].key != kEmptyKey && slots_[slot].key != key) slot = (slot + 1) & mask_;
    slots_[slot] = Slot{key, entry.merge};
  }
}

}  // namespace hearth::tokenizer::detail
