// Token ids by the bytes a byte-level BPE token stands for, so a piece of
// input text is looked up as it is, without first spelling it in GPT-2's
// byte-to-unicode alphabet.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hearth/tokenizer/vocabulary.h"

namespace hearth::tokenizer::detail {

class TokenBytesIndex {
 public:
  // Adds `bytes` → `id`; `bytes` must not be in the index yet.
  void add(std::string_view bytes, TokenId id);
  // Builds the lookup table; call once, after the last add().
  void seal();

  std::optional<TokenId> find(std::string_view bytes) const noexcept {
    const std::uint64_t hash = hash_bytes(bytes);
    for (std::size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
      const Entry& candidate = slots_[slot];
      if (candidate.id == kEmpty) return std::nullopt;
      if (candidate.tag == tag_of(hash) && candidate.size == bytes.size() &&
          bytes.compare(0, bytes.size(), storage_.data() + candidate.offset, candidate.size) == 0) {
        return candidate.id;
      }
    }
  }

  // The bytes of `id`, or nullopt when no entry has that id.
  std::optional<std::string_view> bytes_of(TokenId id) const noexcept;

 private:
  // Everything a probe needs but the bytes, so a miss costs one cache line.
  struct Entry {
    std::uint32_t tag;     // the hash bits the slot number does not use
    std::uint32_t offset;  // into storage_
    std::uint32_t size;
    TokenId id;
  };
  static constexpr TokenId kEmpty = -1;

  static std::uint64_t hash_bytes(std::string_view bytes) noexcept;
  static std::uint32_t tag_of(std::uint64_t hash) noexcept {
    return static_cast<std::uint32_t>(hash >> 32);
  }

  std::string storage_;  // every entry's bytes, back to back
  std::vector<Entry> entries_;
  std::vector<std::uint32_t> entry_of_id_;  // by id; kNoEntry where an id has none
  std::vector<Entry> slots_;                // id kEmpty where free
  std::size_t mask_ = 0;
};

}  // namespace hearth::tokenizer::detail
