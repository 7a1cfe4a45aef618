// Every op of ops.h at every kernel level this processor runs, against a
// double-precision model written here, on awkward sizes.
#include "hearth/tensor/ops.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <numbers>
#include <string>
#include <vector>

#include "hearth/tensor/half.h"
#include "hearth/tensor/quantize.h"
#include "test_signals.h"

namespace hearth::tensor {
namespace {

using testing::gaussian_signal;

// Relative error of elementwise ops: a few float roundings plus the SIMD
// exp polynomial (about 2e-7 relative).
constexpr double kElementwiseRelative = 2e-6;
// rms_norm sums n squares in float in the SIMD kernels.
constexpr double kNormRelative = 1e-5;
// Rotations of values up to about 5: a multiply-add per output on top of
// cos and sin already rounded to float.
constexpr double kRopeAbsolute = 4e-6;
// rope_tables builds angles in double, then rounds cos and sin to float once.
constexpr double kRopeTableAbsolute = 1e-7;
// attend: float dot products of up to 256 terms, float sums over up to 1023
// positions, compared with the same cache rows decoded exactly.
constexpr double kAttentionAbsolute = 5e-5;

constexpr std::int64_t kAwkwardSizes[] = {1, 2, 3, 5, 7, 15, 16, 17, 33, 64, 127, 1023, 4096};

std::string level_name(KernelLevel level) {
  return std::string(kernel_level_name(level));
}

// |actual - expected| <= relative * |expected| + absolute, element by element.
void expect_close(const std::vector<double>& expected, const float* actual, double relative,
                  double absolute) {
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const double tolerance = relative * std::fabs(expected[i]) + absolute;
    ASSERT_NEAR(actual[i], expected[i], tolerance) << "at " << i << " of " << expected.size();
  }
}

std::vector<float> uniform_signal(std::size_t count, std::uint64_t seed, double low, double high) {
  std::vector<float> values = gaussian_signal(count, seed);
  for (float& value : values) {
    const double unit = 0.5 * (1.0 + std::erf(value / std::numbers::sqrt2));  // Gaussian to (0, 1)
    value = static_cast<float>(low + (high - low) * unit);
  }
  return values;
}

// ---- Elementwise --------------------------------------------------------

TEST(Ops, RmsNormMatchesDoubleModel) {
  constexpr float kEps = 1e-6f;
  for (KernelLevel level : supported_kernel_levels()) {
    for (std::int64_t n : kAwkwardSizes) {
      SCOPED_TRACE(level_name(level) + " n=" + std::to_string(n));
      const std::vector<float> x = gaussian_signal(n, 1 + n, 3.0);
      const std::vector<float> weight = gaussian_signal(n, 2 + n);
      double sum_of_squares = 0.0;
      for (float value : x) sum_of_squares += double{value} * value;
      const double inverse_rms = 1.0 / std::sqrt(sum_of_squares / n + kEps);
      std::vector<double> expected(n);
      for (std::int64_t i = 0; i < n; ++i) expected[i] = x[i] * inverse_rms * weight[i];

      std::vector<float> out(n);
      rms_norm(x.data(), weight.data(), out.data(), n, kEps, level);
      expect_close(expected, out.data(), kNormRelative, 1e-30);

      std::vector<float> in_place = x;
      rms_norm(in_place.data(), weight.data(), in_place.data(), n, kEps, level);
      EXPECT_EQ(in_place, out);
    }
  }
}

TEST(Ops, RmsNormOfZerosIsZero) {
  for (KernelLevel level : supported_kernel_levels()) {
    SCOPED_TRACE(level_name(level));
    const std::vector<float> x(33, 0.0f);
    const std::vector<float> weight(33, 1.0f);
    std::vector<float> out(33, 1.0f);
    rms_norm(x.data(), weight.data(), out.data(), 33, 1e-5f, level);
    for (float value : out) EXPECT_EQ(value, 0.0f);
  }
}

TEST(Ops, AddInPlaceIsExact) {
  for (KernelLevel level : supported_kernel_levels()) {
    for (std::int64_t n : kAwkwardSizes) {
      SCOPED_TRACE(level_name(level) + " n=" + std::to_string(n));
      const std::vector<float> x = gaussian_signal(n, 3 + n);
      std::vector<float> y = gaussian_signal(n + 1, 4 + n);  // one guard value past the end
      const float guard = y[n];
      std::vector<float> expected(y.begin(), y.begin() + n);
      for (std::int64_t i = 0; i < n; ++i) expected[i] += x[i];
      add_in_place(y.data(), x.data(), n, level);
      EXPECT_TRUE(std::equal(expected.begin(), expected.end(), y.begin()));
      EXPECT_EQ(y[n], guard);
    }
  }
}

TEST(Ops, SiluMulMatchesDoubleModel) {
  for (KernelLevel level : supported_kernel_levels()) {
    for (std::int64_t n : kAwkwardSizes) {
      SCOPED_TRACE(level_name(level) + " n=" + std::to_string(n));
      std::vector<float> gate = uniform_signal(n, 5 + n, -20.0, 20.0);
      // Where exp(-g) overflows float, and where silu underflows to zero.
      if (n > 3) {
        gate[0] = -100.0f;
        gate[1] = 100.0f;
        gate[2] = -88.5f;
      }
      const std::vector<float> up = gaussian_signal(n, 6 + n);
      std::vector<double> expected(n);
      for (std::int64_t i = 0; i < n; ++i) {
        expected[i] = gate[i] / (1.0 + std::exp(-double{gate[i]})) * up[i];
      }
      std::vector<float> out(n);
      silu_mul(gate.data(), up.data(), out.data(), n, level);
      expect_close(expected, out.data(), kElementwiseRelative, 1e-30);

      std::vector<float> aliased = gate;
      silu_mul(aliased.data(), up.data(), aliased.data(), n, level);
      EXPECT_EQ(aliased, out);
    }
  }
}

std::vector<double> softmax_model(const std::vector<float>& x) {
  double maximum = -std::numeric_limits<double>::infinity();
  for (float value : x) maximum = std::max(maximum, double{value});
  std::vector<double> result(x.size());
  double sum = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) sum += result[i] = std::exp(x[i] - maximum);
  for (double& value : result) value /= sum;
  return result;
}

