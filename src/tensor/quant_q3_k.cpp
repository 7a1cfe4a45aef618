// Q3_K, read only: 256 values in 16 sub-blocks of 16, 3-bit signed levels,
// each sub-block with a 6-bit signed scale times one fp16 factor (ggml's
// block_q3_K).
//
// Value n = 128 h + 32 j + l (h in 0..1, j in 0..3, l in 0..31) takes its
// low 2 bits from bits 2j..2j+1 of quants[32 h + l]; a clear bit 4h + j of
// high_mask[l] subtracts 4. Sub-block s = 8 h + 2 j + l / 16 keeps the low
// nibble of its scale in packed_scales[s % 8] (high nibble when s >= 8) and
// the top two bits in bits 2(s / 4).. of packed_scales[8 + s % 4].
#include <cstdint>

#include "block_io.h"
#include "codecs.h"
#include "hearth/tensor/half.h"

namespace hearth::tensor::detail {
namespace {

struct BlockQ3K {
  static constexpr std::size_t kValues = 256;
  std::uint8_t high_mask[kValues / 8];
  std::uint8_t quants[kValues / 4];
  std::uint8_t packed_scales[12];
  std::uint16_t scale_factor;  // fp16
};
static_assert(sizeof(BlockQ3K) == 110, "must match ggml's block_q3_K");

int sub_block_scale(const BlockQ3K& block, std::size_t s) {
  const int low = s < 8 ? block.packed_scales[s] & 0x0f : block.packed_scales[s - 8] >> 4;
  const int high = (block.packed_scales[8 + s % 4] >> (2 * (s / 4))) & 3;
  return (low | (high << 4)) - 32;
}

void decode(const BlockQ3K& block, std::span<float, BlockQ3K::kValues> values) {
  const float scale_factor = fp16_to_fp32(block.scale_factor);
  for (std::size_t n = 0; n < BlockQ3K::kValues; ++n) {
    const std::size_t h = n / 128;
    const std::size_t j = (n % 128) / 32;
    const std::size_t l = n % 32;
    const float scale = scale_factor * sub_block_scale(block, 8 * h + 2 * j + l / 16);
    const bool high_bit = ((block.high_mask[l] >> (4 * h + j)) & 1) != 0;
    const int level = ((block.quants[32 * h + l] >> (2 * j)) & 3) - (high_bit ? 0 : 4);
    values[n] = scale * level;
  }
}

}  // namespace

void dequantize_q3_k(ByteSource source, FloatDestination destination) {
  decode_blocks<BlockQ3K>(source, destination, decode);
}

}  // namespace hearth::tensor::detail
