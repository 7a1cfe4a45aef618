#include "hearth/sampling/sampler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <vector>

#include "hearth/util/error.h"

namespace hearth::sampling {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();
// Reported log-probabilities against a double-precision reference.
constexpr double kLogprobTolerance = 1e-5;

SamplingParams greedy_params() {
  SamplingParams params;
  params.temperature = 0.0f;
  return params;
}

// Every truncation off: the draw follows softmax(logits / temperature).
SamplingParams plain_params(float temperature = 1.0f) {
  SamplingParams params;
  params.temperature = temperature;
  params.top_k = 0;
  params.top_p = 1.0f;
  params.min_p = 0.0f;
  return params;
}

std::vector<double> log_softmax(const std::vector<float>& logits) {
  double max = -std::numeric_limits<double>::infinity();
  for (const float logit : logits) max = std::max(max, static_cast<double>(logit));
  double sum = 0.0;
  for (const float logit : logits) sum += std::exp(static_cast<double>(logit) - max);
  std::vector<double> result;
  for (const float logit : logits)
    result.push_back(static_cast<double>(logit) - max - std::log(sum));
  return result;
}

std::vector<float> random_logits(std::size_t size, std::uint64_t seed, float scale = 3.0f) {
  std::mt19937_64 generator(seed);
  std::vector<float> logits(size);
  for (float& logit : logits) {
    // Uniform in [-scale, scale), from raw bits so the test data is the same everywhere.
    logit = static_cast<float>((static_cast<double>(generator() >> 11) * 0x1.0p-53 * 2.0 - 1.0) *
                               scale);
  }
  return logits;
}

std::map<TokenId, int> count_draws(const SamplingParams& params, const std::vector<float>& logits,
                                   int draws) {
  Sampler sampler(params, static_cast<std::int32_t>(logits.size()));
  std::map<TokenId, int> counts;
  for (int i = 0; i < draws; ++i) ++counts[sampler.sample(logits).token];
  return counts;
}

// Pearson's chi-square statistic of observed counts against probabilities;
// a token observed outside `expected` fails the test outright.
double chi_square(const std::map<TokenId, int>& counts, const std::map<TokenId, double>& expected,
                  int draws) {
  double statistic = 0.0;
  for (const auto& [token, count] : counts) {
    EXPECT_TRUE(expected.contains(token)) << "token " << token << " should never be drawn";
  }
  for (const auto& [token, probability] : expected) {
    const double wanted = probability * draws;
    const auto found = counts.find(token);
    const double seen = found == counts.end() ? 0.0 : found->second;
    statistic += (seen - wanted) * (seen - wanted) / wanted;
  }
  return statistic;
}

// softmax(logits[kept] / temperature) over the kept tokens only.
std::map<TokenId, double> renormalized(const std::vector<float>& logits,
                                       const std::vector<TokenId>& kept, double temperature) {
  double max = -std::numeric_limits<double>::infinity();
  for (const TokenId id : kept) max = std::max(max, static_cast<double>(logits[id]));
  std::map<TokenId, double> result;
  double sum = 0.0;
  for (const TokenId id : kept) {
    result[id] = std::exp((logits[id] - max) / temperature);
    sum += result[id];
  }
  for (auto& [id, p] : result) p /= sum;
  return result;
}

TEST(Greedy, PicksTheArgmax) {
  const std::vector<float> logits = random_logits(1000, 7);
  const auto expected =
      static_cast<TokenId>(std::max_element(logits.begin(), logits.end()) - logits.begin());
  Sampler sampler(greedy_params(), 1000);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(sampler.sample(logits).token, expected);
}

TEST(Greedy, NegativeTemperatureIsGreedy) {
  SamplingParams params = greedy_params();
  params.temperature = -0.5f;
  Sampler sampler(params, 4);
  EXPECT_EQ(sampler.sample(std::vector<float>{0.0f, 1.0f, 3.0f, 2.0f}).token, 2);
}

TEST(Greedy, TiesGoToTheLowestId) {
  Sampler sampler(greedy_params(), 5);
  EXPECT_EQ(sampler.sample(std::vector<float>{1.0f, 4.0f, 2.0f, 4.0f, 4.0f}).token, 1);
}

TEST(TopK, OneIsGreedyAtAnyTemperature) {
  const std::vector<float> logits = random_logits(500, 11);
  const auto expected =
      static_cast<TokenId>(std::max_element(logits.begin(), logits.end()) - logits.begin());
  for (const float temperature : {0.1f, 1.0f, 5.0f, 100.0f}) {
    SamplingParams params = plain_params(temperature);
    params.top_k = 1;
    Sampler sampler(params, 500);
    for (int i = 0; i < 50; ++i) EXPECT_EQ(sampler.sample(logits).token, expected);
  }
}

TEST(TopK, OneBreaksTiesTowardTheLowestId) {
  SamplingParams params = plain_params(2.0f);
  params.top_k = 1;
  Sampler sampler(params, 4);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(sampler.sample(std::vector<float>{0.0f, 3.0f, 1.0f, 3.0f}).token, 1);
  }
}

