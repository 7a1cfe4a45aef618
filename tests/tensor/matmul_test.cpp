// tensor::multiply at every kernel level against a double-precision product
// of the dequantized weights and the dequantized activations, and every SIMD
// level against the scalar one, on awkward shapes.
#include "hearth/tensor/matmul.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "../../src/tensor/kernels/matmul_layout.h"
#include "hearth/tensor/quantize.h"
#include "hearth/util/error.h"

namespace hearth::tensor {
namespace {

// Every kernel computes exact integer (or exact bf16) products and sums them
// in float; the error is float rounding, relative to the sum of |terms|.
constexpr double kArithmeticTolerance = 2e-5;
// SIMD against scalar: both round the same integer block sums in float.
constexpr double kLevelTolerance = 2e-5;
constexpr float kUntouched = -12345.0f;

struct TypeCase {
  TensorType type;
  std::vector<std::int64_t> cols;
};

const std::vector<TypeCase>& type_cases() {
  static const std::vector<TypeCase> cases = [] {
    const std::vector<std::int64_t> floats = {1, 2, 3, 7, 16, 33, 100, 600, 1100};
    const std::vector<std::int64_t> blocks32 = {32, 64, 96, 160, 224, 2080};
    const std::vector<std::int64_t> super_blocks = {256, 512, 768, 2304};
    return std::vector<TypeCase>{
        {TensorType::f32, floats},        {TensorType::f16, floats},
        {TensorType::bf16, floats},       {TensorType::q8_0, blocks32},
        {TensorType::q4_0, blocks32},     {TensorType::q4_1, blocks32},
        {TensorType::q5_0, blocks32},     {TensorType::q5_1, blocks32},
        {TensorType::q4_k, super_blocks}, {TensorType::q5_k, super_blocks},
        {TensorType::q6_k, super_blocks},
    };
  }();
  return cases;
}

constexpr std::int64_t kRows[] = {1, 2, 3, 5, 7, 17, 33};
constexpr std::int64_t kTokens[] = {1, 2, 3, 5, 8, 13};

std::vector<float> random_values(std::size_t count, std::uint64_t seed) {
  std::mt19937_64 generator(seed);
  std::normal_distribution<float> distribution(0.0f, 1.0f);
  std::vector<float> values(count);
  for (float& value : values) value = distribution(generator);
  return values;
}

struct Weights {
  std::vector<std::byte> bytes;
  std::vector<float> dequantized;  // rows x cols
  WeightMatrix matrix;
};

Weights make_weights(TensorType type, std::int64_t rows, std::int64_t cols, std::uint64_t seed) {
  Weights weights;
  const std::vector<float> values = random_values(static_cast<std::size_t>(rows * cols), seed);
  const std::size_t row_bytes = *bytes_for_elements(type, static_cast<std::uint64_t>(cols));
  weights.bytes.resize(row_bytes * static_cast<std::size_t>(rows));
  weights.dequantized.resize(values.size());
  quantize(type, values, weights.bytes);
  dequantize(type, weights.bytes, weights.dequantized);
  weights.matrix = {type, rows, cols, weights.bytes.data(), row_bytes};
  return weights;
}

// The activations each kernel multiplies, read back from the ggml blocks at
// the start of each activation row.
std::vector<float> dequantized_activations(const Activations& x) {
  const TensorType partner = activation_type(x.weight_type());
  const auto cols = static_cast<std::size_t>(x.cols());
  const std::size_t bytes = *bytes_for_elements(partner, cols);
  std::vector<float> values(static_cast<std::size_t>(x.tokens()) * cols);
  for (std::int64_t t = 0; t < x.tokens(); ++t) {
    dequantize(partner, std::span(x.row(t), bytes),
               std::span(values).subspan(static_cast<std::size_t>(t) * cols, cols));
  }
  return values;
}

struct Reference {
  std::vector<double> value;      // tokens x rows
  std::vector<double> magnitude;  // sum of |terms|, the scale of rounding error
};

Reference reference_product(const Weights& weights, const std::vector<float>& x,
                            std::int64_t tokens) {
  const std::int64_t rows = weights.matrix.rows;
  const std::int64_t cols = weights.matrix.cols;
  Reference reference{std::vector<double>(static_cast<std::size_t>(tokens * rows)),
                      std::vector<double>(static_cast<std::size_t>(tokens * rows))};
  for (std::int64_t t = 0; t < tokens; ++t) {
    for (std::int64_t r = 0; r < rows; ++r) {
      double sum = 0;
      double magnitude = 0;
      for (std::int64_t k = 0; k < cols; ++k) {
        const double term =
            static_cast<double>(weights.dequantized[r * cols + k]) * x[t * cols + k];
        sum += term;
        magnitude += std::fabs(term);
      }
      reference.value[t * rows + r] = sum;
      reference.magnitude[t * rows + r] = magnitude;
    }
  }
  return reference;
}

std::string describe(TensorType type, KernelLevel level, std::int64_t rows, std::int64_t cols,
                     std::int64_t tokens) {
  return std::string(type_name(type)) + " " + std::string(kernel_level_name(level)) + " rows " +
         std::to_string(rows) + " cols " + std::to_string(cols) + " tokens " +
         std::to_string(tokens);
}

// y (tokens x ldy) for rows [begin, end), kUntouched elsewhere.
std::vector<float> run(const Weights& weights, const Activations& x, std::int64_t begin,
                       std::int64_t end, std::int64_t ldy, KernelLevel level) {
  std::vector<float> y(static_cast<std::size_t>(x.tokens() * ldy), kUntouched);
  multiply(weights.matrix, x, begin, end, y.data(), ldy, level);
  return y;
}

TEST(Matmul, EveryLevelMatchesTheDequantizedProduct) {
  std::uint64_t seed = 1;
  for (const TypeCase& type_case : type_cases()) {
    for (const std::int64_t cols : type_case.cols) {
      for (const std::int64_t rows : kRows) {
        const Weights weights = make_weights(type_case.type, rows, cols, ++seed);
        for (const std::int64_t tokens : kTokens) {
          const std::vector<float> input =
              random_values(static_cast<std::size_t>(tokens * cols), ++seed);
          std::vector<float> scalar_y;
          for (const KernelLevel level : supported_kernel_levels()) {
            const std::string what = describe(type_case.type, level, rows, cols, tokens);
            Activations x;
            x.reshape(type_case.type, tokens, cols);
            x.convert(input.data(), cols, 0, tokens, level);
            const Reference reference =
                reference_product(weights, dequantized_activations(x), tokens);
            const std::vector<float> y = run(weights, x, 0, rows, rows, level);
            for (std::int64_t i = 0; i < tokens * rows; ++i) {
              ASSERT_NEAR(y[i], reference.value[i],
                          kArithmeticTolerance * reference.magnitude[i] + 1e-30)
                  << what << " at " << i;
            }
            if (level == KernelLevel::scalar) {
              scalar_y = y;
              continue;
            }
            for (std::int64_t i = 0; i < tokens * rows; ++i) {
              ASSERT_NEAR(y[i], scalar_y[i], kLevelTolerance * reference.magnitude[i] + 1e-30)
                  << what << " against scalar at " << i;
            }
          }
        }
      }
    }
  }
}

// Converting at any level gives the scalar converter's bytes.
TEST(Matmul, ConvertersAgreeBitForBit) {
  std::uint64_t seed = 100;
  for (const TypeCase& type_case : type_cases()) {
    for (const std::int64_t cols : type_case.cols) {
      const std::int64_t tokens = 3;
      std::vector<float> input = random_values(static_cast<std::size_t>(tokens * cols), ++seed);
      // Ties for the largest magnitude with opposite signs: the first wins.
      input[0] = 2.5f;
      if (cols > 5) input[5] = -2.5f;
      Activations scalar;
      scalar.reshape(type_case.type, tokens, cols);
      scalar.convert(input.data(), cols, 0, tokens, KernelLevel::scalar);
      for (const KernelLevel level : supported_kernel_levels()) {
        Activations other;
        other.reshape(type_case.type, tokens, cols);
        other.convert(input.data(), cols, 0, tokens, level);
        ASSERT_EQ(other.row_bytes(), scalar.row_bytes());
        EXPECT_EQ(std::memcmp(other.row(0), scalar.row(0), scalar.row_bytes() * tokens), 0)
            << describe(type_case.type, level, 0, cols, tokens);
      }
    }
  }
}

// Threads split rows: a sub-range writes only its rows, into a wider y.
TEST(Matmul, RowRangesWriteOnlyTheirRows) {
  constexpr std::int64_t kMatrixRows = 70;
  constexpr std::int64_t kLdy = 75;
  struct Range {
    std::int64_t begin;
    std::int64_t end;
  };
  const Range ranges[] = {{16, 64}, {33, 70}, {0, 1}, {5, 6}, {64, 70}};
  std::uint64_t seed = 500;
  for (const TypeCase& type_case : type_cases()) {
    const std::int64_t cols = type_case.cols[2];
    const Weights weights = make_weights(type_case.type, kMatrixRows, cols, ++seed);
    for (const std::int64_t tokens : {std::int64_t{1}, std::int64_t{9}}) {
      const std::vector<float> input =
          random_values(static_cast<std::size_t>(tokens * cols), ++seed);
      for (const KernelLevel level : supported_kernel_levels()) {
        Activations x;
        x.reshape(type_case.type, tokens, cols);
        x.convert(input.data(), cols, 0, tokens, level);
        const Reference reference = reference_product(weights, dequantized_activations(x), tokens);
        for (const Range range : ranges) {
          const std::vector<float> y = run(weights, x, range.begin, range.end, kLdy, level);
          for (std::int64_t t = 0; t < tokens; ++t) {
            for (std::int64_t r = 0; r < kLdy; ++r) {
              const float value = y[t * kLdy + r];
              if (r < range.begin || r >= range.end) {
                ASSERT_EQ(value, kUntouched)
                    << describe(type_case.type, level, r, cols, tokens) << " outside range";
                continue;
              }
              const std::size_t i = static_cast<std::size_t>(t * kMatrixRows + r);
              ASSERT_NEAR(value, reference.value[i],
                          kArithmeticTolerance * reference.magnitude[i] + 1e-30)
                  << describe(type_case.type, level, r, cols, tokens);
            }
          }
        }
      }
    }
  }
}

// The per-token regime: a token's result is bit-identical to a product of
// that token alone, at every level, for token counts on both sides of the
// panel threshold and row ranges that do not fill a row block.
TEST(Matmul, PerTokenRegimeMatchesEachTokenAloneBitForBit) {
  std::uint64_t seed = 900;
  for (const TypeCase& type_case : type_cases()) {
    const std::int64_t cols = type_case.cols[type_case.cols.size() / 2];
    constexpr std::int64_t kMatrixRows = 37;
    const Weights weights = make_weights(type_case.type, kMatrixRows, cols, ++seed);
    for (const std::int64_t tokens : {std::int64_t{4}, std::int64_t{7}, std::int64_t{16}}) {
      const std::vector<float> input =
          random_values(static_cast<std::size_t>(tokens * cols), ++seed);
      for (const KernelLevel level : supported_kernel_levels()) {
        Activations all;
        all.reshape(type_case.type, tokens, cols);
        all.convert(input.data(), cols, 0, tokens, level);
        std::vector<float> batched(static_cast<std::size_t>(tokens * kMatrixRows), kUntouched);
        multiply(weights.matrix, all, 3, kMatrixRows, batched.data(), kMatrixRows, level,
                 MatmulRegime::per_token);
        for (std::int64_t t = 0; t < tokens; ++t) {
          Activations one;
          one.reshape(type_case.type, 1, cols);
          one.convert(input.data() + t * cols, cols, 0, 1, level);
          std::vector<float> alone(static_cast<std::size_t>(kMatrixRows), kUntouched);
          multiply(weights.matrix, one, 3, kMatrixRows, alone.data(), kMatrixRows, level);
          ASSERT_EQ(std::memcmp(alone.data(), batched.data() + t * kMatrixRows,
                                sizeof(float) * kMatrixRows),
                    0)
              << describe(type_case.type, level, kMatrixRows, cols, tokens) << " token " << t;
        }
      }
    }
  }
}

// Threads may convert disjoint token ranges; the result is the same.
TEST(Matmul, ConvertingTokenRangesSeparatelyMatchesAllAtOnce) {
  const std::int64_t cols = 512;
  const std::int64_t tokens = 7;
  const std::vector<float> input = random_values(static_cast<std::size_t>(tokens * (cols + 3)), 9);
  for (const TensorType type : {TensorType::q8_0, TensorType::q4_k, TensorType::bf16}) {
    Activations whole;
    whole.reshape(type, tokens, cols);
    whole.convert(input.data(), cols + 3, 0, tokens, best_kernel_level());
    Activations parts;
    parts.reshape(type, tokens, cols);
    parts.convert(input.data(), cols + 3, 4, tokens, best_kernel_level());
    parts.convert(input.data(), cols + 3, 0, 4, best_kernel_level());
    EXPECT_EQ(std::memcmp(whole.row(0), parts.row(0), whole.row_bytes() * tokens), 0)
        << type_name(type);
  }
}

// The AVX2 kernels without AVX-VNNI (maddubs) are chosen only on processors
// that lack it, so they are checked here directly against scalar.
TEST(Matmul, Avx2WithoutVnniMatchesScalar) {
  if (!is_supported(KernelLevel::avx2)) GTEST_SKIP() << "no AVX2";
  std::uint64_t seed = 900;
  for (const TypeCase& type_case : type_cases()) {
    const kernels::WeightFormat format = *kernels::weight_format(type_case.type);
    for (const std::int64_t cols : {type_case.cols[1], type_case.cols.back()}) {
      for (const std::int64_t tokens : {std::int64_t{2}, std::int64_t{13}}) {
        const std::int64_t rows = 17;
        const Weights weights = make_weights(type_case.type, rows, cols, ++seed);
        std::vector<float> input = random_values(static_cast<std::size_t>(tokens * cols), ++seed);
        Activations x;
        x.reshape(type_case.type, tokens, cols);
        x.convert(input.data(), cols, 0, tokens, KernelLevel::scalar);
        const Reference reference = reference_product(weights, dequantized_activations(x), tokens);
        std::vector<float> y(static_cast<std::size_t>(tokens * rows), kUntouched);
        const kernels::MultiplyArgs args{
            .weights = weights.matrix.data,
            .weight_row_bytes = weights.matrix.row_bytes,
            .cols = cols,
            .row_begin = 0,
            .row_end = rows,
            .x = x.row(0),
            .layout = kernels::activation_layout(format, cols),
            .tokens = tokens,
            .y = y.data(),
            .ldy = rows,
        };
        kernels::avx2_kernels(false).multiply[static_cast<int>(format)](args);
        for (std::int64_t i = 0; i < tokens * rows; ++i) {
          ASSERT_NEAR(y[i], reference.value[i],
                      kArithmeticTolerance * reference.magnitude[i] + 1e-30)
              << describe(type_case.type, KernelLevel::avx2, rows, cols, tokens) << " no VNNI";
        }
      }
    }
  }
}

TEST(Matmul, ReshapeRejectsWhatItCannotHold) {
  Activations x;
  EXPECT_THROW(x.reshape(TensorType::q2_k, 1, 256), Error);
  EXPECT_THROW(x.reshape(TensorType::q8_0, 1, 48), Error);
  EXPECT_THROW(x.reshape(TensorType::q4_k, 1, 32), Error);
  EXPECT_THROW(x.reshape(TensorType::f32, 1, 0), Error);
  EXPECT_THROW(x.reshape(TensorType::f16, -1, 8), Error);
  try {
    x.reshape(TensorType::iq2_xxs, 1, 256);
    FAIL() << "expected a throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::unsupported);
  }
  try {
    x.reshape(TensorType::q5_k, 1, 300);
    FAIL() << "expected a throw";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::invalid_argument);
  }
  x.reshape(TensorType::q6_k, 2, 512);
  EXPECT_EQ(x.tokens(), 2);
  EXPECT_EQ(x.cols(), 512);
  EXPECT_EQ(x.weight_type(), TensorType::q6_k);
}

TEST(Matmul, PartnerFormats) {
  EXPECT_EQ(activation_type(TensorType::f32), TensorType::f32);
  EXPECT_EQ(activation_type(TensorType::f16), TensorType::f32);
  EXPECT_EQ(activation_type(TensorType::bf16), TensorType::bf16);
  for (const TensorType type :
       {TensorType::q8_0, TensorType::q4_0, TensorType::q4_1, TensorType::q5_0, TensorType::q5_1}) {
    EXPECT_EQ(activation_type(type), TensorType::q8_0) << type_name(type);
  }
  for (const TensorType type : {TensorType::q4_k, TensorType::q5_k, TensorType::q6_k}) {
    EXPECT_EQ(activation_type(type), TensorType::q8_k) << type_name(type);
  }
  EXPECT_FALSE(can_multiply(TensorType::q2_k));
  EXPECT_FALSE(can_multiply(TensorType::q8_k));
  EXPECT_TRUE(can_multiply(TensorType::q6_k));
}

}  // namespace
}  // namespace hearth::tensor
