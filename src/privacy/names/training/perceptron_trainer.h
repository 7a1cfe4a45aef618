// Trains the name tagger: a structured averaged perceptron over the hashed
// features, decoded with Viterbi, then quantized to the model file's 8-bit
// weights (features whose weights all round to zero are dropped).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "../gazetteer.h"
#include "../tagger_model.h"
#include "example_generator.h"

namespace hearth::privacy::names::training {

struct TrainingOptions {
  std::size_t epochs = 8;
  std::uint64_t seed = 1;
  // Shares of name tokens whose own word, or whose gazetteer classes, are
  // hidden from the features, so the model learns context and shape too.
  double hide_identity_rate = 0.35;
  double hide_gazetteer_rate = 0.3;
  // Share of other words hidden, so no single context word decides alone.
  double hide_context_rate = 0.2;
  // Share of other words whose gazetteer classes are hidden: most capitalized
  // words that are not names ("Deliverables", "Onboarding") are in no list, so the
  // list of common words must not be the only thing that marks them.
  double hide_outside_gazetteer_rate = 0.25;
};

// Called after each epoch with its number and the share of tokens it tagged wrong.
using EpochReport = std::function<void(std::size_t epoch, double token_error_rate)>;

TaggerModel train_tagger(const std::vector<LabeledText>& examples,
                         const std::vector<GazetteerEntry>& gazetteer,
                         const TrainingOptions& options, const EpochReport& report = {});

}  // namespace hearth::privacy::names::training
