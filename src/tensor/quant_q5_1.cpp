// Q5_1: 32 values as 5-bit levels times an fp16 scale plus an fp16 minimum
// (ggml's block_q5_1). Bit layout as in Q5_0.
#include <cstdint>
#include <limits>

#include "block_io.h"
#include "codecs.h"
#include "fifth_bits.h"
#include "hearth/tensor/half.h"
#include "quant_rounding.h"

namespace hearth::tensor::detail {
namespace {

struct BlockQ5_1 {
  static constexpr std::size_t kValues = 32;
  std::uint16_t scale;    // fp16
  std::uint16_t minimum;  // fp16
  std::uint8_t high_bits[4];
  std::uint8_t nibbles[kValues / 2];
};
static_assert(sizeof(BlockQ5_1) == 24, "must match ggml's block_q5_1");

constexpr std::size_t kHalf = BlockQ5_1::kValues / 2;

// Unlike Q4_1, ggml does not clamp here: (value - min) / scale never exceeds
// 31 by more than rounding, so the truncated level stays within 5 bits.
std::uint8_t level_of(float value, float minimum, float inverse_scale) {
  return static_cast<std::uint8_t>(truncate_to_int((value - minimum) * inverse_scale + 0.5f));
}

// ggml's quantize_row_q5_1_ref: the block's range [min, max] in 31 steps.
void encode(std::span<const float, BlockQ5_1::kValues> values, BlockQ5_1& block) {
  float minimum = std::numeric_limits<float>::max();
  float maximum = -std::numeric_limits<float>::max();
  for (const float value : values) {
    if (value < minimum) minimum = value;
    if (value > maximum) maximum = value;
  }

  const float scale = (maximum - minimum) / 31;
  const float inverse_scale = scale != 0.0f ? 1.0f / scale : 0.0f;
  block.scale = fp32_to_fp16(scale);
  block.minimum = fp32_to_fp16(minimum);
  FifthBits fifth_bits;
  for (std::size_t j = 0; j < kHalf; ++j) {
    const std::uint8_t low = level_of(values[j], minimum, inverse_scale);
    const std::uint8_t high = level_of(values[j + kHalf], minimum, inverse_scale);
    block.nibbles[j] = static_cast<std::uint8_t>((low & 0x0f) | ((high & 0x0f) << 4));
    fifth_bits.set_from_level(j, low);
    fifth_bits.set_from_level(j + kHalf, high);
  }
  fifth_bits.store(block.high_bits);
}

void decode(const BlockQ5_1& block, std::span<float, BlockQ5_1::kValues> values) {
  const float scale = fp16_to_fp32(block.scale);
  const float minimum = fp16_to_fp32(block.minimum);
  const FifthBits fifth_bits = FifthBits::load(block.high_bits);
  for (std::size_t j = 0; j < kHalf; ++j) {
    const int low = (block.nibbles[j] & 0x0f) | fifth_bits.as_level_bit(j);
    const int high = (block.nibbles[j] >> 4) | fifth_bits.as_level_bit(j + kHalf);
    values[j] = low * scale + minimum;
    values[j + kHalf] = high * scale + minimum;
  }
}

}  // namespace

void quantize_q5_1(FloatSource source, ByteDestination destination) {
  encode_blocks<BlockQ5_1>(source, destination, encode);
}

void dequantize_q5_1(ByteSource source, FloatDestination destination) {
  decode_blocks<BlockQ5_1>(source, destination, decode);
}

}  // namespace hearth::tensor::detail
