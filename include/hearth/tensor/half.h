// IEEE half precision and bfloat16 conversions, as ggml performs them.
#pragma once

#include <cstdint>

namespace hearth::tensor {

// Round to nearest even; overflow becomes infinity; NaN stays NaN.
std::uint16_t fp32_to_fp16(float value) noexcept;
float fp16_to_fp32(std::uint16_t value) noexcept;

// Round to nearest even (ggml_compute_fp32_to_bf16); NaN is kept quiet NaN.
std::uint16_t fp32_to_bf16(float value) noexcept;
float bf16_to_fp32(std::uint16_t value) noexcept;

}  // namespace hearth::tensor
