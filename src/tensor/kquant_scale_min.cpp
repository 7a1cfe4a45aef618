#include "kquant_scale_min.h"

#include <algorithm>
#include <cmath>

#include "hearth/tensor/half.h"
#include "quant_rounding.h"

namespace hearth::tensor::detail {
namespace {

constexpr int kSixBitMax = 63;

struct SixBitPair {
  std::uint8_t scale;
  std::uint8_t min;
};

SixBitPair unpack(const std::uint8_t (&packed)[12], std::size_t sub_block) {
  if (sub_block < 4) {
    return {static_cast<std::uint8_t>(packed[sub_block] & 63),
            static_cast<std::uint8_t>(packed[sub_block + 4] & 63)};
  }
  return {
      static_cast<std::uint8_t>((packed[sub_block + 4] & 0x0f) |
                                ((packed[sub_block - 4] >> 6) << 4)),
      static_cast<std::uint8_t>((packed[sub_block + 4] >> 4) | ((packed[sub_block] >> 6) << 4))};
}

void pack(const std::array<SixBitPair, kAffineSubBlocks>& pairs, std::uint8_t (&packed)[12]) {
  for (std::size_t j = 0; j < 4; ++j) {
    packed[j] = pairs[j].scale;
    packed[j + 4] = pairs[j].min;
  }
  for (std::size_t j = 4; j < kAffineSubBlocks; ++j) {
    packed[j + 4] =
        static_cast<std::uint8_t>((pairs[j].scale & 0x0f) | ((pairs[j].min & 0x0f) << 4));
    packed[j - 4] |= static_cast<std::uint8_t>((pairs[j].scale >> 4) << 6);
    packed[j] |= static_cast<std::uint8_t>((pairs[j].min >> 4) << 6);
  }
}

std::uint8_t six_bit_level(float value, float inverse_step) {
  // ggml stores nearest_int's result in a uint8_t before clamping to 63.
  const auto level = static_cast<std::uint8_t>(nearest_int(inverse_step * value));
  return std::min<std::uint8_t>(kSixBitMax, level);
}

}  // namespace

SubBlockAffine sub_block_affine(const AffineSuperBlockHeader& header, std::size_t sub_block) {
  const SixBitPair pair = unpack(header.packed_scales_and_mins, sub_block);
  return {fp16_to_fp32(header.scale_factor) * pair.scale,
          fp16_to_fp32(header.min_factor) * pair.min};
}

AffineSuperBlockHeader fit_affine_super_block(std::span<const float, kSuperBlockValues> values,
                                              const AffineSearch& search,
                                              std::span<std::uint8_t, kSuperBlockValues> levels) {
  std::array<float, kAffineSubBlocks> scales{};
  std::array<float, kAffineSubBlocks> offsets{};
  float max_scale = 0.0f;
  float max_offset = 0.0f;
  for (std::size_t j = 0; j < kAffineSubBlocks; ++j) {
    const auto group = values.subspan(j * kAffineSubBlockValues, kAffineSubBlockValues);
    // Weighting by |x| plus the group's RMS favours large values without
    // ignoring small ones.
    float sum_squares = 0.0f;
    for (const float x : group) sum_squares += x * x;
    const float rms = std::sqrt(sum_squares / kAffineSubBlockValues);
    std::array<float, kAffineSubBlockValues> weights{};
    for (std::size_t l = 0; l < kAffineSubBlockValues; ++l) weights[l] = rms + std::fabs(group[l]);

    const AffineFit fit = fit_affine_levels(
        group, weights, search, levels.subspan(j * kAffineSubBlockValues, kAffineSubBlockValues));
    scales[j] = fit.scale;
    offsets[j] = fit.offset;
    if (fit.scale > max_scale) max_scale = fit.scale;
    if (fit.offset > max_offset) max_offset = fit.offset;
  }

  const float inverse_scale_step = max_scale > 0.0f ? kSixBitMax / max_scale : 0.0f;
  const float inverse_offset_step = max_offset > 0.0f ? kSixBitMax / max_offset : 0.0f;
  std::array<SixBitPair, kAffineSubBlocks> pairs{};
  for (std::size_t j = 0; j < kAffineSubBlocks; ++j) {
    pairs[j] = {six_bit_level(scales[j], inverse_scale_step),
                six_bit_level(offsets[j], inverse_offset_step)};
  }

  AffineSuperBlockHeader header{};
  pack(pairs, header.packed_scales_and_mins);
  header.scale_factor = fp32_to_fp16(max_scale / kSixBitMax);
  header.min_factor = fp32_to_fp16(max_offset / kSixBitMax);

  // The stored 6-bit scales are coarser than the fitted ones, so the levels
  // are chosen again against what a reader will actually compute. A
  // sub-block whose scale rounded to zero keeps its fitted levels, as in ggml.
  for (std::size_t j = 0; j < kAffineSubBlocks; ++j) {
    const SubBlockAffine affine = sub_block_affine(header, j);
    if (affine.scale == 0.0f) continue;
    for (std::size_t i = 0; i < kAffineSubBlockValues; ++i) {
      const std::size_t index = j * kAffineSubBlockValues + i;
      const int level = nearest_int((values[index] + affine.offset) / affine.scale);
      levels[index] = static_cast<std::uint8_t>(std::clamp(level, 0, search.max_level));
    }
  }
  return header;
}

}  // namespace hearth::tensor::detail
