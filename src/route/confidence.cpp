#include "hearth/route/confidence.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace hearth::route {
namespace {

double plogp(double p) {
  return p > 0 ? p * std::log(p) : 0.0;
}

// The entropy of one token's distribution, known only through its top
// alternatives: the mass they leave over counts as one more outcome, which
// underestimates the true entropy but never invents certainty.
double token_entropy(const TokenScore& token) {
  double known_mass = 0;
  double entropy = 0;
  if (token.top_logprobs.empty()) {
    const double p = std::exp(static_cast<double>(token.logprob));
    known_mass = p;
    entropy -= plogp(p);
  } else {
    for (const float logprob : token.top_logprobs) {
      const double p = std::exp(static_cast<double>(logprob));
      known_mass += p;
      entropy -= plogp(p);
    }
  }
  entropy -= plogp(std::max(0.0, 1.0 - known_mass));
  return entropy;
}

}  // namespace

ConfidenceScore score_tokens(std::span<const TokenScore> tokens) {
  ConfidenceScore score;
  score.tokens = tokens.size();
  if (tokens.empty()) return score;
  double logprob_sum = 0;
  double entropy_sum = 0;
  for (const TokenScore& token : tokens) {
    logprob_sum += token.logprob;
    entropy_sum += token_entropy(token);
  }
  score.mean_logprob = logprob_sum / static_cast<double>(tokens.size());
  score.mean_entropy = entropy_sum / static_cast<double>(tokens.size());
  return score;
}

std::optional<std::string> below_thresholds(const ConfidenceScore& score,
                                            const ConfidenceThresholds& thresholds) {
  if (thresholds.escalate_invalid_structured && score.structured_valid == false) {
    return std::string("the answer is not valid structured output");
  }
  if (score.tokens == 0) return std::string("the local answer is empty");
  if (score.mean_logprob < thresholds.min_mean_logprob) {
    return fmt::format("mean token log-probability {:.2f} < {:.2f}", score.mean_logprob,
                       thresholds.min_mean_logprob);
  }
  if (score.mean_entropy > thresholds.max_mean_entropy) {
    return fmt::format("mean token entropy {:.2f} > {:.2f}", score.mean_entropy,
                       thresholds.max_mean_entropy);
  }
  return std::nullopt;
}

}  // namespace hearth::route