TEST(TopK, DrawsFollowTheTruncatedDistribution) {
  const std::vector<float> logits = {1.0f, 2.5f, 0.5f, 2.0f, 3.0f, -1.0f, 1.5f};
  SamplingParams params = plain_params(0.7f);
  params.top_k = 4;
  params.seed = 1234;
  constexpr int kDraws = 20000;
  const auto expected = renormalized(logits, {4, 1, 3, 6}, 0.7);
  // 3 degrees of freedom; 16.27 is the 0.1% critical value. The seed is
  // fixed, so this is a deterministic check, not a flaky one.
  EXPECT_LT(chi_square(count_draws(params, logits, kDraws), expected, kDraws), 16.27);
}

TEST(Temperature, DrawsFollowTheSoftmax) {
  const std::vector<float> logits = {0.0f, 1.0f, 2.0f, 0.5f, -0.5f};
  for (const float temperature : {0.5f, 1.0f, 2.0f}) {
    SamplingParams params = plain_params(temperature);
    params.seed = 77;
    constexpr int kDraws = 20000;
    const auto expected = renormalized(logits, {0, 1, 2, 3, 4}, temperature);
    // 4 degrees of freedom; 18.47 is the 0.1% critical value.
    EXPECT_LT(chi_square(count_draws(params, logits, kDraws), expected, kDraws), 18.47)
        << "at temperature " << temperature;
  }
}

TEST(TopP, KeepsTheSmallestSetReachingP) {
  // Probabilities 0.5, 0.25, 0.125, 0.0625, ... (logits are log2 steps).
  std::vector<float> logits;
  for (int i = 0; i < 8; ++i) logits.push_back(static_cast<float>(-i * std::log(2.0)));
  SamplingParams params = plain_params(1.0f);
  params.top_p = 0.8f;  // 0.5 + 0.25 = 0.75 < 0.8 <= 0.875: three tokens
  std::set<TokenId> seen;
  for (std::uint64_t seed = 0; seed < 300; ++seed) {
    params.seed = seed;
    Sampler sampler(params, 8);
    seen.insert(sampler.sample(logits).token);
  }
  EXPECT_EQ(seen, (std::set<TokenId>{0, 1, 2}));
}

TEST(TopP, AlwaysKeepsAtLeastOneToken) {
  SamplingParams params = plain_params(1.0f);
  params.top_p = 1e-6f;
  Sampler sampler(params, 4);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(sampler.sample(std::vector<float>{0.0f, 0.0f, 0.1f, 0.0f}).token, 2);
  }
}

TEST(TopP, DrawsFollowTheNucleusOnALargeFlatVocabulary) {
  // Large enough that top-p sorts the candidates in several chunks.
  const std::vector<float> logits = random_logits(5000, 3, 0.5f);
  SamplingParams params = plain_params(1.0f);
  params.top_p = 0.5f;
  std::vector<TokenId> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](TokenId a, TokenId b) {
    return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
  });
  const std::vector<double> reference = log_softmax(logits);
  std::set<TokenId> nucleus;
  double cumulative = 0.0;
  for (const TokenId id : order) {
    nucleus.insert(id);
    cumulative += std::exp(reference[id]);
    if (cumulative >= 0.5) break;
  }
  ASSERT_GT(nucleus.size(), 1000u);
  Sampler sampler(params, 5000);
  for (int i = 0; i < 2000; ++i) {
    EXPECT_TRUE(nucleus.contains(sampler.sample(logits).token));
  }
}

