// Word lists the tagger consults as features: given names, family names,
// places, organization words, street types, titles. Entries may span several
// words ("New York", "Dar es Salaam"); matching is case-insensitive and works
// on the tagger's tokens. The lists travel inside the model file, so a model
// always sees the lists it was trained with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "word_tokenizer.h"

namespace hearth::privacy::names {

enum class GazetteerClass : std::uint8_t {
  given_name,
  family_name,
  city,
  country,
  region,
  org_suffix,   // legal forms: Inc, LLC, GmbH, S.A.
  org_word,     // University, Hospital, Bank, Labs
  street_type,  // Street, Ave, Straße, rue
  street_word,  // Main, Oak, Maple: common street names
  title,        // Mr, Dr, Prof
  unit_word,    // Apt, Suite, Unit
  common_word,  // capitalized words that are not names by themselves
  org_name,     // well-known organizations: Siemens, Barclays, UNICEF
};
inline constexpr std::size_t kGazetteerClassCount =
    static_cast<std::size_t>(GazetteerClass::org_name) + 1;

using ClassMask = std::uint16_t;
constexpr ClassMask class_bit(GazetteerClass cls) {
  return static_cast<ClassMask>(1u << static_cast<unsigned>(cls));
}
inline constexpr ClassMask kAllClassesMask = (1u << kGazetteerClassCount) - 1;

struct GazetteerEntry {
  std::string phrase;  // as written in the list; matched case-insensitively
  ClassMask classes = 0;
};

// The hash of one lower-cased token, shared by the gazetteer and the features.
std::uint64_t hash_token_text(std::string_view lowercase_text);

class Gazetteer {
 public:
  // Longest phrase, in tokens, that an entry may have.
  static constexpr std::size_t kMaxPhraseTokens = 5;

  Gazetteer() = default;
  explicit Gazetteer(const std::vector<GazetteerEntry>& entries);

  // For each token i of the span, the classes of every entry whose phrase
  // covers it. token_hashes[i] is hash_token_text of token i's lower-case text.
  void classify(std::span<const std::uint64_t> token_hashes, std::span<ClassMask> out) const;

  // The classes of the entry whose phrase has this hash (0 if none).
  ClassMask find(std::uint64_t phrase_hash) const;

 private:
  // Open addressing. Phrases and the first words of longer phrases have a
  // slot: classify() stops extending a phrase that no entry continues, so
  // most tokens cost one lookup, not one per possible phrase length.
  struct Slot {
    std::uint64_t key = 0;   // phrase hash | 1; 0 marks an empty slot
    ClassMask classes = 0;   // 0 for a slot that is only a beginning
    bool continues = false;  // some longer phrase starts with this one
  };
  const Slot* lookup(std::uint64_t phrase_hash) const;  // nullptr when absent

  std::vector<Slot> slots_;
  std::size_t longest_phrase_ = 0;
};

// Combines token hashes into the hash of the phrase they spell.
std::uint64_t extend_phrase_hash(std::uint64_t phrase_hash, std::uint64_t token_hash);

}  // namespace hearth::privacy::names
