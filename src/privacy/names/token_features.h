// The tagger's view of a token: hashed indicator features built from the
// token and its neighbours (words at ±2, shapes, affixes, casing, sentence
// start, gazetteer classes, organization and street words just ahead). A feature is a 32-bit hash
// of its template and value, so the model stores only the features it learned weights for.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "gazetteer.h"
#include "word_tokenizer.h"

namespace hearth::privacy::names {

// What training may hide from the features of one token, so the model also
// learns to find names that are in no list and that it has never seen.
enum HiddenFeatures : std::uint8_t {
  kHideNothing = 0,
  kHideIdentity = 1,   // the word itself (in its own and its neighbours' features)
  kHideGazetteer = 2,  // its gazetteer classes
};

// Features of one segment, reused between calls to avoid allocation.
struct SegmentFeatures {
  std::vector<std::uint32_t> hashes;   // all tokens' features, token after token
  std::vector<std::uint32_t> offsets;  // token i owns hashes[offsets[i], offsets[i + 1])
  std::vector<ClassMask> classes;      // gazetteer classes per token (after hiding)

  std::span<const std::uint32_t> of(std::size_t token) const {
    return std::span<const std::uint32_t>(hashes).subspan(offsets[token],
                                                          offsets[token + 1] - offsets[token]);
  }
  std::size_t size() const { return classes.size(); }
};

// Words longer than this many bytes are represented by their shape and
// affixes only: no list or word feature could match them.
inline constexpr std::size_t kMaxWordFeatureBytes = 32;

class FeatureExtractor {
 public:
  explicit FeatureExtractor(const Gazetteer& gazetteer) : gazetteer_(gazetteer) {}

  // Computes the features of tokens (one segment of text). hidden is empty or
  // holds one HiddenFeatures mask per token.
  void extract(std::string_view text, std::span<const WordToken> tokens,
               std::span<const std::uint8_t> hidden, SegmentFeatures& out) const;

 private:
  const Gazetteer& gazetteer_;
};

}  // namespace hearth::privacy::names