TEST(TopP, AppliesAfterTopKWithRenormalizedProbabilities) {
  // After top-k = 2 the two survivors have 0.8 and 0.2 of the mass; top-p 0.7
  // then keeps only the first, though over the full vocabulary it is < 0.7.
  const std::vector<float> logits = {std::log(0.4f), std::log(0.1f), std::log(0.09f),
                                     std::log(0.09f)};
  SamplingParams params = plain_params(1.0f);
  params.top_k = 2;
  params.top_p = 0.7f;
  for (std::uint64_t seed = 0; seed < 100; ++seed) {
    params.seed = seed;
    Sampler sampler(params, 4);
    EXPECT_EQ(sampler.sample(logits).token, 0);
  }
}

TEST(MinP, NeverPicksTokensBelowTheThreshold) {
  // Relative to the best (p_max), tokens have 1, 0.5, 0.2, 0.09, 0.01.
  const std::vector<float> logits = {std::log(1.0f), std::log(0.5f), std::log(0.2f),
                                     std::log(0.09f), std::log(0.01f)};
  SamplingParams params = plain_params(1.5f);
  params.min_p = 0.1f;
  std::set<TokenId> seen;
  for (std::uint64_t seed = 0; seed < 500; ++seed) {
    params.seed = seed;
    Sampler sampler(params, 5);
    seen.insert(sampler.sample(logits).token);
  }
  EXPECT_EQ(seen, (std::set<TokenId>{0, 1, 2}));
}

TEST(MinP, DrawsFollowTheTruncatedDistribution) {
  const std::vector<float> logits = {std::log(1.0f), std::log(0.5f), std::log(0.2f),
                                     std::log(0.09f), std::log(0.01f)};
  SamplingParams params = plain_params(0.8f);
  params.min_p = 0.1f;
  params.seed = 5;
  constexpr int kDraws = 20000;
  const auto expected = renormalized(logits, {0, 1, 2}, 0.8);
  // 2 degrees of freedom; 13.82 is the 0.1% critical value.
  EXPECT_LT(chi_square(count_draws(params, logits, kDraws), expected, kDraws), 13.82);
}

TEST(Chain, TopKTopPMinPTogether) {
  const std::vector<float> logits = random_logits(2000, 21);
  SamplingParams params;
  params.temperature = 1.3f;
  params.top_k = 30;
  params.top_p = 0.6f;
  params.min_p = 0.2f;
  std::vector<TokenId> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](TokenId a, TokenId b) {
    return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
  });
  order.resize(30);
  double top_k_mass = 0.0;
  for (const TokenId id : order) top_k_mass += std::exp(static_cast<double>(logits[id]));
  std::set<TokenId> allowed;
  double cumulative = 0.0;
  for (const TokenId id : order) {
    const double p = std::exp(static_cast<double>(logits[id]));
    if (p < 0.2 * std::exp(static_cast<double>(logits[order[0]]))) break;
    allowed.insert(id);
    cumulative += p / top_k_mass;
    if (cumulative >= 0.6) break;
  }
  for (std::uint64_t seed = 0; seed < 300; ++seed) {
    params.seed = seed;
    Sampler sampler(params, 2000);
    EXPECT_TRUE(allowed.contains(sampler.sample(logits).token));
  }
}

