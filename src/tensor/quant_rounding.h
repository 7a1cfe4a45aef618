// The float-to-integer conversions and scale choices ggml's reference
// quantizers rely on.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>
#include <span>

namespace hearth::tensor::detail {

// ggml's nearest_int: adding 1.5 * 2^23 makes the FPU round to an integer in
// the low mantissa bits, so ties go to even (unlike std::round). Reproducing
// the trick, not just its intent, keeps k-quant bytes identical to ggml's for
// every input, including the out-of-range ones a degenerate block can produce.
inline int nearest_int(float value) {
  const auto shifted = std::bit_cast<std::int32_t>(value + 12582912.0f);
  return (shifted & 0x007f'ffff) - 0x0040'0000;
}

// What a C cast from float to int does for the values ggml's legacy quantizers
// feed it. Out-of-range values (infinity or NaN) only appear when a block's
// scale is so small its inverse overflows; the fp16 scale is then zero and any
// level decodes to zero, so 0 is returned instead of undefined behaviour.
inline int truncate_to_int(float value) {
  constexpr float kIntRangeEnd = 2147483648.0f;
  if (!(value > -kIntRangeEnd && value < kIntRangeEnd)) return 0;
  return static_cast<int>(value);
}

// The value of largest magnitude, sign kept; the first of equals wins, as in
// ggml, so symmetric quantizers pick the same scale ggml picks.
inline float signed_extreme(std::span<const float> values) {
  float extreme = 0.0f;
  float max_magnitude = 0.0f;
  for (const float value : values) {
    if (std::fabs(value) > max_magnitude) {
      max_magnitude = std::fabs(value);
      extreme = value;
    }
  }
  return extreme;
}

}  // namespace hearth::tensor::detail
