#include "hearth/route/confidence.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace hearth::route {
namespace {

TEST(Confidence, MeanLogprobAndEntropyOfCertainTokensAreZero) {
  const std::vector<float> top = {0.0f};
  const std::vector<TokenScore> tokens(5, TokenScore{0.0f, top});
  const ConfidenceScore score = score_tokens(tokens);
  EXPECT_EQ(score.tokens, 5u);
  EXPECT_NEAR(score.mean_logprob, 0.0, 1e-9);
  EXPECT_NEAR(score.mean_entropy, 0.0, 1e-9);
}

TEST(Confidence, UniformAlternativesGiveTheirEntropy) {
  const float quarter = std::log(0.25f);
  const std::vector<float> top = {quarter, quarter, quarter, quarter};
  const std::vector<TokenScore> tokens = {TokenScore{quarter, top}};
  const ConfidenceScore score = score_tokens(tokens);
  EXPECT_NEAR(score.mean_logprob, std::log(0.25), 1e-6);
  EXPECT_NEAR(score.mean_entropy, std::log(4.0), 1e-5);
}

TEST(Confidence, MassOutsideTheTopCountsAsOneOutcome) {
  const float half = std::log(0.5f);
  const std::vector<TokenScore> tokens = {TokenScore{half, {}}};
  EXPECT_NEAR(score_tokens(tokens).mean_entropy, std::log(2.0), 1e-6);
}

TEST(Confidence, ThresholdsSayWhy) {
  ConfidenceThresholds thresholds;
  thresholds.min_mean_logprob = -1.0;
  thresholds.max_mean_entropy = 1.0;
  ConfidenceScore score;
  score.tokens = 3;
  EXPECT_FALSE(below_thresholds(score, thresholds).has_value());
  score.mean_entropy = 1.5;
  EXPECT_NE(below_thresholds(score, thresholds)->find("entropy"), std::string::npos);
  score.mean_entropy = 0;
  score.structured_valid = false;
  EXPECT_NE(below_thresholds(score, thresholds)->find("structured"), std::string::npos);
  thresholds.escalate_invalid_structured = false;
  EXPECT_FALSE(below_thresholds(score, thresholds).has_value());
  score.tokens = 0;
  EXPECT_TRUE(below_thresholds(score, thresholds).has_value());
}

}  // namespace
}  // namespace hearth::route
