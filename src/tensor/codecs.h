// The per-type reference codecs behind quantize() and dequantize().
//
// Each function assumes quantize()/dequantize() already checked the sizes:
// the float span is a whole number of blocks and the byte span holds exactly
// those blocks.
#pragma once

#include <cstddef>
#include <span>

namespace hearth::tensor::detail {

using FloatSource = std::span<const float>;
using ByteDestination = std::span<std::byte>;
using ByteSource = std::span<const std::byte>;
using FloatDestination = std::span<float>;

void quantize_f32(FloatSource source, ByteDestination destination);
void dequantize_f32(ByteSource source, FloatDestination destination);
void quantize_f16(FloatSource source, ByteDestination destination);
void dequantize_f16(ByteSource source, FloatDestination destination);
void quantize_bf16(FloatSource source, ByteDestination destination);
void dequantize_bf16(ByteSource source, FloatDestination destination);

void quantize_q4_0(FloatSource source, ByteDestination destination);
void dequantize_q4_0(ByteSource source, FloatDestination destination);
void quantize_q4_1(FloatSource source, ByteDestination destination);
void dequantize_q4_1(ByteSource source, FloatDestination destination);
void quantize_q5_0(FloatSource source, ByteDestination destination);
void dequantize_q5_0(ByteSource source, FloatDestination destination);
void quantize_q5_1(FloatSource source, ByteDestination destination);
void dequantize_q5_1(ByteSource source, FloatDestination destination);
void quantize_q8_0(FloatSource source, ByteDestination destination);
void dequantize_q8_0(ByteSource source, FloatDestination destination);

void dequantize_q2_k(ByteSource source, FloatDestination destination);
void dequantize_q3_k(ByteSource source, FloatDestination destination);
void quantize_q4_k(FloatSource source, ByteDestination destination);
void dequantize_q4_k(ByteSource source, FloatDestination destination);
void quantize_q5_k(FloatSource source, ByteDestination destination);
void dequantize_q5_k(ByteSource source, FloatDestination destination);
void quantize_q6_k(FloatSource source, ByteDestination destination);
void dequantize_q6_k(ByteSource source, FloatDestination destination);
void dequantize_q8_k(ByteSource source, FloatDestination destination);

}  // namespace hearth::tensor::detail
