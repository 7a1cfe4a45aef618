// Quantize, dequantize, and measure: each lossy type must reproduce Gaussian
// data within a named error budget, on awkward block counts, and must handle
// zeros, constants, outliers and tiny magnitudes without NaNs.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "hearth/tensor/half.h"
#include "hearth/tensor/quantize.h"
#include "test_signals.h"

namespace hearth::tensor {
namespace {

using testing::gaussian_signal;
using testing::rms;
using testing::rms_error;

// Round-trip RMSE on unit Gaussian data relative to the data's RMS, as
// measured on 65536 values (hearth_bench_quantize reports the same figure):
//   F16 2.07e-4   BF16 1.66e-3   Q8_0 5.34e-3   Q6_K 1.78e-2   Q5_K 3.62e-2
//   Q5_1 3.79e-2  Q5_0 4.27e-2   Q4_K 7.14e-2   Q4_1 7.83e-2   Q4_0 8.60e-2
// Each budget allows 25% more: room for other data, but a lost bit of
// precision (which roughly doubles the error) fails.
struct ErrorBudget {
  TensorType type;
  double max_relative_rmse;
};

constexpr ErrorBudget kLossyBudgets[] = {
    {TensorType::f16, 2.6e-4},   {TensorType::bf16, 2.1e-3}, {TensorType::q8_0, 6.7e-3},
    {TensorType::q6_k, 2.2e-2},  {TensorType::q5_k, 4.5e-2}, {TensorType::q5_1, 4.7e-2},
    {TensorType::q5_0, 5.3e-2},  {TensorType::q4_k, 8.9e-2}, {TensorType::q4_1, 9.8e-2},
    {TensorType::q4_0, 1.08e-1},
};

std::uint32_t block_size(TensorType type) {
  return type_traits(type).block_size;
}

std::vector<std::byte> quantized(TensorType type, std::span<const float> values) {
  std::vector<std::byte> bytes(*bytes_for_elements(type, values.size()));
  quantize(type, values, bytes);
  return bytes;
}

std::vector<float> round_trip(TensorType type, std::span<const float> values) {
  const std::vector<std::byte> bytes = quantized(type, values);
  std::vector<float> decoded(values.size());
  dequantize(type, bytes, decoded);
  return decoded;
}

double relative_rmse(TensorType type, std::span<const float> values) {
  return rms_error(values, round_trip(type, values)) / rms(values);
}

class LossyRoundTrip : public ::testing::TestWithParam<ErrorBudget> {};

TEST_P(LossyRoundTrip, StaysWithinBudgetOnLargeGaussianRows) {
  const ErrorBudget budget = GetParam();
  // Unit scale, and the scale of real weight matrices, where k-quant super-
  // block factors fall into fp16's subnormal range.
  for (const double standard_deviation : {1.0, 0.02}) {
    const auto values = gaussian_signal(4096 * 16, 1234, standard_deviation);
    const double error = relative_rmse(budget.type, values);
    EXPECT_LE(error, budget.max_relative_rmse)
        << type_name(budget.type) << " at " << standard_deviation;
    // A budget far above the measurement would hide a regression.
    EXPECT_GE(error, budget.max_relative_rmse / 2)
        << type_name(budget.type) << " at " << standard_deviation;
  }
}

TEST_P(LossyRoundTrip, StaysWithinBudgetOnAwkwardBlockCounts) {
  const ErrorBudget budget = GetParam();
  // Small counts are noisier than the large-row measurement; allow for it.
  constexpr double kSmallSampleSlack = 1.6;
  for (const std::size_t blocks : {1u, 2u, 3u, 5u, 7u, 64u, 1023u}) {
    const std::size_t count = blocks * block_size(budget.type);
    for (const std::uint64_t seed : {1u, 2u, 3u}) {
      const auto values = gaussian_signal(count, seed * 7919 + blocks);
      EXPECT_LE(relative_rmse(budget.type, values), budget.max_relative_rmse * kSmallSampleSlack)
          << type_name(budget.type) << " blocks " << blocks << " seed " << seed;
    }
  }
}

TEST_P(LossyRoundTrip, ZerosComeBackExactlyZero) {
  const ErrorBudget budget = GetParam();
  const std::vector<float> zeros(7 * 256, 0.0f);
  for (const float value : round_trip(budget.type, zeros)) ASSERT_EQ(value, 0.0f);
}

TEST_P(LossyRoundTrip, ConstantRowsComeBackConstant) {
  const ErrorBudget budget = GetParam();
  // Twice the RMS budget still bounds the worst element of a constant row:
  // for F16/BF16 that is above half an ulp, for block types above the fp16
  // rounding of the block scale.
  for (const float constant : {0.37f, -1.5f, 1000.0f, 0.01f}) {
    const std::vector<float> values(3 * 256, constant);
    for (const float value : round_trip(budget.type, values)) {
      ASSERT_NEAR(value, constant, std::fabs(constant) * 2 * budget.max_relative_rmse)
          << type_name(budget.type) << " constant " << constant;
    }
  }
}

TEST_P(LossyRoundTrip, AnOutlierOnlyCostsItsOwnBlock) {
  const ErrorBudget budget = GetParam();
  const std::size_t block = std::max<std::size_t>(block_size(budget.type), 256);
  auto values = gaussian_signal(8 * block, 99);
  const std::size_t outlier_index = 3 * block + 17;
  values[outlier_index] = 1000.0f;
  const auto decoded = round_trip(budget.type, values);

  EXPECT_NEAR(decoded[outlier_index], 1000.0f, 1000.0f * budget.max_relative_rmse);
  // Blocks of the type nest inside these 256-value windows, so every window
  // but the outlier's is quantized exactly as if the outlier were not there.
  for (std::size_t window = 0; window < 8; ++window) {
    if (window == 3) continue;
    const auto original = std::span(values).subspan(window * block, block);
    const auto restored = std::span<const float>(decoded).subspan(window * block, block);
    EXPECT_LE(rms_error(original, restored) / rms(original), budget.max_relative_rmse * 1.6)
        << type_name(budget.type) << " window " << window;
  }
}

TEST_P(LossyRoundTrip, TinyMagnitudesStayFiniteAndSmall) {
  const ErrorBudget budget = GetParam();
  for (const double magnitude : {1e-30, 1e-9, 1e-6}) {
    const auto values = gaussian_signal(5 * 256, 5, magnitude);
    const auto decoded = round_trip(budget.type, values);
    const float largest =
        std::fabs(*std::max_element(values.begin(), values.end(),
                                    [](float a, float b) { return std::fabs(a) < std::fabs(b); }));
    for (std::size_t i = 0; i < values.size(); ++i) {
      ASSERT_TRUE(std::isfinite(decoded[i])) << type_name(budget.type) << " at " << magnitude;
      // Scales below fp16's range flush towards zero, so the error may reach
      // the value itself, but never more than the block's largest value.
      ASSERT_LE(std::fabs(decoded[i] - values[i]), 2 * largest)
          << type_name(budget.type) << " at " << magnitude;
    }
  }
}

TEST_P(LossyRoundTrip, QuantizingIsDeterministicAndBlockLocal) {
  const ErrorBudget budget = GetParam();
  const auto values = gaussian_signal(9 * 256, 77);
  const auto first = quantized(budget.type, values);
  EXPECT_EQ(quantized(budget.type, values), first);

  // Quantizing the second half alone gives the second half of the bytes.
  const auto second_half = std::span(values).subspan(4 * 256);
  const auto alone = quantized(budget.type, second_half);
  const std::size_t offset = first.size() - alone.size();
  EXPECT_TRUE(
      std::equal(alone.begin(), alone.end(), first.begin() + static_cast<std::ptrdiff_t>(offset)));
}

INSTANTIATE_TEST_SUITE_P(Types, LossyRoundTrip, ::testing::ValuesIn(kLossyBudgets),
                         [](const ::testing::TestParamInfo<ErrorBudget>& param) {
                           return std::string(type_name(param.param.type));
                         });

TEST(F32RoundTrip, IsExactIncludingSpecialValues) {
  const std::vector<float> values = {0.0f,
                                     -0.0f,
                                     1.0f,
                                     -3.4e38f,
                                     1e-45f,
                                     std::numeric_limits<float>::infinity(),
                                     std::numeric_limits<float>::quiet_NaN()};
  const auto decoded = round_trip(TensorType::f32, values);
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(std::bit_cast<std::uint32_t>(decoded[i]), std::bit_cast<std::uint32_t>(values[i]));
  }
}

TEST(HalfRoundTrip, MatchesElementwiseConversion) {
  auto values = gaussian_signal(1000, 8, 100.0);
  values.push_back(std::numeric_limits<float>::infinity());
  values.push_back(-1e9f);
  values.push_back(std::numeric_limits<float>::quiet_NaN());
  const auto as_f16 = round_trip(TensorType::f16, values);
  const auto as_bf16 = round_trip(TensorType::bf16, values);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float f16 = fp16_to_fp32(fp32_to_fp16(values[i]));
    const float bf16 = bf16_to_fp32(fp32_to_bf16(values[i]));
    EXPECT_EQ(std::bit_cast<std::uint32_t>(as_f16[i]), std::bit_cast<std::uint32_t>(f16)) << i;
    EXPECT_EQ(std::bit_cast<std::uint32_t>(as_bf16[i]), std::bit_cast<std::uint32_t>(bf16)) << i;
  }
}

// Q8_0's error bound, derived in double: each value is within half a step of
// its level, plus the error of storing the step (amax / 127) as fp16.
TEST(Q8_0RoundTrip, EveryValueWithinHalfAStepPlusScaleRounding) {
  const auto values = gaussian_signal(32 * 333, 31);
  const auto decoded = round_trip(TensorType::q8_0, values);
  for (std::size_t block = 0; block < values.size() / 32; ++block) {
    double max_magnitude = 0.0;
    for (std::size_t i = 0; i < 32; ++i)
      max_magnitude = std::max(max_magnitude, std::fabs(double{values[block * 32 + i]}));
    const double step = max_magnitude / 127.0;
    const double bound = step / 2 + 127.0 * step * 0x1p-11 + 1e-12;
    for (std::size_t i = 0; i < 32; ++i) {
      const std::size_t index = block * 32 + i;
      EXPECT_LE(std::fabs(double{decoded[index]} - double{values[index]}), bound) << index;
    }
  }
}

}  // namespace
}  // namespace hearth::tensor
