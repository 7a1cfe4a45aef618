// Q4_K: an affine super-block (kquant_scale_min.h) with 4-bit levels. Each 32
// bytes of nibbles serve two sub-blocks: the low nibbles sub-block 2k, the
// high nibbles sub-block 2k + 1 (ggml's block_q4_K).
#include <array>
#include <cstdint>

#include "block_io.h"
#include "codecs.h"
#include "kquant_scale_min.h"

namespace hearth::tensor::detail {
namespace {

struct BlockQ4K {
  static constexpr std::size_t kValues = kSuperBlockValues;
  AffineSuperBlockHeader header;
  std::uint8_t nibbles[kValues / 2];
};
static_assert(sizeof(BlockQ4K) == 144, "must match ggml's block_q4_K");

// ggml's quantize_row_q4_K_ref search grid.
constexpr AffineSearch kSearch{
    .max_level = 15, .first_offset = -1.0f, .offset_step = 0.1f, .steps = 20};

void encode(std::span<const float, BlockQ4K::kValues> values, BlockQ4K& block) {
  std::array<std::uint8_t, kSuperBlockValues> levels{};
  block.header = fit_affine_super_block(values, kSearch, levels);
  for (std::size_t pair = 0; pair < kAffineSubBlocks / 2; ++pair) {
    const std::size_t first = pair * 2 * kAffineSubBlockValues;
    for (std::size_t l = 0; l < kAffineSubBlockValues; ++l) {
      block.nibbles[pair * kAffineSubBlockValues + l] = static_cast<std::uint8_t>(
          levels[first + l] | (levels[first + kAffineSubBlockValues + l] << 4));
    }
  }
}

void decode(const BlockQ4K& block, std::span<float, BlockQ4K::kValues> values) {
  for (std::size_t pair = 0; pair < kAffineSubBlocks / 2; ++pair) {
    const SubBlockAffine low = sub_block_affine(block.header, 2 * pair);
    const SubBlockAffine high = sub_block_affine(block.header, 2 * pair + 1);
    const std::uint8_t* nibbles = block.nibbles + pair * kAffineSubBlockValues;
    float* out = values.data() + pair * 2 * kAffineSubBlockValues;
    for (std::size_t l = 0; l < kAffineSubBlockValues; ++l) {
      out[l] = low.scale * (nibbles[l] & 0x0f) - low.offset;
      out[l + kAffineSubBlockValues] = high.scale * (nibbles[l] >> 4) - high.offset;
    }
  }
}

}  // namespace

void quantize_q4_k(FloatSource source, ByteDestination destination) {
  encode_blocks<BlockQ4K>(source, destination, encode);
}

void dequantize_q4_k(ByteSource source, FloatDestination destination) {
  decode_blocks<BlockQ4K>(source, destination, decode);
}

}  // namespace hearth::tensor::detail
