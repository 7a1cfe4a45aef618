#include "symbol_pair_table.h"

#include <algorithm>
#include <bit>

#include "hearth/util/utf8.h"

namespace hearth::tokenizer::detail {
namespace {

std::uint64_t pair_key(std::int32_t left, std::int32_t right) noexcept {
  return static_cast<std::uint64_t>(static_cast<std::uint32_t>(left)) << 32 |
         static_cast<std::uint32_t>(right);
}

// The code point of one whole, valid UTF-8 character.
std::uint64_t code_point_of(std::string_view character) noexcept {
  std::size_t position = 0;
  return decode_utf8(character, position);
}

bool is_single_character(std::string_view text) noexcept {
  return !text.empty() && valid_sequence_length(text, 0) == text.size();
}

}  // namespace

template <typename Value>
std::size_t SymbolPairTable::IntegerMap<Value>::slot_of(std::uint64_t key) const noexcept {
  // Fibonacci hashing: the top bits of the product are well mixed.
  return static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
}

template <typename Value>
void SymbolPairTable::IntegerMap<Value>::reserve(std::size_t count) {
  // At most half full, so probes stay short.
  const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(std::max(count, size_) * 2, 16));
  if (capacity <= slots_.size()) return;
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(capacity, Slot{});
  shift_ = 64 - static_cast<unsigned>(std::countr_zero(capacity));
  size_ = 0;
  for (const Slot& slot : old) {
    if (slot.key != kEmpty) insert(slot.key, slot.value);
  }
}

template <typename Value>
Value& SymbolPairTable::IntegerMap<Value>::insert(std::uint64_t key, const Value& value) {
  if ((size_ + 1) * 2 > slots_.size()) reserve(size_ + 1);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t index = slot_of(key);; index = (index + 1) & mask) {
    Slot& slot = slots_[index];
    if (slot.key == key) return slot.value;
    if (slot.key == kEmpty) {
      slot = {key, value};
      ++size_;
      return slot.value;
    }
  }
}

template <typename Value>
const Value* SymbolPairTable::IntegerMap<Value>::find(std::uint64_t key) const noexcept {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t index = slot_of(key);; index = (index + 1) & mask) {
    const Slot& slot = slots_[index];
    if (slot.key == key) return &slot.value;
    if (slot.key == kEmpty) return nullptr;
  }
}

SymbolPairTable::SymbolPairTable(const Vocabulary& vocabulary, const std::vector<bool>& mergeable) {
  ascii_symbols_.fill(kUnmergeable);
  const auto is_mergeable_token = [&](std::string_view text) -> std::optional<TokenId> {
    const std::optional<TokenId> id = vocabulary.find(text);
    if (id && mergeable[static_cast<std::size_t>(*id)]) return id;
    return std::nullopt;
  };
  // Characters that are tokens first: their symbol is their id.
  for (std::size_t id = 0; id < vocabulary.size(); ++id) {
    const std::string& text = vocabulary.token(static_cast<TokenId>(id)).text;
    if (!mergeable[id] || !is_single_character(text)) continue;
    const auto symbol = static_cast<std::int32_t>(id);
    if (text.size() == 1) {
      ascii_symbols_[static_cast<unsigned char>(text[0])] = symbol;
    } else {
      symbols_by_code_point_.insert(code_point_of(text), symbol);
    }
  }
  auto next_synthetic = static_cast<std::int32_t>(vocabulary.size());
  const auto symbol_of_part = [&](std::string_view part) -> std::optional<std::int32_t> {
    if (const std::optional<TokenId> id = is_mergeable_token(part)) return *id;
    if (is_single_character(part)) return part_symbol(part, next_synthetic);
    return std::nullopt;  // neither a token nor a character: never a symbol
  };
  for (std::size_t id = 0; id < vocabulary.size(); ++id) {
    const TokenEntry& entry = vocabulary.token(static_cast<TokenId>(id));
    // Text that is not valid UTF-8 can never be formed from whole characters.
    if (!mergeable[id] || !is_valid_utf8(entry.text)) continue;
    const std::string_view text = entry.text;
    for (std::size_t split = valid_sequence_length(text, 0); split < text.size();
         split += valid_sequence_length(text, split)) {
      const std::optional<std::int32_t> left = symbol_of_part(text.substr(0, split));
      const std::optional<std::int32_t> right = symbol_of_part(text.substr(split));
      if (left && right) {
        merges_.insert(pair_key(*left, *right), Merge{static_cast<TokenId>(id), entry.score});
      }
    }
  }
}

std::int32_t SymbolPairTable::part_symbol(std::string_view character,
                                          std::int32_t& next_synthetic) {
  if (character.size() == 1) {
    std::int32_t& symbol = ascii_symbols_[static_cast<unsigned char>(character[0])];
    if (symbol == kUnmergeable) symbol = next_synthetic++;
    return symbol;
  }
  const std::int32_t symbol =
      symbols_by_code_point_.insert(code_point_of(character), next_synthetic);
  if (symbol == next_synthetic) ++next_synthetic;
  return symbol;
}

std::int32_t SymbolPairTable::symbol_of(std::string_view character) const noexcept {
  if (character.size() == 1) return ascii_symbols_[static_cast<unsigned char>(character[0])];
  const std::int32_t* symbol = symbols_by_code_point_.find(code_point_of(character));
  return symbol == nullptr ? kUnmergeable : *symbol;
}

const SymbolPairTable::Merge* SymbolPairTable::find(std::int32_t left,
                                                    std::int32_t right) const noexcept {
  if (left == kUnmergeable || right == kUnmergeable) return nullptr;
  return merges_.find(pair_key(left, right));
}

}  // namespace hearth::tokenizer::detail
