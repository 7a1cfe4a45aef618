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
  std::vector<std::pair<std::uint64_t, ClassMask>> phrases;
  phrases.reserve(entries.size());
  std::string lower;
  for (const GazetteerEntry& entry : entries) {
    const std::vector<WordToken> tokens = tokenize_words(entry.phrase);
    if (tokens.empty() || tokens.size() > kMaxPhraseTokens) continue;
    std::uint64_t hash = 0;
    for (const WordToken& token : tokens) {
      lowercase_token(std::string_view(entry.phrase).substr(token.begin, token.size()), lower);
      hash = extend_phrase_hash(hash, hash_token_text(lower));
    }
    phrases.emplace_back(hash | 1, entry.classes);
    longest_phrase_ = std::max(longest_phrase_, tokens.size());
  }
  const std::size_t capacity = std::bit_ceil(std::max<std::size_t>(16, phrases.size() * 2));
  keys_.assign(capacity, 0);
  values_.assign(capacity, 0);
  for (const auto& [key, classes] : phrases) {
    std::size_t slot = key & (capacity - 1);
    while (keys_[slot] != 0 && keys_[slot] != key) slot = (slot + 1) & (capacity - 1);
    keys_[slot] = key;
    values_[slot] |= classes;
  }
}

ClassMask Gazetteer::find(std::uint64_t phrase_hash) const {
  if (keys_.empty()) return 0;
  const std::uint64_t key = phrase_hash | 1;
  const std::size_t mask = keys_.size() - 1;
  for (std::size_t slot = key & mask;; slot = (slot + 1) & mask) {
    if (keys_[slot] == key) return values_[slot];
    if (keys_[slot] == 0) return 0;
  }
}

void Gazetteer::classify(std::span<const std::uint64_t> token_hashes,
                         std::span<ClassMask> out) const {
  std::fill(out.begin(), out.end(), ClassMask{0});
  for (std::size_t start = 0; start < token_hashes.size(); ++start) {
    std::uint64_t hash = 0;
    const std::size_t limit = std::min(longest_phrase_, token_hashes.size() - start);
    for (std::size_t length = 1; length <= limit; ++length) {
      hash = extend_phrase_hash(hash, token_hashes[start + length - 1]);
      const ClassMask classes = find(hash);
      if (classes == 0) continue;
      for (std::size_t i = start; i < start + length; ++i) out[i] |= classes;
    }
  }
}

}  // namespace hearth::privacy::names
