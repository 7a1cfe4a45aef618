#include "hearth/tensor/ops.h"

#include <cassert>
#include <cmath>

#include "kernels/ops_kernels.h"

namespace hearth::tensor {
namespace {

static_assert(kMaxAttentionHeadDim == ops_kernels::kMaxHeadDim);

std::int64_t round_up_to_tile(std::int64_t n) {
  return (n + ops_kernels::kAttentionTile - 1) / ops_kernels::kAttentionTile *
         ops_kernels::kAttentionTile;
}

ops_kernels::CacheRows cache_rows(const KvHeadView& view) {
  assert(is_kv_cache_type(view.type));
  return {view.type == TensorType::f16 ? ops_kernels::CacheRowFormat::f16
                                       : ops_kernels::CacheRowFormat::q8_0,
          view.data, view.position_stride};
}

}  // namespace

// Each public function forwards to the namespace of its level; the macro keeps
// the three-way switch in one place.
#define HEARTH_DISPATCH(level, call) \
  do {                               \
    assert(is_supported(level));     \
    switch (level) {                 \
      case KernelLevel::scalar:      \
        ops_scalar::call;            \
        return;                      \
      case KernelLevel::avx2:        \
        ops_avx2::call;              \
        return;                      \
      case KernelLevel::avx512:      \
        ops_avx512::call;            \
        return;                      \
    }                                \
  } while (false)

void rms_norm(const float* x, const float* weight, float* out, std::int64_t n, float eps,
              KernelLevel level) noexcept {
  assert(n >= 1);
  HEARTH_DISPATCH(level, rms_norm(x, weight, out, n, eps));
}

void add_in_place(float* y, const float* x, std::int64_t n, KernelLevel level) noexcept {
  assert(n >= 0);
  HEARTH_DISPATCH(level, add_in_place(y, x, n));
}

void silu_mul(const float* gate, const float* up, float* out, std::int64_t n,
              KernelLevel level) noexcept {
  assert(n >= 0);
  HEARTH_DISPATCH(level, silu_mul(gate, up, out, n));
}

void softmax(float* x, std::int64_t n, KernelLevel level) noexcept {
  assert(n >= 1);
  HEARTH_DISPATCH(level, softmax(x, n));
}

void rope_tables(std::span<const std::int32_t> positions, std::int32_t n_rot, float freq_base,
                 float freq_scale, const float* freq_factors, float* cos, float* sin) noexcept {
  assert(n_rot >= 2 && n_rot % 2 == 0);
  const std::int32_t half = n_rot / 2;
  // Angles are formed in double: at position 30000 a float angle would already
  // be off by a few thousandths of a radian.
  for (std::size_t p = 0; p < positions.size(); ++p) {
    for (std::int32_t i = 0; i < half; ++i) {
      const double inverse_frequency =
          std::pow(static_cast<double>(freq_base), -2.0 * i / static_cast<double>(n_rot));
      const double factor = freq_factors != nullptr ? static_cast<double>(freq_factors[i]) : 1.0;
      const double angle = static_cast<double>(positions[p]) * static_cast<double>(freq_scale) *
                           inverse_frequency / factor;
      cos[p * half + i] = static_cast<float>(std::cos(angle));
      sin[p * half + i] = static_cast<float>(std::sin(angle));
    }
  }
}

void rope(float* x, std::int32_t n_heads, std::int32_t head_dim, std::int32_t n_rot,
          const float* cos, const float* sin, RopeStyle style, KernelLevel level) noexcept {
  assert(n_heads >= 0 && n_rot >= 2 && n_rot % 2 == 0 && n_rot <= head_dim);
  const bool neox = style == RopeStyle::neox;
  HEARTH_DISPATCH(level, rope(x, n_heads, head_dim, n_rot, cos, sin, neox));
}

bool is_kv_cache_type(TensorType type) noexcept {
  return type == TensorType::f16 || type == TensorType::q8_0;
}

void store_kv_row(TensorType type, const float* x, std::byte* destination, std::int64_t n,
                  KernelLevel level) noexcept {
  assert(is_kv_cache_type(type));
  if (type == TensorType::f16) {
    HEARTH_DISPATCH(level, store_f16_row(x, destination, n));
  } else {
    assert(n % 32 == 0);
    HEARTH_DISPATCH(level, store_q8_0_row(x, destination, n));
  }
}

void attend(const float* q, std::int64_t q_stride, std::int32_t n_queries, std::int32_t head_dim,
            const KvHeadView& keys, const KvHeadView& values, std::int64_t n_kv, float scale,
            float* out, std::int64_t out_stride, float* scratch, KernelLevel level) noexcept {
  assert(n_queries >= 1 && n_kv >= 1);
  assert(head_dim >= 1 && head_dim <= kMaxAttentionHeadDim);
  assert((keys.type != TensorType::q8_0 && values.type != TensorType::q8_0) || head_dim % 32 == 0);
  const ops_kernels::AttentionProblem problem = {
      .q = q,
      .q_stride = q_stride,
      .n_queries = n_queries,
      .head_dim = head_dim,
      .keys = cache_rows(keys),
      .values = cache_rows(values),
      .n_kv = n_kv,
      .scale = scale,
      .out = out,
      .out_stride = out_stride,
      .scratch = scratch,
      .score_stride = round_up_to_tile(n_kv),
  };
  HEARTH_DISPATCH(level, attend(problem));
}

#undef HEARTH_DISPATCH

std::size_t attention_scratch_floats(std::int32_t n_queries, std::int64_t n_kv) noexcept {
  return static_cast<std::size_t>(n_queries) * static_cast<std::size_t>(round_up_to_tile(n_kv));
}

}  // namespace hearth::tensor