TEST(Ops, SoftmaxMatchesDoubleModel) {
  for (KernelLevel level : supported_kernel_levels()) {
    for (std::int64_t n : kAwkwardSizes) {
      SCOPED_TRACE(level_name(level) + " n=" + std::to_string(n));
      std::vector<float> x = gaussian_signal(n, 7 + n, 4.0);
      const std::vector<double> expected = softmax_model(x);
      softmax(x.data(), n, level);
      expect_close(expected, x.data(), kElementwiseRelative, 1e-12);
    }
  }
}

TEST(Ops, SoftmaxIsStableForLargeMagnitudes) {
  for (KernelLevel level : supported_kernel_levels()) {
    for (std::int64_t n : kAwkwardSizes) {
      for (double magnitude : {1e4, 1e30, 3e38}) {
        SCOPED_TRACE(level_name(level) + " n=" + std::to_string(n) +
                     " magnitude=" + std::to_string(magnitude));
        std::vector<float> x = gaussian_signal(n, 8 + n);
        for (float& value : x)
          value = static_cast<float>(std::clamp(value * magnitude, -3e38, 3e38));
        // A few values within exp's range of the maximum so the result is
        // not one-hot, and a masked-out position.
        const std::int64_t top = std::max_element(x.begin(), x.end()) - x.begin();
        if (n >= 4) {
          x[(top + 1) % n] = x[top] - 1.0f;
          x[(top + 2) % n] = x[top] - 80.0f;
          x[(top + 3) % n] = -std::numeric_limits<float>::infinity();
        }
        const std::vector<double> expected = softmax_model(x);
        softmax(x.data(), n, level);
        expect_close(expected, x.data(), kElementwiseRelative, 1e-12);
        double sum = 0.0;
        for (float value : x) sum += value;
        EXPECT_NEAR(sum, 1.0, 1e-5);
      }
    }
  }
}

// ---- Rotary position embedding ------------------------------------------

double rope_angle(std::int32_t position, std::int32_t i, std::int32_t n_rot, double base,
                  double freq_scale, const float* freq_factors) {
  const double factor = freq_factors != nullptr ? freq_factors[i] : 1.0;
  return position * freq_scale * std::pow(base, -2.0 * i / n_rot) / factor;
}

