// The name tagger's model file: quantized weights of the features that
// training kept, the tag transition scores, and the gazetteer the features
// consult.
//
// Layout (little-endian):
//   "HNAMETAG"              8-byte magic
//   u32 version             kTaggerModelVersion
//   u32 tag count           kTagCount
//   u32 gazetteer classes   kGazetteerClassCount
//   f32 scale               weight = quantized value * scale; finite, > 0
//   u32 feature count       F
//   u32 gazetteer entries   G
//   i16 x (kTransitionRows * kTagCount)   transitions, quantized
//   u32 x F                 feature hashes, strictly increasing, odd
//   i8  x (F * kTagCount)   weights, feature-major
//   G x { u16 classes, u8 length, length bytes }   gazetteer phrases
//   u64                     FNV-1a of every byte before it
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "bio_tags.h"
#include "gazetteer.h"

namespace hearth::privacy::names {

inline constexpr std::uint32_t kTaggerModelVersion = 1;

struct TaggerModel {
  float scale = 1;
  std::vector<std::int16_t> transitions = std::vector<std::int16_t>(kTransitionRows * kTagCount);
  std::vector<std::uint32_t> feature_hashes;  // sorted, unique, odd
  std::vector<std::int8_t> weights;           // feature_hashes.size() * kTagCount
  std::vector<GazetteerEntry> gazetteer;
};

std::vector<std::uint8_t> serialize_model(const TaggerModel& model);
// Throws Error(invalid_data) on anything malformed: wrong magic or version,
// truncation, trailing bytes, a bad checksum, unsorted hashes, bad entries.
TaggerModel parse_model(std::span<const std::uint8_t> bytes);

// The model's weights as a lookup table for scoring tokens. A feature's
// quantized weights sit in its hash slot, 16 bytes, four to a cache line, and
// probing starts at a line boundary: a lookup touches one line almost always.
// Scanning a request runs with the tables mostly out of cache (the server did
// other work since the last one), so lines touched is what a token costs.
class WeightTable {
 public:
  explicit WeightTable(const TaggerModel& model);

  // The emission scores of a segment's tokens: token i's features are
  // features[offsets[i], offsets[i + 1]); scores gets kTagCount floats per
  // token, the sums of their features' weights.
  void score(std::span<const std::uint32_t> features, std::span<const std::uint32_t> offsets,
             std::span<float> scores) const;
  // The same, one probe loop per feature: what score() is tested against.
  void score_reference(std::span<const std::uint32_t> features,
                       std::span<const std::uint32_t> offsets, std::span<float> scores) const;
  std::span<const float> transitions() const { return transitions_; }

 private:
  struct alignas(16) Slot {
    std::uint32_t hash = 0;  // 0: empty (feature hashes are odd)
    std::array<std::int8_t, kTagCount> weights{};
  };
  static_assert(sizeof(Slot) == 16);
  static constexpr std::size_t kSlotsPerLine = 4;
  struct alignas(64) Line {
    std::array<Slot, kSlotsPerLine> slots;
  };
  Slot& slot(std::size_t index) {
    return lines_[index / kSlotsPerLine].slots[index % kSlotsPerLine];
  }
  const Slot& slot(std::size_t index) const {
    return lines_[index / kSlotsPerLine].slots[index % kSlotsPerLine];
  }

  // A feature's weights; zeros when the model has none for it.
  std::array<std::int32_t, kTagCount> weights_of(std::uint32_t hash) const;

  std::vector<Line> lines_;
  float scale_ = 1;
  std::vector<float> transitions_;
};

}  // namespace hearth::privacy::names