TEST(Penalties, ChangeExactlyTheExpectedLogits) {
  std::vector<float> logits = {2.0f, -1.0f, 0.5f, 1.0f, -2.0f, 0.0f};
  SamplingParams params = greedy_params();
  params.repeat_penalty = 2.0f;
  params.frequency_penalty = 0.25f;
  params.presence_penalty = 0.5f;
  params.top_logprobs = 6;
  Sampler sampler(params, 6);
  for (const TokenId token : {0, 1, 1, 4, 0, 0}) sampler.accept(token);
  const SampledToken result = sampler.sample(logits);

  std::vector<float> penalized = logits;
  penalized[0] = 2.0f / 2.0f - 3 * 0.25f - 0.5f;   // positive: divided
  penalized[1] = -1.0f * 2.0f - 2 * 0.25f - 0.5f;  // negative: multiplied
  penalized[4] = -2.0f * 2.0f - 1 * 0.25f - 0.5f;
  const std::vector<double> reference = log_softmax(penalized);
  ASSERT_EQ(result.top.size(), 6u);
  for (const TokenLogprob& alternative : result.top) {
    EXPECT_NEAR(alternative.logprob, reference[alternative.token], kLogprobTolerance)
        << "token " << alternative.token;
  }
  EXPECT_EQ(result.token, 3);  // 1.0, now the best
}

TEST(Penalties, OnlyTheLastNTokensCount) {
  SamplingParams params = greedy_params();
  params.presence_penalty = 2.0f;
  params.penalty_last_n = 2;
  Sampler sampler(params, 3);
  sampler.accept(0);  // pushed out by the next two
  sampler.accept(1);
  sampler.accept(1);
  const SampledToken result = sampler.sample(std::vector<float>{1.0f, 1.5f, 0.0f});
  EXPECT_EQ(result.token, 0);  // 1 fell to -0.5; 0 is not penalized
}

TEST(Penalties, MinusOneCountsTheWholeHistory) {
  SamplingParams params = greedy_params();
  params.frequency_penalty = 1.0f;
  params.penalty_last_n = -1;
  params.top_logprobs = 1;
  Sampler sampler(params, 2);
  for (int i = 0; i < 500; ++i) sampler.accept(0);
  const SampledToken result = sampler.sample(std::vector<float>{0.0f, 0.0f});
  EXPECT_EQ(result.token, 1);
  EXPECT_NEAR(result.logprob, -std::log1p(std::exp(-500.0)), kLogprobTolerance);
}

TEST(Penalties, ZeroLastNTurnsThemOff) {
  SamplingParams params = greedy_params();
  params.repeat_penalty = 5.0f;
  params.presence_penalty = 2.0f;
  params.penalty_last_n = 0;
  Sampler sampler(params, 2);
  for (int i = 0; i < 10; ++i) sampler.accept(0);
  EXPECT_EQ(sampler.sample(std::vector<float>{1.0f, 0.5f}).token, 0);
}

TEST(Penalties, SampledTokensJoinTheHistory) {
  SamplingParams params = greedy_params();
  params.presence_penalty = 1.0f;
  Sampler sampler(params, 3);
  const std::vector<float> logits = {1.0f, 0.8f, 0.6f};
  // Each pick is penalized next time, so greedy cycles through the tokens.
  EXPECT_EQ(sampler.sample(logits).token, 0);
  EXPECT_EQ(sampler.sample(logits).token, 1);
  EXPECT_EQ(sampler.sample(logits).token, 2);
}

TEST(Penalties, AcceptRejectsTokensOutsideTheVocabulary) {
  Sampler sampler(SamplingParams{}, 3);
  EXPECT_THROW(sampler.accept(3), Error);
  EXPECT_THROW(sampler.accept(-1), Error);
}

TEST(Reproducibility, SameSeedSameSequence) {
  const std::vector<float> logits = random_logits(3000, 5, 1.0f);
  SamplingParams params;
  params.top_k = 0;
  params.min_p = 0.0f;
  params.top_p = 0.9f;
  params.seed = 2024;
  Sampler first(params, 3000);
  Sampler second(params, 3000);
  std::vector<TokenId> tokens;
  for (int i = 0; i < 100; ++i) {
    tokens.push_back(first.sample(logits).token);
    EXPECT_EQ(second.sample(logits).token, tokens.back());
  }
  EXPECT_GT(std::set<TokenId>(tokens.begin(), tokens.end()).size(), 50u);

  first.reset();
  for (int i = 0; i < 100; ++i) EXPECT_EQ(first.sample(logits).token, tokens[i]);

  params.seed = 2025;
  Sampler other(params, 3000);
  int same = 0;
  for (int i = 0; i < 100; ++i) same += other.sample(logits).token == tokens[i];
  EXPECT_LT(same, 10);
}