TEST(Ops, RopeTablesFollowTheFormula) {
  const std::vector<std::int32_t> positions = {0, 1, 2, 17, 4095, 32767, 131071};
  for (std::int32_t n_rot : {2, 6, 64, 128}) {
    for (bool with_factors : {false, true}) {
      for (float freq_scale : {1.0f, 0.25f}) {
        SCOPED_TRACE("n_rot=" + std::to_string(n_rot) + " factors=" + std::to_string(with_factors) +
                     " scale=" + std::to_string(freq_scale));
        const std::int32_t half = n_rot / 2;
        std::vector<float> factors(half);
        for (std::int32_t i = 0; i < half; ++i)
          factors[i] = 1.0f + 0.5f * static_cast<float>(i % 5);
        const float* freq_factors = with_factors ? factors.data() : nullptr;
        std::vector<float> cos(positions.size() * half);
        std::vector<float> sin(positions.size() * half);
        rope_tables(positions, n_rot, 500000.0f, freq_scale, freq_factors, cos.data(), sin.data());
        for (std::size_t p = 0; p < positions.size(); ++p) {
          for (std::int32_t i = 0; i < half; ++i) {
            const double angle =
                rope_angle(positions[p], i, n_rot, 500000.0, freq_scale, freq_factors);
            ASSERT_NEAR(cos[p * half + i], std::cos(angle), kRopeTableAbsolute);
            ASSERT_NEAR(sin[p * half + i], std::sin(angle), kRopeTableAbsolute);
          }
        }
      }
    }
  }
}

struct RopeShape {
  std::int32_t n_heads;
  std::int32_t head_dim;
  std::int32_t n_rot;
};

TEST(Ops, RopeRotatesPairsOfEachStyle) {
  const RopeShape shapes[] = {{1, 2, 2},    {3, 6, 4},     {2, 34, 34}, {1, 64, 64},   {7, 64, 64},
                              {2, 128, 64}, {3, 128, 128}, {2, 80, 30}, {1, 256, 256}, {4, 66, 66}};
  const std::vector<std::int32_t> positions = {0, 5, 4096, 100000};
  for (KernelLevel level : supported_kernel_levels()) {
    for (RopeStyle style : {RopeStyle::normal, RopeStyle::neox}) {
      for (const RopeShape& shape : shapes) {
        const std::int32_t half = shape.n_rot / 2;
        std::vector<float> factors(half);
        for (std::int32_t i = 0; i < half; ++i)
          factors[i] = 1.0f + 0.25f * static_cast<float>(i % 3);
        std::vector<float> cos(positions.size() * half);
        std::vector<float> sin(positions.size() * half);
        rope_tables(positions, shape.n_rot, 10000.0f, 0.5f, factors.data(), cos.data(), sin.data());
        for (std::size_t p = 0; p < positions.size(); ++p) {
          SCOPED_TRACE(level_name(level) + (style == RopeStyle::neox ? " neox" : " normal") +
                       " heads=" + std::to_string(shape.n_heads) +
                       " head_dim=" + std::to_string(shape.head_dim) +
                       " n_rot=" + std::to_string(shape.n_rot) + " p=" + std::to_string(p));
          const std::size_t n = static_cast<std::size_t>(shape.n_heads) * shape.head_dim;
          std::vector<float> x = gaussian_signal(n + 1, 9 + n + p);
          const float guard = x[n];
          std::vector<double> expected(x.begin(), x.begin() + n);
          for (std::int32_t h = 0; h < shape.n_heads; ++h) {
            double* head = expected.data() + static_cast<std::size_t>(h) * shape.head_dim;
            for (std::int32_t i = 0; i < half; ++i) {
              const double angle =
                  rope_angle(positions[p], i, shape.n_rot, 10000.0, 0.5, factors.data());
              const std::int32_t a = style == RopeStyle::neox ? i : 2 * i;
              const std::int32_t b = style == RopeStyle::neox ? i + half : 2 * i + 1;
              const double x0 = head[a];
              const double x1 = head[b];
              head[a] = x0 * std::cos(angle) - x1 * std::sin(angle);
              head[b] = x0 * std::sin(angle) + x1 * std::cos(angle);
            }
          }
          rope(x.data(), shape.n_heads, shape.head_dim, shape.n_rot, cos.data() + p * half,
               sin.data() + p * half, style, level);
          expect_close(expected, x.data(), 0.0, kRopeAbsolute);
          EXPECT_EQ(x[n], guard);
        }
      }
    }
  }
}

// ---- Key/value cache ----------------------------------------------------

TEST(Ops, KvCacheTypes) {
  EXPECT_TRUE(is_kv_cache_type(TensorType::f16));
  EXPECT_TRUE(is_kv_cache_type(TensorType::q8_0));
  EXPECT_FALSE(is_kv_cache_type(TensorType::f32));
  EXPECT_FALSE(is_kv_cache_type(TensorType::bf16));
  EXPECT_FALSE(is_kv_cache_type(TensorType::q4_0));
}

