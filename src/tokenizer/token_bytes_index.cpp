#include "token_bytes_index.h"

#include <algorithm>
#include <bit>
#include <cstring>

namespace hearth::tokenizer::detail {
namespace {

constexpr std::uint32_t kNoEntry = ~std::uint32_t{0};

}  // namespace

void TokenBytesIndex::add(std::string_view bytes, TokenId id) {
  entries_.push_back({tag_of(hash_bytes(bytes)), static_cast<std::uint32_t>(storage_.size()),
                      static_cast<std::uint32_t>(bytes.size()), id});
  storage_.append(bytes);
  const auto index = static_cast<std::size_t>(id);
  if (entry_of_id_.size() <= index) entry_of_id_.resize(index + 1, kNoEntry);
  entry_of_id_[index] = static_cast<std::uint32_t>(entries_.size() - 1);
}

void TokenBytesIndex::seal() {
  // At most half full, so probe sequences stay short.
  const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, entries_.size() * 2));
  slots_.assign(capacity, Entry{0, 0, 0, kEmpty});
  mask_ = capacity - 1;
  for (const Entry& entry : entries_) {
    std::size_t slot = hash_bytes({storage_.data() + entry.offset, entry.size}) & mask_;
    while (slots_[slot].id != kEmpty) slot = (slot + 1) & mask_;
    slots_[slot] = entry;
  }
}

std::optional<std::string_view> TokenBytesIndex::bytes_of(TokenId id) const noexcept {
  const auto index = static_cast<std::size_t>(id);
  if (id < 0 || index >= entry_of_id_.size() || entry_of_id_[index] == kNoEntry) {
    return std::nullopt;
  }
  const Entry& entry = entries_[entry_of_id_[index]];
  return std::string_view(storage_.data() + entry.offset, entry.size);
}

std::uint64_t TokenBytesIndex::hash_bytes(std::string_view bytes) noexcept {
  // Eight bytes at a time, each word folded in with a multiply and a shift
  // that brings the high bits down to the ones the table indexes with:
  // pieces are short, so this is a handful of instructions.
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  std::uint64_t hash = bytes.size() * kMultiplier;
  const char* data = bytes.data();
  std::size_t remaining = bytes.size();
  while (remaining > 0) {
    std::uint64_t word = 0;
    const std::size_t take = std::min<std::size_t>(remaining, 8);
    std::memcpy(&word, data, take);
    hash = (hash ^ word) * kMultiplier;
    hash ^= hash >> 29;
    data += take;
    remaining -= take;
  }
  return hash ^ (hash >> 32);
}

}  // namespace hearth::tokenizer::detail
