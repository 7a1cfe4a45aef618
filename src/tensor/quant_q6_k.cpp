// Q6_K: 256 values in 16 sub-blocks of 16, each with a signed 8-bit scale
// times one fp16 factor, and 6-bit levels around 32 (ggml's block_q6_K).
//
// Value n = 128 h + 32 q + l (h in 0..1, q in 0..3, l in 0..31) keeps
//   its low 4 bits in low_bits[64 h + 32 (q & 1) + l], low nibble if q < 2,
//   its top 2 bits in bits 2q..2q+1 of high_bits[32 h + l],
//   and uses scales[n / 16].
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "block_io.h"
#include "codecs.h"
#include "hearth/tensor/half.h"
#include "kquant_search.h"
#include "quant_rounding.h"

namespace hearth::tensor::detail {
namespace {

constexpr std::size_t kSubBlockValues = 16;
constexpr int kLevelOffset = 32;

struct BlockQ6K {
  static constexpr std::size_t kValues = 256;
  std::uint8_t low_bits[kValues / 2];
  std::uint8_t high_bits[kValues / 4];
  std::int8_t scales[kValues / kSubBlockValues];
  std::uint16_t scale_factor;  // fp16
};
static_assert(sizeof(BlockQ6K) == 210, "must match ggml's block_q6_K");

constexpr std::size_t kSubBlocks = BlockQ6K::kValues / kSubBlockValues;

// Calls visit(n, low_byte, low_shift, high_byte, high_shift) for every value
// n, in runs of 32 consecutive values that share their shifts.
template <typename Visit>
void for_each_position(Visit&& visit) {
  for (std::size_t h = 0; h < 2; ++h) {
    for (std::size_t q = 0; q < 4; ++q) {
      const int low_shift = q < 2 ? 0 : 4;
      const int high_shift = static_cast<int>(2 * q);
      for (std::size_t l = 0; l < 32; ++l) {
        visit(128 * h + 32 * q + l, 64 * h + 32 * (q & 1) + l, low_shift, 32 * h + l, high_shift);
      }
    }
  }
}

// ggml's quantize_row_q6_K_ref: fit each sub-block independently, then
// express the fitted scales as int8 multiples of one factor chosen so the
// largest maps to -128, and requantize against the rounded scales.
void encode(std::span<const float, BlockQ6K::kValues> values, BlockQ6K& block) {
  std::array<std::int8_t, BlockQ6K::kValues> levels{};
  std::array<float, kSubBlocks> scales{};
  float max_scale = 0.0f;
  float max_abs_scale = 0.0f;
  for (std::size_t j = 0; j < kSubBlocks; ++j) {
    scales[j] =
        fit_symmetric_levels(values.subspan(j * kSubBlockValues, kSubBlockValues), kLevelOffset,
                             std::span(levels).subspan(j * kSubBlockValues, kSubBlockValues));
    if (std::fabs(scales[j]) > max_abs_scale) {
      max_abs_scale = std::fabs(scales[j]);
      max_scale = scales[j];
    }
  }
  // An all-zero block stays all-zero bytes, as ggml writes it.
  if (max_abs_scale < kGroupMaxEpsilon) return;

  const float inverse_factor = -128.0f / max_scale;
  block.scale_factor = fp32_to_fp16(1 / inverse_factor);
  for (std::size_t j = 0; j < kSubBlocks; ++j) {
    block.scales[j] =
        static_cast<std::int8_t>(std::min(127, nearest_int(inverse_factor * scales[j])));
  }

  const float factor = fp16_to_fp32(block.scale_factor);
  for (std::size_t j = 0; j < kSubBlocks; ++j) {
    const float scale = factor * block.scales[j];
    if (scale == 0.0f) continue;
    for (std::size_t i = 0; i < kSubBlockValues; ++i) {
      const std::size_t index = j * kSubBlockValues + i;
      const int level =
          std::clamp(nearest_int(values[index] / scale), -kLevelOffset, kLevelOffset - 1);
      levels[index] = static_cast<std::int8_t>(level + kLevelOffset);
    }
  }

  for_each_position([&](std::size_t n, std::size_t low_byte, int low_shift, std::size_t high_byte,
                        int high_shift) {
    const auto level = static_cast<std::uint8_t>(levels[n]);
    block.low_bits[low_byte] |= static_cast<std::uint8_t>((level & 0x0f) << low_shift);
    block.high_bits[high_byte] |= static_cast<std::uint8_t>((level >> 4) << high_shift);
  });
}

void decode(const BlockQ6K& block, std::span<float, BlockQ6K::kValues> values) {
  const float factor = fp16_to_fp32(block.scale_factor);
  for_each_position([&](std::size_t n, std::size_t low_byte, int low_shift, std::size_t high_byte,
                        int high_shift) {
    const int low = (block.low_bits[low_byte] >> low_shift) & 0x0f;
    const int high = (block.high_bits[high_byte] >> high_shift) & 0x03;
    const int level = (low | (high << 4)) - kLevelOffset;
    values[n] = factor * block.scales[n / kSubBlockValues] * level;
  });
}

}  // namespace

void quantize_q6_k(FloatSource source, ByteDestination destination) {
  encode_blocks<BlockQ6K>(source, destination, encode);
}

void dequantize_q6_k(ByteSource source, FloatDestination destination) {
  decode_blocks<BlockQ6K>(source, destination, decode);
}

}  // namespace hearth::tensor::detail
