// Q5_0: 32 values as 5-bit levels around 16, times one fp16 scale (ggml's
// block_q5_0). The low 4 bits are packed as in Q4_0; bit i of the 32-bit
// little-endian high_bits word is the fifth bit of value i.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "block_io.h"
#include "codecs.h"
#include "fifth_bits.h"
#include "hearth/tensor/half.h"
#include "quant_rounding.h"

namespace hearth::tensor::detail {
namespace {

struct BlockQ5_0 {
  static constexpr std::size_t kValues = 32;
  std::uint16_t scale;  // fp16
  std::uint8_t high_bits[4];
  std::uint8_t nibbles[kValues / 2];
};
static_assert(sizeof(BlockQ5_0) == 22, "must match ggml's block_q5_0");

constexpr std::size_t kHalf = BlockQ5_0::kValues / 2;

std::uint8_t level_of(float value, float inverse_scale) {
  return static_cast<std::uint8_t>(std::min(31, truncate_to_int(value * inverse_scale + 16.5f)));
}

// ggml's quantize_row_q5_0_ref: as Q4_0, with the extreme value mapped to -16.
void encode(std::span<const float, BlockQ5_0::kValues> values, BlockQ5_0& block) {
  const float scale = signed_extreme(values) / -16;
  const float inverse_scale = scale != 0.0f ? 1.0f / scale : 0.0f;
  block.scale = fp32_to_fp16(scale);
  FifthBits fifth_bits;
  for (std::size_t j = 0; j < kHalf; ++j) {
    const std::uint8_t low = level_of(values[j], inverse_scale);
    const std::uint8_t high = level_of(values[j + kHalf], inverse_scale);
    block.nibbles[j] = static_cast<std::uint8_t>((low & 0x0f) | ((high & 0x0f) << 4));
    fifth_bits.set_from_level(j, low);
    fifth_bits.set_from_level(j + kHalf, high);
  }
  fifth_bits.store(block.high_bits);
}

void decode(const BlockQ5_0& block, std::span<float, BlockQ5_0::kValues> values) {
  const float scale = fp16_to_fp32(block.scale);
  const FifthBits fifth_bits = FifthBits::load(block.high_bits);
  for (std::size_t j = 0; j < kHalf; ++j) {
    const int low = (block.nibbles[j] & 0x0f) | fifth_bits.as_level_bit(j);
    const int high = (block.nibbles[j] >> 4) | fifth_bits.as_level_bit(j + kHalf);
    values[j] = (low - 16) * scale;
    values[j + kHalf] = (high - 16) * scale;
  }
}

}  // namespace

void quantize_q5_0(FloatSource source, ByteDestination destination) {
  encode_blocks<BlockQ5_0>(source, destination, encode);
}

void dequantize_q5_0(ByteSource source, FloatDestination destination) {
  decode_blocks<BlockQ5_0>(source, destination, decode);
}

}  // namespace hearth::tensor::detail