std::vector<std::byte> reference_row(TensorType type, const std::vector<float>& x) {
  std::vector<std::byte> bytes(*bytes_for_elements(type, x.size()));
  quantize(type, x, bytes);
  return bytes;
}

// Values whose scaled levels fall exactly halfway between integers, where
// round-half-away-from-zero and round-half-to-even differ.
std::vector<float> halfway_signal(std::size_t count) {
  std::vector<float> values(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (i % 32 == 0) {
      values[i] = (i / 32) % 2 == 0 ? 127.0f : -127.0f;  // scale exactly 1
    } else {
      values[i] = (static_cast<float>(i % 64) - 32.0f) + 0.5f;
    }
  }
  return values;
}

TEST(Ops, StoreKvRowMatchesTheReferenceQuantizerByteForByte) {
  for (KernelLevel level : supported_kernel_levels()) {
    for (TensorType type : {TensorType::f16, TensorType::q8_0}) {
      for (std::int64_t n : {1, 2, 3, 7, 17, 32, 64, 96, 127, 1024, 4096}) {
        if (n % type_traits(type).block_size != 0) continue;
        for (int signal = 0; signal < 4; ++signal) {
          SCOPED_TRACE(level_name(level) + " " + std::string(type_name(type)) +
                       " n=" + std::to_string(n) + " signal=" + std::to_string(signal));
          std::vector<float> x;
          switch (signal) {
            case 0:
              x = gaussian_signal(n, 10 + n);
              break;
            case 1:
              x = testing::exact_signal(n);
              break;
            case 2:
              x = halfway_signal(n);
              break;
            default:
              x = gaussian_signal(n, 11 + n, 1e-41);  // subnormal scales
              break;
          }
          const std::vector<std::byte> expected = reference_row(type, x);
          std::vector<std::byte> actual(expected.size() + 1, std::byte{0x5a});
          store_kv_row(type, x.data(), actual.data(), n, level);
          EXPECT_TRUE(std::equal(expected.begin(), expected.end(), actual.begin()));
          EXPECT_EQ(actual.back(), std::byte{0x5a});
        }
      }
    }
  }
}

// ---- Attention ----------------------------------------------------------

struct AttentionShape {
  std::int32_t n_queries;
  std::int32_t head_dim;
};

// A cache of n_kv positions, with `padding` bytes between rows as when the
// rows of several heads are interleaved.
struct Cache {
  TensorType type;
  std::size_t stride;
  std::vector<std::byte> bytes;
  std::vector<float> decoded;  // exactly what attend() reads

  KvHeadView view() const { return {type, bytes.data(), stride}; }
};

Cache make_cache(TensorType type, std::int32_t head_dim, std::int64_t n_kv, std::uint64_t seed) {
  const std::size_t row_bytes = *bytes_for_elements(type, head_dim);
  Cache cache{type, row_bytes + 12, {}, {}};
  cache.bytes.assign(cache.stride * n_kv, std::byte{0xee});
  cache.decoded.resize(static_cast<std::size_t>(head_dim) * n_kv);
  const std::vector<float> values = gaussian_signal(cache.decoded.size(), seed);
  for (std::int64_t j = 0; j < n_kv; ++j) {
    const float* row = values.data() + j * head_dim;
    store_kv_row(type, row, cache.bytes.data() + j * cache.stride, head_dim, KernelLevel::scalar);
    dequantize(type, std::span(cache.bytes.data() + j * cache.stride, row_bytes),
               std::span(cache.decoded.data() + j * head_dim, static_cast<std::size_t>(head_dim)));
  }
  return cache;
}

std::vector<double> attention_model(const std::vector<float>& q, std::int64_t q_stride,
                                    const AttentionShape& shape, const Cache& keys,
                                    const Cache& values, std::int64_t n_kv, double scale) {
  const std::int32_t head_dim = shape.head_dim;
  std::vector<double> out(static_cast<std::size_t>(shape.n_queries) * head_dim, 0.0);
  for (std::int32_t h = 0; h < shape.n_queries; ++h) {
    std::vector<double> scores(n_kv);
    for (std::int64_t j = 0; j < n_kv; ++j) {
      double dot = 0.0;
      for (std::int32_t d = 0; d < head_dim; ++d) {
        dot += double{q[h * q_stride + d]} * keys.decoded[j * head_dim + d];
      }
      scores[j] = scale * dot;
    }
    const double maximum = *std::max_element(scores.begin(), scores.end());
    double sum = 0.0;
    for (double& score : scores) sum += score = std::exp(score - maximum);
    for (std::int64_t j = 0; j < n_kv; ++j) {
      for (std::int32_t d = 0; d < head_dim; ++d) {
        out[h * head_dim + d] += scores[j] / sum * values.decoded[j * head_dim + d];
      }
    }
  }
  return out;
}

