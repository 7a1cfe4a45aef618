// Q4_1: 32 values as 4-bit levels times an fp16 scale plus an fp16 minimum
// (ggml's block_q4_1). Nibble order as in Q4_0.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "block_io.h"
#include "codecs.h"
#include "hearth/tensor/half.h"
#include "quant_rounding.h"

namespace hearth::tensor::detail {
namespace {

struct BlockQ4_1 {
  static constexpr std::size_t kValues = 32;
  std::uint16_t scale;    // fp16
  std::uint16_t minimum;  // fp16
  std::uint8_t nibbles[kValues / 2];
};
static_assert(sizeof(BlockQ4_1) == 20, "must match ggml's block_q4_1");

constexpr std::size_t kHalf = BlockQ4_1::kValues / 2;

std::uint8_t level_of(float value, float minimum, float inverse_scale) {
  return static_cast<std::uint8_t>(
      std::min(15, truncate_to_int((value - minimum) * inverse_scale + 0.5f)));
}

// ggml's quantize_row_q4_1_ref: the block's range [min, max] is split into 15
// equal steps.
void encode(std::span<const float, BlockQ4_1::kValues> values, BlockQ4_1& block) {
  float minimum = std::numeric_limits<float>::max();
  float maximum = -std::numeric_limits<float>::max();
  for (const float value : values) {
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }

  const float scale = (maximum - minimum) / 15;
  const float inverse_scale = scale != 0.0f ? 1.0f / scale : 0.0f;
  block.scale = fp32_to_fp16(scale);
  block.minimum = fp32_to_fp16(minimum);
  for (std::size_t j = 0; j < kHalf; ++j) {
    const std::uint8_t low = level_of(values[j], minimum, inverse_scale);
    const std::uint8_t high = level_of(values[j + kHalf], minimum, inverse_scale);
    block.nibbles[j] = static_cast<std::uint8_t>(low | (high << 4));
  }
}

void decode(const BlockQ4_1& block, std::span<float, BlockQ4_1::kValues> values) {
  const float scale = fp16_to_fp32(block.scale);
  const float minimum = fp16_to_fp32(block.minimum);
  for (std::size_t j = 0; j < kHalf; ++j) {
    values[j] = (block.nibbles[j] & 0x0f) * scale + minimum;
    values[j + kHalf] = (block.nibbles[j] >> 4) * scale + minimum;
  }
}

}  // namespace

void quantize_q4_1(FloatSource source, ByteDestination destination) {
  encode_blocks<BlockQ4_1>(source, destination, encode);
}

void dequantize_q4_1(ByteSource source, FloatDestination destination) {
  decode_blocks<BlockQ4_1>(source, destination, decode);
}

}  // namespace hearth::tensor::detail