TEST(Reproducibility, ResetForgetsTheHistory) {
  SamplingParams params = greedy_params();
  params.presence_penalty = 2.0f;
  Sampler sampler(params, 2);
  const std::vector<float> logits = {1.0f, 0.0f};
  EXPECT_EQ(sampler.sample(logits).token, 0);
  EXPECT_EQ(sampler.sample(logits).token, 1);
  sampler.reset();
  EXPECT_EQ(sampler.sample(logits).token, 0);
}

TEST(Reproducibility, FixedSeedGivesTheSameTokensEverywhere) {
  // Pinned values: mt19937_64 and the sampler's arithmetic are specified,
  // so any platform must reproduce these.
  const std::vector<float> logits = {0.0f, 1.0f, 2.0f, 0.5f, -0.5f, 1.5f};
  SamplingParams params = plain_params(1.0f);
  params.seed = 42;
  Sampler sampler(params, 6);
  std::vector<TokenId> tokens;
  for (int i = 0; i < 12; ++i) tokens.push_back(sampler.sample(logits).token);
  EXPECT_EQ(tokens, (std::vector<TokenId>{5, 3, 5, 1, 5, 1, 2, 2, 2, 2, 0, 2}));
}

TEST(Logprobs, MatchADoublePrecisionLogSoftmax) {
  const std::vector<float> logits = random_logits(4096, 9, 20.0f);
  const std::vector<double> reference = log_softmax(logits);
  for (const float temperature : {0.0f, 0.5f, 3.0f}) {
    SamplingParams params;
    params.temperature = temperature;  // never changes the reported numbers
    params.top_logprobs = 20;
    Sampler sampler(params, 4096);
    for (int i = 0; i < 5; ++i) {
      const SampledToken result = sampler.sample(logits);
      EXPECT_NEAR(result.logprob, reference[result.token], kLogprobTolerance);
      ASSERT_EQ(result.top.size(), 20u);
      for (const TokenLogprob& alternative : result.top) {
        EXPECT_NEAR(alternative.logprob, reference[alternative.token], kLogprobTolerance);
      }
    }
  }
}

TEST(Logprobs, TopAlternativesAreTheBestMostLikelyFirst) {
  const std::vector<float> logits = random_logits(1000, 13);
  std::vector<TokenId> order(logits.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](TokenId a, TokenId b) {
    return logits[a] > logits[b] || (logits[a] == logits[b] && a < b);
  });
  SamplingParams params = greedy_params();
  params.top_logprobs = 7;
  Sampler sampler(params, 1000);
  const SampledToken result = sampler.sample(logits);
  ASSERT_EQ(result.top.size(), 7u);
  for (std::size_t i = 0; i < 7; ++i) EXPECT_EQ(result.top[i].token, order[i]);
  EXPECT_EQ(result.top[0].token, result.token);
  EXPECT_FLOAT_EQ(result.top[0].logprob, result.logprob);
}

TEST(Logprobs, TiedAlternativesAreInIdOrder) {
  SamplingParams params = greedy_params();
  params.top_logprobs = 4;
  Sampler sampler(params, 6);
  const SampledToken result =
      sampler.sample(std::vector<float>{0.0f, 2.0f, 1.0f, 2.0f, 1.0f, 2.0f});
  std::vector<TokenId> tokens;
  for (const TokenLogprob& alternative : result.top) tokens.push_back(alternative.token);
  EXPECT_EQ(tokens, (std::vector<TokenId>{1, 3, 5, 2}));
}

TEST(Logprobs, AtMostTheVocabulary) {
  SamplingParams params = greedy_params();
  params.top_logprobs = 20;
  Sampler sampler(params, 3);
  EXPECT_EQ(sampler.sample(std::vector<float>{0.0f, 1.0f, 2.0f}).top.size(), 3u);
}

TEST(Logprobs, NoneRequestedNoneReported) {
  Sampler sampler(SamplingParams{}, 3);
  EXPECT_TRUE(sampler.sample(std::vector<float>{0.0f, 1.0f, 2.0f}).top.empty());
}

