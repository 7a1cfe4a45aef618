// Q8_K, read only: ggml's intermediate format for dot products, 256 int8
// levels times one fp32 scale, plus per-16 sums that decoding ignores.
#include <cstdint>

#include "block_io.h"
#include "codecs.h"

namespace hearth::tensor::detail {
namespace {

struct BlockQ8K {
  static constexpr std::size_t kValues = 256;
  float scale;
  std::int8_t levels[kValues];
  std::int16_t sums_of_16[kValues / 16];
};
static_assert(sizeof(BlockQ8K) == 292, "must match ggml's block_q8_K");

void decode(const BlockQ8K& block, std::span<float, BlockQ8K::kValues> values) {
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = block.scale * block.levels[i];
}

}  // namespace

void dequantize_q8_k(ByteSource source, FloatDestination destination) {
  decode_blocks<BlockQ8K>(source, destination, decode);
}

}  // namespace hearth::tensor::detail
