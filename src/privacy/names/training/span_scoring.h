// Exact-span precision, recall and F1 per name type: a found span counts only
// when its type and both byte offsets equal a labeled span's.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "../name_recognizer.h"
#include "example_generator.h"

namespace hearth::privacy::names::training {

struct TypeScore {
  std::size_t true_positives = 0;
  std::size_t false_positives = 0;
  std::size_t false_negatives = 0;

  double precision() const;
  double recall() const;
  double f1() const;
};

struct SpanScores {
  std::array<TypeScore, 4> by_type;  // in the order of kTaggedTypes
  const TypeScore& of(EntityType type) const;
  // A Markdown table with one row per type.
  std::string table() const;
};

SpanScores score_recognizer(const NameRecognizer& recognizer,
                            const std::vector<LabeledText>& examples);

}  // namespace hearth::privacy::names::training
