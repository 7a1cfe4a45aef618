// The reference kernels: plain loops, sums in double where ggml uses
// ggml_float, no cleverness. The SIMD kernels are tested against these and
// the tests check these against a double-precision model.
#include <cmath>
#include <cstring>
#include <span>

#include "../codecs.h"
#include "hearth/tensor/half.h"
#include "ops_kernels.h"

namespace hearth::tensor::ops_scalar {
namespace {

constexpr std::int64_t kQ8_0BlockValues = 32;
constexpr std::int64_t kQ8_0BlockBytes = 34;

float silu(float g) {
  return g / (1.0f + std::exp(-g));
}

// Decodes one cache row of head_dim values.
void load_row(const ops_kernels::CacheRows& rows, std::int64_t position, std::int32_t head_dim,
              float* row) {
  const std::byte* data = rows.data + static_cast<std::size_t>(position) * rows.stride;
  if (rows.format == ops_kernels::CacheRowFormat::f16) {
    for (std::int32_t i = 0; i < head_dim; ++i) {
      std::uint16_t half;
      std::memcpy(&half, data + 2 * i, sizeof(half));
      row[i] = fp16_to_fp32(half);
    }
    return;
  }
  detail::dequantize_q8_0(
      std::span(data, static_cast<std::size_t>(head_dim / kQ8_0BlockValues * kQ8_0BlockBytes)),
      std::span(row, static_cast<std::size_t>(head_dim)));
}

}  // namespace

void rms_norm(const float* x, const float* weight, float* out, std::int64_t n, float eps) noexcept {
  double sum_of_squares = 0.0;
  for (std::int64_t i = 0; i < n; ++i) sum_of_squares += static_cast<double>(x[i]) * x[i];
  const float mean = static_cast<float>(sum_of_squares / static_cast<double>(n));
  const float inverse_rms = 1.0f / std::sqrt(mean + eps);
  for (std::int64_t i = 0; i < n; ++i) out[i] = x[i] * inverse_rms * weight[i];
}

void add_in_place(float* y, const float* x, std::int64_t n) noexcept {
  for (std::int64_t i = 0; i < n; ++i) y[i] += x[i];
}

void silu_mul(const float* gate, const float* up, float* out, std::int64_t n) noexcept {
  for (std::int64_t i = 0; i < n; ++i) out[i] = silu(gate[i]) * up[i];
}

void softmax(float* x, std::int64_t n) noexcept {
  float maximum = x[0];
  for (std::int64_t i = 1; i < n; ++i) maximum = std::fmax(maximum, x[i]);
  double sum = 0.0;
  for (std::int64_t i = 0; i < n; ++i) {
    x[i] = std::exp(x[i] - maximum);
    sum += x[i];
  }
  const auto inverse_sum = static_cast<float>(1.0 / sum);
  for (std::int64_t i = 0; i < n; ++i) x[i] *= inverse_sum;
}

void rope(float* x, std::int32_t n_heads, std::int32_t head_dim, std::int32_t n_rot,
          const float* cos, const float* sin, bool neox) noexcept {
  const std::int32_t half = n_rot / 2;
  // normal pairs (2i, 2i + 1); neox pairs (i, i + half).
  const std::int32_t pair_step = neox ? 1 : 2;
  const std::int32_t partner_offset = neox ? half : 1;
  for (std::int32_t h = 0; h < n_heads; ++h) {
    float* head = x + static_cast<std::int64_t>(h) * head_dim;
    for (std::int32_t i = 0; i < half; ++i) {
      float& first = head[i * pair_step];
      float& second = head[i * pair_step + partner_offset];
      const float x0 = first;
      const float x1 = second;
      first = x0 * cos[i] - x1 * sin[i];
      second = x0 * sin[i] + x1 * cos[i];
    }
  }
}

void store_f16_row(const float* x, std::byte* destination, std::int64_t n) noexcept {
  for (std::int64_t i = 0; i < n; ++i) {
    const std::uint16_t half = fp32_to_fp16(x[i]);
    std::memcpy(destination + 2 * i, &half, sizeof(half));
  }
}

void store_q8_0_row(const float* x, std::byte* destination, std::int64_t n) noexcept {
  detail::quantize_q8_0(
      std::span(x, static_cast<std::size_t>(n)),
      std::span(destination, static_cast<std::size_t>(n / kQ8_0BlockValues * kQ8_0BlockBytes)));
}

// Two passes: every score into scratch, softmax over each query's row, then
// the probability-weighted sum of value rows.
void attend(const ops_kernels::AttentionProblem& problem) noexcept {
  const std::int32_t head_dim = problem.head_dim;
  float row[ops_kernels::kMaxHeadDim];

  for (std::int64_t j = 0; j < problem.n_kv; ++j) {
    load_row(problem.keys, j, head_dim, row);
    for (std::int32_t h = 0; h < problem.n_queries; ++h) {
      const float* q = problem.q + h * problem.q_stride;
      float dot = 0.0f;
      for (std::int32_t d = 0; d < head_dim; ++d) dot += q[d] * row[d];
      problem.scratch[h * problem.score_stride + j] = dot * problem.scale;
    }
  }

  for (std::int32_t h = 0; h < problem.n_queries; ++h) {
    softmax(problem.scratch + h * problem.score_stride, problem.n_kv);
    float* out = problem.out + h * problem.out_stride;
    for (std::int32_t d = 0; d < head_dim; ++d) out[d] = 0.0f;
  }

  for (std::int64_t j = 0; j < problem.n_kv; ++j) {
    load_row(problem.values, j, head_dim, row);
    for (std::int32_t h = 0; h < problem.n_queries; ++h) {
      const float p = problem.scratch[h * problem.score_stride + j];
      float* out = problem.out + h * problem.out_stride;
      for (std::int32_t d = 0; d < head_dim; ++d) out[d] += p * row[d];
    }
  }
}

}  // namespace hearth::tensor::ops_scalar
