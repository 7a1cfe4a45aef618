// Q4_0: 32 values as 4-bit levels around 8, times one fp16 scale (ggml's
// block_q4_0). Byte j holds value j in its low nibble and value j + 16 in its
// high nibble.
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "block_io.h"
#include "codecs.h"
#include "hearth/tensor/half.h"
#include "quant_rounding.h"

namespace hearth::tensor::detail {
namespace {

struct BlockQ4_0 {
  static constexpr std::size_t kValues = 32;
  std::uint16_t scale;  // fp16
  std::uint8_t nibbles[kValues / 2];
};
static_assert(sizeof(BlockQ4_0) == 18, "must match ggml's block_q4_0");

constexpr std::size_t kHalf = BlockQ4_0::kValues / 2;

// value * inverse_scale lies in [-8, 8], so adding 8.5 and truncating rounds
// to the nearest level; only +8 needs the clamp.
std::uint8_t level_of(float value, float inverse_scale) {
  return static_cast<std::uint8_t>(std::min(15, truncate_to_int(value * inverse_scale + 8.5f)));
}

// ggml's quantize_row_q4_0_ref: the value of largest magnitude maps to level 0
// (-8 after the offset), keeping its sign, so the full range -8..7 is used on
// the side where it matters most.
void encode(std::span<const float, BlockQ4_0::kValues> values, BlockQ4_0& block) {
  const float scale = signed_extreme(values) / -8;
  const float inverse_scale = scale != 0.0f ? 1.0f / scale : 0.0f;
  block.scale = fp32_to_fp16(scale);
  for (std::size_t j = 0; j < kHalf; ++j) {
    const std::uint8_t low = level_of(values[j], inverse_scale);
    const std::uint8_t high = level_of(values[j + kHalf], inverse_scale);
    block.nibbles[j] = static_cast<std::uint8_t>(low | (high << 4));
  }
}

void decode(const BlockQ4_0& block, std::span<float, BlockQ4_0::kValues> values) {
  const float scale = fp16_to_fp32(block.scale);
  for (std::size_t j = 0; j < kHalf; ++j) {
    values[j] = ((block.nibbles[j] & 0x0f) - 8) * scale;
    values[j + kHalf] = ((block.nibbles[j] >> 4) - 8) * scale;
  }
}

}  // namespace

void quantize_q4_0(FloatSource source, ByteDestination destination) {
  encode_blocks<BlockQ4_0>(source, destination, encode);
}

void dequantize_q4_0(ByteSource source, FloatDestination destination) {
  decode_blocks<BlockQ4_0>(source, destination, decode);
}

}  // namespace hearth::tensor::detail
