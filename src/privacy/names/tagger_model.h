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

// The model's weights as a lookup table for scoring tokens.
class WeightTable {
 public:
  explicit WeightTable(const TaggerModel& model);

  // Adds the weights of each feature to scores (kTagCount floats).
  void accumulate(std::span<const std::uint32_t> features, std::span<float> scores) const;
  std::span<const float> transitions() const { return transitions_; }

 private:
  struct Slot {
    std::uint32_t hash = 0;  // 0: empty (feature hashes are odd)
    std::uint32_t row = 0;
  };
  std::vector<Slot> slots_;
  std::vector<float> weights_;  // dequantized, row-major
  std::vector<float> transitions_;
};

}  // namespace hearth::privacy::names
