// The affine super-block shared by Q4_K and Q5_K: 256 values in eight
// sub-blocks of 32, each with a 6-bit scale and 6-bit minimum that multiply
// two fp16 super-block factors. The 8 + 8 six-bit numbers are packed into 12
// bytes (ggml's K_SCALE_SIZE):
//   bytes 0-3:  scale[0..3] in bits 0-5, scale[4..7] >> 4 in bits 6-7
//   bytes 4-7:  min[0..3]   in bits 0-5, min[4..7]   >> 4 in bits 6-7
//   bytes 8-11: scale[4..7] & 15 in bits 0-3, min[4..7] & 15 in bits 4-7
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "kquant_search.h"

namespace hearth::tensor::detail {

inline constexpr std::size_t kSuperBlockValues = 256;
inline constexpr std::size_t kAffineSubBlockValues = 32;
inline constexpr std::size_t kAffineSubBlocks = kSuperBlockValues / kAffineSubBlockValues;

struct AffineSuperBlockHeader {
  std::uint16_t scale_factor;  // fp16 "d": multiplies each sub-block's 6-bit scale
  std::uint16_t min_factor;    // fp16 "dmin": multiplies each sub-block's 6-bit minimum
  std::uint8_t packed_scales_and_mins[12];
};
static_assert(sizeof(AffineSuperBlockHeader) == 16, "ggml's d, dmin and scales[12]");

// A sub-block's effective scale and offset: value = scale * level - offset.
struct SubBlockAffine {
  float scale;
  float offset;
};

// ggml's get_scale_min_k4, already multiplied by the super-block factors as
// dequantize_row_q4_K/q5_K do.
SubBlockAffine sub_block_affine(const AffineSuperBlockHeader& header, std::size_t sub_block);

// The first half of ggml's quantize_row_q4_K_ref / q5_K_ref: fit each
// sub-block, quantize the fitted scales and minimums to 6 bits against the
// largest of each, then requantize every value against the rounded result.
// `levels` receives each value's level in [0, search.max_level].
AffineSuperBlockHeader fit_affine_super_block(std::span<const float, kSuperBlockValues> values,
                                              const AffineSearch& search,
                                              std::span<std::uint8_t, kSuperBlockValues> levels);

}  // namespace hearth::tensor::detail
