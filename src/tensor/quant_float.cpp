// F32, F16 and BF16: one value per "block", stored little-endian.
#include <cstdint>
#include <cstring>

#include "block_io.h"
#include "codecs.h"
#include "hearth/tensor/half.h"

namespace hearth::tensor::detail {
namespace {

template <std::uint16_t (*kEncode)(float) noexcept>
void encode_16_bit(FloatSource source, ByteDestination destination) {
  for (std::size_t i = 0; i < source.size(); ++i) {
    const std::uint16_t bits = kEncode(source[i]);
    std::memcpy(destination.data() + i * sizeof bits, &bits, sizeof bits);
  }
}

template <float (*kDecode)(std::uint16_t) noexcept>
void decode_16_bit(ByteSource source, FloatDestination destination) {
  for (std::size_t i = 0; i < destination.size(); ++i) {
    std::uint16_t bits;
    std::memcpy(&bits, source.data() + i * sizeof bits, sizeof bits);
    destination[i] = kDecode(bits);
  }
}

}  // namespace

void quantize_f32(FloatSource source, ByteDestination destination) {
  std::memcpy(destination.data(), source.data(), source.size_bytes());
}

void dequantize_f32(ByteSource source, FloatDestination destination) {
  std::memcpy(destination.data(), source.data(), destination.size_bytes());
}

void quantize_f16(FloatSource source, ByteDestination destination) {
  encode_16_bit<fp32_to_fp16>(source, destination);
}

void dequantize_f16(ByteSource source, FloatDestination destination) {
  decode_16_bit<fp16_to_fp32>(source, destination);
}

void quantize_bf16(FloatSource source, ByteDestination destination) {
  encode_16_bit<fp32_to_bf16>(source, destination);
}

void dequantize_bf16(ByteSource source, FloatDestination destination) {
  decode_16_bit<bf16_to_fp32>(source, destination);
}

}  // namespace hearth::tensor::detail
