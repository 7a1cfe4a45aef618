// The per-level matrix-product kernels behind tensor::multiply (matmul.h).
//
// Everything here takes plain pointers and sizes: the files compiled for AVX2
// and AVX-512 include this header, and they must not instantiate any inline
// function or template that other files share (see src/tensor/CMakeLists.txt).
//
// Activation rows. Each token's row of an Activations buffer starts with the
// activations in the partner format's ggml blocks (so tensor::dequantize reads
// them), followed by copies the kernels read instead, each section starting
// on a 64-byte boundary:
//   F32 (F32 and F16 weights):  floats, padded with zeros to 16 values.
//   BF16:                       bf16 values, then `floats` (the same values
//                               widened to F32, padded to 16), which the
//                               kernels read.
//   Q8_0 (Q8_0, Q4_0, Q5_0, Q4_1, Q5_1) and Q8_K (Q4_K, Q5_K, Q6_K):
//     quants        int8 levels, contiguous
//     scales        float per activation block (32 or 256 values)
//     group_terms   4 bytes per weight group (32 values; 16 for Q6_K): for
//                   weights with a fixed level offset o (Q8_0: 128, Q4_0: 8,
//                   Q5_0: 16, Q6_K: 32) the int32 -o * sum(levels), so that
//                   unsigned weight levels can be multiplied directly; for
//                   weights with a minimum (Q4_1, Q5_1, Q4_K, Q5_K) the float
//                   sum(levels).
#pragma once

#include <cstddef>
#include <cstdint>

namespace hearth::tensor::kernels {

// The weight formats, as indices into a LevelKernels table.
enum class WeightFormat : int { f32, f16, bf16, q8_0, q4_0, q4_1, q5_0, q5_1, q4_k, q5_k, q6_k };
inline constexpr int kWeightFormatCount = 11;

// Byte offsets of the sections of one activation row (see above); 0 for a
// section the format does not have.
struct ActivationLayout {
  std::size_t floats = 0;
  std::size_t quants = 0;
  std::size_t scales = 0;
  std::size_t group_terms = 0;
  std::size_t row_bytes = 0;
};

struct ConvertArgs {
  const float* x;  // token_begin's values
  std::int64_t ldx;
  std::int64_t tokens;
  std::int64_t cols;
  std::byte* out;  // token_begin's activation row
  ActivationLayout layout;
};

struct MultiplyArgs {
  const std::byte* weights;  // row 0
  std::size_t weight_row_bytes;
  std::int64_t cols;
  std::int64_t row_begin;
  std::int64_t row_end;
  const std::byte* x;  // token 0's activation row
  ActivationLayout layout;
  std::int64_t tokens;
  float* y;
  std::int64_t ldy;
};

// Products with at most this many tokens stream each weight row (at every
// level), and a token's sums there are the same whatever tokens share the
// call; more tokens may take the panel path, which sums in another order.
inline constexpr std::int64_t kMaxStreamingTokens = 3;

using ConvertKernel = void (*)(const ConvertArgs& args);
using MultiplyKernel = void (*)(const MultiplyArgs& args);

// A null converter means the level uses the scalar one for that format.
struct LevelKernels {
  ConvertKernel convert[kWeightFormatCount];
  MultiplyKernel multiply[kWeightFormatCount];
};

const LevelKernels& scalar_kernels() noexcept;
// Needs AVX2, FMA and F16C; `vnni` picks the AVX-VNNI instructions.
const LevelKernels& avx2_kernels(bool vnni) noexcept;
// Needs AVX-512 F/BW/VL/DQ and AVX512-VNNI.
const LevelKernels& avx512_kernels() noexcept;

}  // namespace hearth::tensor::kernels
