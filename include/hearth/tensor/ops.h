// The vector operations of a transformer layer besides matrix products:
// normalization, activation, rotary position embedding, and attention over a
// key/value cache.
//
// Every function has a scalar reference and AVX2/AVX-512 versions, chosen by
// `level`; the SIMD versions agree with the reference within float rounding
// (tests/tensor/ops_test.cpp names the tolerances). Pointers are to distinct,
// non-overlapping arrays unless a comment says otherwise; sizes are asserted,
// never thrown.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "hearth/tensor/kernel_level.h"
#include "hearth/tensor/type.h"

namespace hearth::tensor {

// out[i] = x[i] / sqrt(mean(x^2) + eps) * weight[i]. out may equal x.
void rms_norm(const float* x, const float* weight, float* out, std::int64_t n, float eps,
              KernelLevel level) noexcept;

// y[i] += x[i].
void add_in_place(float* y, const float* x, std::int64_t n, KernelLevel level) noexcept;

// out[i] = silu(gate[i]) * up[i], silu(g) = g / (1 + exp(-g)). out may equal
// gate or up.
void silu_mul(const float* gate, const float* up, float* out, std::int64_t n,
              KernelLevel level) noexcept;

// x = softmax(x), computed stably (the maximum is subtracted first).
void softmax(float* x, std::int64_t n, KernelLevel level) noexcept;

// ---- Rotary position embedding -------------------------------------------

// Which dimensions RoPE pairs: `normal` (llama) rotates (2i, 2i+1); `neox`
// (qwen2, qwen3) rotates (i, i + n_rot/2).
enum class RopeStyle { normal, neox };

// cos/sin of the rotation angles for each position: row p (n_rot/2 values)
// holds angle_i = position[p] * freq_scale * base^(-2i/n_rot) / factor_i,
// where factor_i = freq_factors[i] when freq_factors is not null (Llama 3's
// rope_freqs tensor), else 1. cos and sin hold positions.size() * n_rot/2
// floats.
void rope_tables(std::span<const std::int32_t> positions, std::int32_t n_rot, float freq_base,
                 float freq_scale, const float* freq_factors, float* cos, float* sin) noexcept;

// Rotates the first n_rot dimensions of each of n_heads heads of head_dim
// values (contiguous) in x, by one row of cos/sin from rope_tables.
void rope(float* x, std::int32_t n_heads, std::int32_t head_dim, std::int32_t n_rot,
          const float* cos, const float* sin, RopeStyle style, KernelLevel level) noexcept;

// ---- Key/value cache and attention ----------------------------------------

// F16 or Q8_0 (head_dim must then be a multiple of 32).
bool is_kv_cache_type(TensorType type) noexcept;

// Stores n floats as one cache row of `type` (n a multiple of its block size).
void store_kv_row(TensorType type, const float* x, std::byte* destination, std::int64_t n,
                  KernelLevel level) noexcept;

// One head's keys or values in the cache: position j's head_dim values start
// at data + j * position_stride bytes.
struct KvHeadView {
  TensorType type = TensorType::f16;
  const std::byte* data = nullptr;
  std::size_t position_stride = 0;
};

// The largest head_dim attend() accepts (the SIMD kernels convert a tile of
// cache rows on the stack).
inline constexpr std::int32_t kMaxAttentionHeadDim = 256;

// Attention of n_queries query heads that share one key/value head (grouped-
// query attention) over cache positions [0, n_kv):
//   out_q = sum_j softmax_j(scale * q . k_j) v_j
// q row h starts at q + h * q_stride, out row h at out + h * out_stride, each
// head_dim floats (1 <= head_dim <= kMaxAttentionHeadDim; a multiple of 32
// when keys or values are Q8_0); out rows must not overlap q rows. `scratch`
// holds attention_scratch_floats(n_queries, n_kv) floats and is overwritten.
// n_kv >= 1. Keys and values may have different cache types.
//
// Two passes over the cache, with every score kept in scratch: cache rows are
// converted to float 16 positions at a time and each converted row is used by
// all n_queries heads before the next tile, so a grouped query reads the
// cache once per pass. The first pass writes scale * q . k_j; each query's
// row then goes through softmax(); the second pass adds p_j * v_j into out.
// Two passes need n_queries * n_kv floats of scratch (114 KiB for 7 heads at
// 4096 positions) but no rescaling of partial sums, which an online
// (flash-attention) softmax would redo per tile.
void attend(const float* q, std::int64_t q_stride, std::int32_t n_queries, std::int32_t head_dim,
            const KvHeadView& keys, const KvHeadView& values, std::int64_t n_kv, float scale,
            float* out, std::int64_t out_stride, float* scratch, KernelLevel level) noexcept;

std::size_t attention_scratch_floats(std::int32_t n_queries, std::int64_t n_kv) noexcept;

}  // namespace hearth::tensor
