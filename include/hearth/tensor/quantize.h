// Reference (scalar) quantizers and dequantizers, bit-compatible with ggml's
// block layouts.
//
// Quantizing follows ggml's reference algorithms (quantize_row_*_ref), so the
// bytes produced are the bytes llama.cpp would produce; dequantizing is exact
// to ggml's dequantize_row_*. These are the slow, obviously-correct twins that
// every SIMD kernel is tested against.
#pragma once

#include <cstddef>
#include <span>

#include "hearth/tensor/type.h"

namespace hearth::tensor {

// Types hearth can write from F32: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q5_K, Q6_K.
bool can_quantize(TensorType type) noexcept;

// Types hearth can read back to F32 (at least every type can_quantize accepts).
bool can_dequantize(TensorType type) noexcept;

// Quantizes `source` into `destination`. source.size() must be a multiple of the
// type's block size and destination.size() must equal
// bytes_for_elements(type, source.size()); otherwise throws
// Error(invalid_argument). Throws Error(unsupported) if !can_quantize(type).
void quantize(TensorType type, std::span<const float> source, std::span<std::byte> destination);

// The inverse: destination.size() elements are decoded from `source`, whose size
// must be exactly bytes_for_elements(type, destination.size()).
// Throws Error(unsupported) if !can_dequantize(type).
void dequantize(TensorType type, std::span<const std::byte> source, std::span<float> destination);

}  // namespace hearth::tensor