TEST(NonFinite, NaNIsNeverPicked) {
  const std::vector<float> logits = {kNaN, 0.0f, kNaN, 0.5f, kNaN};
  SamplingParams params = plain_params(1.0f);
  params.top_logprobs = 5;
  Sampler sampler(params, 5);
  for (int i = 0; i < 200; ++i) {
    const SampledToken result = sampler.sample(logits);
    EXPECT_TRUE(result.token == 1 || result.token == 3);
    EXPECT_TRUE(std::isfinite(result.logprob));
    EXPECT_EQ(result.top[2].logprob, -kInf);
  }
  Sampler greedy(greedy_params(), 5);
  EXPECT_EQ(greedy.sample(logits).token, 3);
}

TEST(NonFinite, PositiveInfinityTokensShareTheProbability) {
  const std::vector<float> logits = {0.0f, kInf, 3.0f, kInf};
  SamplingParams params = plain_params(1.0f);
  params.top_logprobs = 2;
  std::set<TokenId> seen;
  for (std::uint64_t seed = 0; seed < 100; ++seed) {
    params.seed = seed;
    Sampler sampler(params, 4);
    const SampledToken result = sampler.sample(logits);
    seen.insert(result.token);
    EXPECT_NEAR(result.logprob, -std::log(2.0), kLogprobTolerance);
  }
  EXPECT_EQ(seen, (std::set<TokenId>{1, 3}));
  Sampler greedy(greedy_params(), 4);
  EXPECT_EQ(greedy.sample(logits).token, 1);
}

TEST(NonFinite, NegativeInfinityIsExcluded) {
  const std::vector<float> logits = {-kInf, -kInf, 1.0f, -kInf};
  Sampler sampler(plain_params(5.0f), 4);
  for (int i = 0; i < 50; ++i) {
    const SampledToken result = sampler.sample(logits);
    EXPECT_EQ(result.token, 2);
    EXPECT_NEAR(result.logprob, 0.0, kLogprobTolerance);
  }
}

TEST(NonFinite, AllImpossibleFallsBackToTheLowestId) {
  const std::vector<float> logits = {-kInf, kNaN, -kInf, kNaN};
  for (const SamplingParams& base : {greedy_params(), plain_params(1.0f), SamplingParams{}}) {
    SamplingParams params = base;
    params.top_logprobs = 2;
    Sampler sampler(params, 4);
    const SampledToken result = sampler.sample(logits);
    EXPECT_EQ(result.token, 0);
    EXPECT_NEAR(result.logprob, -std::log(4.0), kLogprobTolerance);
    ASSERT_EQ(result.top.size(), 2u);
    EXPECT_EQ(result.top[0].token, 0);
    EXPECT_EQ(result.top[1].token, 1);
  }
}

TEST(NonFinite, PenaltiesOnExtremeLogitsStayFinite) {
  SamplingParams params = plain_params(1.0f);
  params.repeat_penalty = 1e-30f;  // divides a positive logit into +inf
  Sampler sampler(params, 3);
  sampler.accept(0);
  const SampledToken result = sampler.sample(std::vector<float>{1e10f, 0.0f, kNaN});
  EXPECT_EQ(result.token, 0);
  EXPECT_TRUE(std::isfinite(result.logprob));
}

TEST(Errors, LogitCountMustMatchTheVocabulary) {
  Sampler sampler(SamplingParams{}, 4);
  try {
    sampler.sample(std::vector<float>{0.0f, 1.0f, 2.0f});
    ADD_FAILURE() << "3 logits were accepted for a vocabulary of 4";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
  }
}

TEST(Errors, AFailedCallLeavesTheSamplerUnchanged) {
  const std::vector<float> logits = {0.0f, 0.2f, 0.4f, 0.1f};
  Sampler fresh(plain_params(1.0f), 4);
  Sampler failed(plain_params(1.0f), 4);
  EXPECT_THROW(failed.sample(std::vector<float>{0.0f}), Error);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(failed.sample(logits).token, fresh.sample(logits).token);
}

}  // namespace
}  // namespace hearth::sampling
