// Q8_0: 32 values as int8 levels times one fp16 scale (ggml's block_q8_0).
#include <algorithm>
#include <cmath>
#include <cstdint>

#include "block_io.h"
#include "codecs.h"
#include "hearth/tensor/half.h"
#include "quant_rounding.h"

namespace hearth::tensor::detail {
namespace {

struct BlockQ8_0 {
  static constexpr std::size_t kValues = 32;
  std::uint16_t scale;  // fp16
  std::int8_t levels[kValues];
};
static_assert(sizeof(BlockQ8_0) == 34, "must match ggml's block_q8_0");

// ggml's quantize_row_q8_0_ref: the largest magnitude maps to +-127 and every
// value rounds half away from zero.
void encode(std::span<const float, BlockQ8_0::kValues> values, BlockQ8_0& block) {
  float max_magnitude = 0.0f;
  for (const float value : values) max_magnitude = std::max(max_magnitude, std::fabs(value));

  const float scale = max_magnitude / 127;
  const float inverse_scale = scale != 0.0f ? 1.0f / scale : 0.0f;
  block.scale = fp32_to_fp16(scale);
  for (std::size_t i = 0; i < values.size(); ++i) {
    block.levels[i] =
        static_cast<std::int8_t>(truncate_to_int(std::round(values[i] * inverse_scale)));
  }
}

void decode(const BlockQ8_0& block, std::span<float, BlockQ8_0::kValues> values) {
  const float scale = fp16_to_fp32(block.scale);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = block.levels[i] * scale;
}

}  // namespace

void quantize_q8_0(FloatSource source, ByteDestination destination) {
  encode_blocks<BlockQ8_0>(source, destination, encode);
}

void dequantize_q8_0(ByteSource source, FloatDestination destination) {
  decode_blocks<BlockQ8_0>(source, destination, decode);
}

}  // namespace hearth::tensor::detail
