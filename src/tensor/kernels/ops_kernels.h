// The per-level kernels behind hearth/tensor/ops.h. ops.cpp checks arguments
// and picks a level; each namespace below is one translation unit compiled
// for its instruction set.
//
// This header is included by the *_avx2.cpp and *_avx512.cpp files, so it
// declares only plain functions and a plain struct: nothing inline, no
// templates, no standard containers (see src/tensor/CMakeLists.txt).
#pragma once

#include <cstddef>
#include <cstdint>

namespace hearth::tensor::ops_kernels {

// The head dimensions the SIMD attention kernels convert a tile of cache rows
// for on the stack; ops.h states the same limit.
inline constexpr std::int32_t kMaxHeadDim = 256;

// Cache positions whose rows one attention tile converts to float at once.
inline constexpr std::int64_t kAttentionTile = 16;

enum class CacheRowFormat : std::uint8_t { f16, q8_0 };

struct CacheRows {
  CacheRowFormat format;
  const std::byte* data;
  std::size_t stride;  // bytes from one position to the next
};

// attend() with its arguments checked. The scores of query h live at
// scratch + h * score_stride; score_stride is n_kv rounded up to a whole
// number of tiles, so a tile's scores can be stored whole.
struct AttentionProblem {
  const float* q;
  std::int64_t q_stride;
  std::int32_t n_queries;
  std::int32_t head_dim;
  CacheRows keys;
  CacheRows values;
  std::int64_t n_kv;
  float scale;
  float* out;
  std::int64_t out_stride;
  float* scratch;
  std::int64_t score_stride;
};

}  // namespace hearth::tensor::ops_kernels

// One identical set of declarations per level.
#define HEARTH_DECLARE_OPS_KERNELS(level)                                                   \
  namespace hearth::tensor::ops_##level {                                                   \
    void rms_norm(const float* x, const float* weight, float* out, std::int64_t n,          \
                  float eps) noexcept;                                                      \
    void add_in_place(float* y, const float* x, std::int64_t n) noexcept;                   \
    void silu_mul(const float* gate, const float* up, float* out, std::int64_t n) noexcept; \
    void softmax(float* x, std::int64_t n) noexcept;                                        \
    void rope(float* x, std::int32_t n_heads, std::int32_t head_dim, std::int32_t n_rot,    \
              const float* cos, const float* sin, bool neox) noexcept;                      \
    void store_f16_row(const float* x, std::byte* destination, std::int64_t n) noexcept;    \
    void store_q8_0_row(const float* x, std::byte* destination, std::int64_t n) noexcept;   \
    void attend(const ops_kernels::AttentionProblem& problem) noexcept;                     \
  }

HEARTH_DECLARE_OPS_KERNELS(scalar)
HEARTH_DECLARE_OPS_KERNELS(avx2)
HEARTH_DECLARE_OPS_KERNELS(avx512)

#undef HEARTH_DECLARE_OPS_KERNELS
