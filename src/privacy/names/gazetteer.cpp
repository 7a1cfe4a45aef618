#include "gazetteer.h"

#include <algorithm>
#include <bit>
#include <string>

#include "hash_mix.h"

namespace hearth::privacy::names {

std::uint64_t hash_token_text(std::string_view lowercase_text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const char c : lowercase_text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return mix_hash(hash);
}

std::uint64_t extend_phrase_hash(std::uint64_t phrase_hash, std::uint64_t token_hash) {
  return mix_hash(phrase_hash * 31 + token_hash + 0x9e3779b97f4a7c15ULL);
}

Gazetteer::Gazetteer(const std::vector<GazetteerEntry>& entries) {
  struct Phrase {
    std::uint64_t key;
    ClassMask classes;
    bool continues;
  };
  std::vector<Phrase> phrases;
  phrases.reserve(entries.size());
  std::string lower;
  for (const GazetteerEntry& entry : entries) {
    const std::vector<WordToken> tokens = tokenize_words(entry.phrase);
    if (tokens.empty() || tokens.size() > kMaxPhraseTokens) continue;
    std::uint64_t hash = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      const WordToken& token = tokens[i];
      lowercase_token(std::string_view(entry.phrase).substr(token.begin, token.size()), lower);
      hash = extend_phrase_hash(hash, hash_token_text(lower));
      const bool last = i + 1 == tokens.size();
      phrases.push_back({hash | 1, last ? entry.classes : ClassMask{0}, !last});
    }
    longest_phrase_ = std::max(longest_phrase_, tokens.size());
  }
  const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, phrases.size() * 2));
  slots_.assign(capacity, Slot{});
  for (const Phrase& phrase : phrases) {
    std::size_t index = phrase.key & (capacity - 1);
    while (slots_[index].key != 0 && slots_[index].key != phrase.key) {
      index = (index + 1) & (capacity - 1);
    }
    Slot& slot = slots_[index];
    slot.key = phrase.key;
    slot.classes |= phrase.classes;
    slot.continues = slot.continues || phrase.continues;
  }
}

const Gazetteer::Slot* Gazetteer::lookup(std::uint64_t phrase_hash) const {
  if (slots_.empty()) return nullptr;
  const std::uint64_t key = phrase_hash | 1;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t index = key & mask;; index = (index + 1) & mask) {
    if (slots_[index].key == key) return &slots_[index];
    if (slots_[index].key == 0) return nullptr;
  }
}

ClassMask Gazetteer::find(std::uint64_t phrase_hash) const {
  const Slot* slot = lookup(phrase_hash);
  return slot != nullptr ? slot->classes : ClassMask{0};
}

void Gazetteer::classify(std::span<const std::uint64_t> token_hashes,
                         std::span<ClassMask> out) const {
  std::fill(out.begin(), out.end(), ClassMask{0});
  for (std::size_t start = 0; start < token_hashes.size(); ++start) {
    std::uint64_t hash = 0;
    const std::size_t limit = std::min(longest_phrase_, token_hashes.size() - start);
    for (std::size_t length = 1; length <= limit; ++length) {
      hash = extend_phrase_hash(hash, token_hashes[start + length - 1]);
      const Slot* slot = lookup(hash);
      if (slot == nullptr) break;
      for (std::size_t i = start; i < start + length; ++i) out[i] |= slot->classes;
      if (!slot->continues) break;
    }
  }
}

}  // namespace hearth::privacy::names
