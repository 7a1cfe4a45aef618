// Q2_K, read only: 256 values in 16 sub-blocks of 16, 2-bit levels, each
// sub-block with a 4-bit scale and 4-bit minimum times two fp16 factors
// (ggml's block_q2_K).
//
// Value n = 128 h + 32 j + l (h in 0..1, j in 0..3, l in 0..31) is bits
// 2j..2j+1 of quants[32 h + l] and uses scales_and_mins[8 h + 2 j + l / 16]
// (scale in the low nibble, minimum in the high one).
#include <cstdint>

#include "block_io.h"
#include "codecs.h"
#include "hearth/tensor/half.h"

namespace hearth::tensor::detail {
namespace {

struct BlockQ2K {
  static constexpr std::size_t kValues = 256;
  std::uint8_t scales_and_mins[16];
  std::uint8_t quants[kValues / 4];
  std::uint16_t scale_factor;  // fp16
  std::uint16_t min_factor;    // fp16
};
static_assert(sizeof(BlockQ2K) == 84, "must match ggml's block_q2_K");

void decode(const BlockQ2K& block, std::span<float, BlockQ2K::kValues> values) {
  const float scale_factor = fp16_to_fp32(block.scale_factor);
  const float min_factor = fp16_to_fp32(block.min_factor);
  for (std::size_t n = 0; n < BlockQ2K::kValues; ++n) {
    const std::size_t h = n / 128;
    const std::size_t j = (n % 128) / 32;
    const std::size_t l = n % 32;
    const std::uint8_t packed = block.scales_and_mins[8 * h + 2 * j + l / 16];
    const float scale = scale_factor * (packed & 0x0f);
    const float offset = min_factor * (packed >> 4);
    const int level = (block.quants[32 * h + l] >> (2 * j)) & 3;
    values[n] = scale * level - offset;
  }
}

}  // namespace

void dequantize_q2_k(ByteSource source, FloatDestination destination) {
  decode_blocks<BlockQ2K>(source, destination, decode);
}

}  // namespace hearth::tensor::detail
