// Q5_K: an affine super-block (kquant_scale_min.h) with 5-bit levels. The low
// 4 bits are packed as in Q4_K; byte l of high_bits holds the fifth bit of
// value l of sub-block k in bit k (ggml's block_q5_K).
#include <array>
#include <cstdint>

#include "block_io.h"
#include "codecs.h"
#include "kquant_scale_min.h"

namespace hearth::tensor::detail {
namespace {

struct BlockQ5K {
  static constexpr std::size_t kValues = kSuperBlockValues;
  AffineSuperBlockHeader header;
  std::uint8_t high_bits[kAffineSubBlockValues];
  std::uint8_t nibbles[kValues / 2];
};
static_assert(sizeof(BlockQ5K) == 176, "must match ggml's block_q5_K");

// ggml's quantize_row_q5_K_ref search grid.
constexpr AffineSearch kSearch{
    .max_level = 31, .first_offset = -0.5f, .offset_step = 0.1f, .steps = 15};

void encode(std::span<const float, BlockQ5K::kValues> values, BlockQ5K& block) {
  std::array<std::uint8_t, kSuperBlockValues> levels{};
  block.header = fit_affine_super_block(values, kSearch, levels);
  for (std::size_t sub_block = 0; sub_block < kAffineSubBlocks; ++sub_block) {
    const bool in_high_nibble = sub_block % 2 == 1;
    std::uint8_t* nibbles = block.nibbles + (sub_block / 2) * kAffineSubBlockValues;
    for (std::size_t l = 0; l < kAffineSubBlockValues; ++l) {
      const std::uint8_t level = levels[sub_block * kAffineSubBlockValues + l];
      block.high_bits[l] |= static_cast<std::uint8_t>((level >> 4) << sub_block);
      nibbles[l] |= static_cast<std::uint8_t>((level & 0x0f) << (in_high_nibble ? 4 : 0));
    }
  }
}

void decode(const BlockQ5K& block, std::span<float, BlockQ5K::kValues> values) {
  for (std::size_t pair = 0; pair < kAffineSubBlocks / 2; ++pair) {
    const SubBlockAffine low = sub_block_affine(block.header, 2 * pair);
    const SubBlockAffine high = sub_block_affine(block.header, 2 * pair + 1);
    const std::uint8_t low_mask = static_cast<std::uint8_t>(1u << (2 * pair));
    const std::uint8_t high_mask = static_cast<std::uint8_t>(1u << (2 * pair + 1));
    const std::uint8_t* nibbles = block.nibbles + pair * kAffineSubBlockValues;
    float* out = values.data() + pair * 2 * kAffineSubBlockValues;
    for (std::size_t l = 0; l < kAffineSubBlockValues; ++l) {
      const int low_level = (nibbles[l] & 0x0f) + ((block.high_bits[l] & low_mask) != 0 ? 16 : 0);
      const int high_level = (nibbles[l] >> 4) + ((block.high_bits[l] & high_mask) != 0 ? 16 : 0);
      out[l] = low.scale * low_level - low.offset;
      out[l + kAffineSubBlockValues] = high.scale * high_level - high.offset;
    }
  }
}

}  // namespace

void quantize_q5_k(FloatSource source, ByteDestination destination) {
  encode_blocks<BlockQ5K>(source, destination, encode);
}

void dequantize_q5_k(ByteSource source, FloatDestination destination) {
  decode_blocks<BlockQ5K>(source, destination, decode);
}

}  // namespace hearth::tensor::detail
