#include "logit_math.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace hearth::sampling::detail {
namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
// exp_nonpositive against double-precision exp, relative.
constexpr double kExpTolerance = 3e-7;

TEST(ExpNonpositive, MatchesDoublePrecisionExp) {
  // Every 2^-10 from -87 to 0, plus the awkward points in between.
  for (int step = -87 * 1024; step <= 0; ++step) {
    for (const float offset : {0.0f, 0.3f, 0.5f, 0.77f}) {
      const float x = std::min(0.0f, (static_cast<float>(step) + offset) / 1024.0f);
      const double exact = std::exp(static_cast<double>(x));
      ASSERT_NEAR(exp_nonpositive(x) / exact, 1.0, kExpTolerance) << "x = " << x;
    }
  }
  EXPECT_EQ(exp_nonpositive(0.0f), 1.0f);
}

TEST(ExpNonpositive, UnderflowsToZero) {
  EXPECT_EQ(exp_nonpositive(-87.5f), 0.0f);
  EXPECT_EQ(exp_nonpositive(-1e30f), 0.0f);
  EXPECT_EQ(exp_nonpositive(-kInf), 0.0f);
}

// Sizes around the lane count, so the vector body and the tail both run.
const std::vector<std::size_t> kAwkwardSizes = {1,  2,  3,  5,    7,    15,  16,
                                                17, 31, 33, 1023, 1025, 2049};

std::vector<float> ramp(std::size_t size) {
  std::vector<float> values(size);
  for (std::size_t i = 0; i < size; ++i) {
    values[i] = static_cast<float>((i * 37) % 101) * 0.25f - 12.0f;
  }
  return values;
}

TEST(SanitizeAndFindMax, FindsTheMaximumAtEveryPosition) {
  for (const std::size_t size : kAwkwardSizes) {
    for (std::size_t position = 0; position < size;
         position += std::max<std::size_t>(1, size / 7)) {
      std::vector<float> values = ramp(size);
      values[position] = 1000.0f;
      EXPECT_EQ(sanitize_and_find_max(values), 1000.0f) << size << " " << position;
      EXPECT_EQ(first_index_of(values, 1000.0f), position);
    }
  }
}

TEST(SanitizeAndFindMax, ReplacesNonFiniteValues) {
  std::vector<float> values = {std::numeric_limits<float>::quiet_NaN(), 1.0f, kInf, -kInf};
  EXPECT_EQ(sanitize_and_find_max(values), std::numeric_limits<float>::max());
  EXPECT_EQ(values, (std::vector<float>{-kInf, 1.0f, std::numeric_limits<float>::max(), -kInf}));
  std::vector<float> impossible(33, std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(sanitize_and_find_max(impossible), -kInf);
}

TEST(ExpShifted, SumsLikeADoubleLoop) {
  for (const std::size_t size : kAwkwardSizes) {
    const std::vector<float> values = ramp(size);
    std::vector<float> exps(size);
    const double sum = exp_shifted(values, 13.25f, exps);
    double exact = 0.0;
    for (std::size_t i = 0; i < size; ++i) {
      const double e = std::exp(static_cast<double>(values[i]) - 13.25);
      EXPECT_NEAR(exps[i] / e, 1.0, kExpTolerance);
      exact += e;
    }
    EXPECT_NEAR(sum / exact, 1.0, kExpTolerance) << size;
  }
}

TEST(MassAtOrAbove, SumsTheKeptValues) {
  for (const std::size_t size : kAwkwardSizes) {
    const std::vector<float> values = ramp(size);
    std::vector<float> exps(size);
    exp_shifted(values, 13.25f, exps);
    for (const float threshold : {-kInf, -12.0f, 0.0f, 5.5f, 100.0f}) {
      double mass = 0.0;
      for (std::size_t i = 0; i < size; ++i) mass += values[i] >= threshold ? exps[i] : 0.0;
      EXPECT_NEAR(mass_at_or_above(values, exps, threshold), mass, 1e-9 * (mass + 1e-30))
          << size << " " << threshold;
    }
  }
}

}  // namespace
}  // namespace hearth::sampling::detail
