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

// Types hearth can write from F32: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1,
// Q8_0, Q4_K, Q5_K, Q6_K. (llama.cpp writes Q5_0, Q5_1 and Q8_0 in place of
// Q4_K, Q5_K and Q6_K for rows that are not a multiple of 256.)
bool can_quantize(TensorType type) noexcept;

// Types hearth can read back to F32: every type can_quantize accepts, plus
// Q2_K, Q3_K and Q8_K.
bool can_dequantize(TensorType type) noexcept;

// Quantizes `source` into `destination`. source.size() must be a multiple of the
// type's block size and destination.size() must equal
// bytes_for_elements(type, source.size()); for block-quantized types every value
// must be finite (F32/F16/BF16 keep infinities and NaNs). Otherwise throws
// Error(invalid_argument). Throws Error(unsupported) if !can_quantize(type).
// On a throw, destination is left untouched. As in ggml, values too large for
// a block's fp16 scale or minimum (from about 6.5e4 for Q4_1/Q5_1, 5e5 for
// Q4_0, more for the other types) decode to infinities or NaNs.
void quantize(TensorType type, std::span<const float> source, std::span<std::byte> destination);

// The inverse: destination.size() elements are decoded from `source`, whose size
// must be exactly bytes_for_elements(type, destination.size()); otherwise throws
// Error(invalid_argument), leaving destination untouched. Throws
// Error(unsupported) if !can_dequantize(type). Any bytes decode without error:
// the result is whatever ggml would compute from them.
void dequantize(TensorType type, std::span<const std::byte> source, std::span<float> destination);

}  // namespace hearth::tensor
