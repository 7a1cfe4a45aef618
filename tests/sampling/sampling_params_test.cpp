#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "hearth/sampling/sampler.h"
#include "hearth/util/error.h"

namespace hearth::sampling {
namespace {

using ::testing::HasSubstr;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

TEST(FindInvalidParameter, DefaultsAreValid) {
  EXPECT_EQ(find_invalid_parameter(SamplingParams{}), "");
}

TEST(FindInvalidParameter, BoundaryValuesAreValid) {
  SamplingParams params;
  params.temperature = -1.0f;  // greedy, as in llama.cpp
  params.top_k = -5;
  params.top_p = 1.0f;
  params.min_p = 1.0f;
  params.repeat_penalty = 0.01f;
  params.frequency_penalty = -2.0f;
  params.presence_penalty = 2.0f;
  params.penalty_last_n = -1;
  params.top_logprobs = 20;
  EXPECT_EQ(find_invalid_parameter(params), "");
  params.min_p = 0.0f;
  params.top_logprobs = 0;
  params.penalty_last_n = 0;
  EXPECT_EQ(find_invalid_parameter(params), "");
}

struct InvalidCase {
  std::string name;
  std::function<void(SamplingParams&)> change;
};

TEST(FindInvalidParameter, EachOutOfRangeParameterIsNamed) {
  const std::vector<InvalidCase> cases = {
      {"temperature", [](SamplingParams& p) { p.temperature = kNaN; }},
      {"temperature", [](SamplingParams& p) { p.temperature = kInf; }},
      {"top_p", [](SamplingParams& p) { p.top_p = 0.0f; }},
      {"top_p", [](SamplingParams& p) { p.top_p = 1.5f; }},
      {"top_p", [](SamplingParams& p) { p.top_p = kNaN; }},
      {"min_p", [](SamplingParams& p) { p.min_p = -0.1f; }},
      {"min_p", [](SamplingParams& p) { p.min_p = 1.01f; }},
      {"min_p", [](SamplingParams& p) { p.min_p = kNaN; }},
      {"repeat_penalty", [](SamplingParams& p) { p.repeat_penalty = 0.0f; }},
      {"repeat_penalty", [](SamplingParams& p) { p.repeat_penalty = -1.0f; }},
      {"repeat_penalty", [](SamplingParams& p) { p.repeat_penalty = kInf; }},
      {"frequency_penalty", [](SamplingParams& p) { p.frequency_penalty = 2.5f; }},
      {"frequency_penalty", [](SamplingParams& p) { p.frequency_penalty = kNaN; }},
      {"presence_penalty", [](SamplingParams& p) { p.presence_penalty = -2.01f; }},
      {"presence_penalty", [](SamplingParams& p) { p.presence_penalty = -kInf; }},
      {"penalty_last_n", [](SamplingParams& p) { p.penalty_last_n = -2; }},
      {"top_logprobs", [](SamplingParams& p) { p.top_logprobs = -1; }},
      {"top_logprobs", [](SamplingParams& p) { p.top_logprobs = 21; }},
  };
  for (const InvalidCase& c : cases) {
    SamplingParams params;
    c.change(params);
    const std::string problem = find_invalid_parameter(params);
    EXPECT_THAT(problem, HasSubstr(c.name)) << "for " << c.name;
    try {
      Sampler sampler(params, 10);
      ADD_FAILURE() << "the constructor accepted a bad " << c.name;
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
      EXPECT_EQ(error.message(), problem);
    }
  }
}

TEST(FindInvalidParameter, MessageShowsTheValue) {
  SamplingParams params;
  params.top_p = 1.5f;
  EXPECT_EQ(find_invalid_parameter(params), "top_p must be in (0, 1], got 1.5");
}

TEST(Sampler, RejectsAnEmptyVocabulary) {
  try {
    Sampler sampler(SamplingParams{}, 0);
    ADD_FAILURE() << "n_vocab 0 was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
  }
}

TEST(Sampler, ParamsAreKept) {
  SamplingParams params;
  params.top_k = 7;
  params.seed = 99;
  const Sampler sampler(params, 10);
  EXPECT_EQ(sampler.params().top_k, 7);
  EXPECT_EQ(sampler.params().seed, 99u);
}

}  // namespace
}  // namespace hearth::sampling