void check_attention(KernelLevel level, const AttentionShape& shape, TensorType key_type,
                     TensorType value_type, std::int64_t n_kv, float query_gain) {
  SCOPED_TRACE(level_name(level) + " queries=" + std::to_string(shape.n_queries) + " head_dim=" +
               std::to_string(shape.head_dim) + " K=" + std::string(type_name(key_type)) +
               " V=" + std::string(type_name(value_type)) + " n_kv=" + std::to_string(n_kv) +
               " gain=" + std::to_string(query_gain));
  const std::int32_t head_dim = shape.head_dim;
  const Cache keys = make_cache(key_type, head_dim, n_kv, 100 + n_kv);
  const Cache values = make_cache(value_type, head_dim, n_kv, 200 + n_kv);
  const std::int64_t q_stride = head_dim + 3;
  const std::int64_t out_stride = head_dim + 5;
  std::vector<float> q = gaussian_signal(shape.n_queries * q_stride, 300 + n_kv, query_gain);
  const float scale = 1.0f / std::sqrt(static_cast<float>(head_dim));

  constexpr float kGuard = -12345.0f;
  std::vector<float> out(shape.n_queries * out_stride, kGuard);
  std::vector<float> scratch(attention_scratch_floats(shape.n_queries, n_kv));
  ASSERT_GE(scratch.size(), static_cast<std::size_t>(shape.n_queries * n_kv));
  attend(q.data(), q_stride, shape.n_queries, head_dim, keys.view(), values.view(), n_kv, scale,
         out.data(), out_stride, scratch.data(), level);

  const std::vector<double> expected =
      attention_model(q, q_stride, shape, keys, values, n_kv, scale);
  for (std::int32_t h = 0; h < shape.n_queries; ++h) {
    for (std::int32_t d = 0; d < out_stride; ++d) {
      const float actual = out[h * out_stride + d];
      if (d >= head_dim) {
        ASSERT_EQ(actual, kGuard) << "wrote past head " << h;
      } else {
        ASSERT_NEAR(actual, expected[h * head_dim + d], kAttentionAbsolute)
            << "head " << h << " dim " << d;
      }
    }
  }
}

TEST(Ops, AttendMatchesNaiveAttention) {
  // Qwen2.5-0.5B (7 per KV head), Llama-3.2-1B (2), Qwen3-0.6B (2 of 128),
  // plain multi-head attention, and odd shapes.
  const AttentionShape shapes[] = {{7, 64}, {2, 64},  {2, 128}, {1, 32},
                                   {3, 96}, {1, 256}, {5, 160}};
  const std::int64_t lengths[] = {1, 2, 3, 5, 15, 16, 17, 33, 127, 1023};
  const TensorType types[] = {TensorType::f16, TensorType::q8_0};
  for (KernelLevel level : supported_kernel_levels()) {
    for (const AttentionShape& shape : shapes) {
      for (TensorType key_type : types) {
        for (TensorType value_type : types) {
          for (std::int64_t n_kv : lengths) {
            check_attention(level, shape, key_type, value_type, n_kv, 1.0f);
            if (HasFatalFailure()) return;
          }
        }
      }
    }
  }
}

TEST(Ops, AttendHandlesHeadDimsThatAreNotVectorMultiples) {
  const AttentionShape shapes[] = {{1, 1}, {2, 5}, {4, 17}, {3, 40}, {2, 80}, {1, 255}};
  for (KernelLevel level : supported_kernel_levels()) {
    for (const AttentionShape& shape : shapes) {
      for (std::int64_t n_kv : {1, 7, 16, 33}) {
        check_attention(level, shape, TensorType::f16, TensorType::f16, n_kv, 1.0f);
        if (HasFatalFailure()) return;
      }
    }
  }
}

TEST(Ops, AttendIsStableForSharpScores) {
  // Scores in the hundreds: only a stable softmax keeps them finite.
  for (KernelLevel level : supported_kernel_levels()) {
    for (TensorType type : {TensorType::f16, TensorType::q8_0}) {
      for (std::int64_t n_kv : {2, 17, 1023}) {
        check_attention(level, {7, 64}, type, type, n_kv, 60.0f);
        if (HasFatalFailure()) return;
      }
    }
  }
}

}  // namespace
}  // namespace hearth::tensor
