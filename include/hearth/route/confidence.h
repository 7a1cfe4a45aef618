// How sure the local model was of its answer, from the answer's own token
// log-probabilities: the signals of a confidence cascade.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>

namespace hearth::route {

struct TokenScore {
  float logprob = 0;  // of the chosen token
  // The top alternatives' log-probabilities (the chosen one may be among
  // them); used to estimate the entropy of the distribution.
  std::span<const float> top_logprobs;
};

struct ConfidenceScore {
  double mean_logprob = 0;  // mean over the answer's tokens
  double mean_entropy = 0;  // nats, mean over tokens, from the top alternatives
  std::size_t tokens = 0;
  // For structured output (json_object / json_schema): whether the answer
  // validates; nullopt when the request asked for none.
  std::optional<bool> structured_valid;
};

struct ConfidenceThresholds {
  bool enabled = false;
  double min_mean_logprob = -1.0;  // escalate below
  double max_mean_entropy = 2.0;   // escalate above
  bool escalate_invalid_structured = true;
};

// Entropy per token from the top-k alternatives: their probabilities are
// renormalized with the rest of the mass spread as one "other" bucket.
ConfidenceScore score_tokens(std::span<const TokenScore> tokens);

// Why the answer falls short of the thresholds; nullopt when it does not.
std::optional<std::string> below_thresholds(const ConfidenceScore& score,
                                            const ConfidenceThresholds& thresholds);

}  // namespace hearth::route
