// The passes over the whole vocabulary that every sample() call makes,
// written as plain loops over independent lanes so that the compiler turns
// them into SIMD code without -ffast-math, and with an exp() of our own:
// std::exp is a library call per element that no loop vectorizer can inline,
// and its last bit differs between C libraries, which our own does not.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <span>

namespace hearth::sampling::detail {

// exp(x) for x <= 0 (a logit minus the maximum), within 2 ulp of the exact
// value; 0 below -87 (where the result would be subnormal) and for -inf.
// Cephes' expf: x = n ln2 + r with |r| <= ln2 / 2, a degree-6 polynomial for
// exp(r), and 2^n built in the exponent bits.
inline float exp_nonpositive(float x) noexcept {
  const bool underflow = x < -87.0f;
  x = underflow ? -87.0f : x;
  // Rounds to nearest: adding 1.5 * 2^23 leaves no bits below the unit.
  constexpr float kRoundingShift = 12582912.0f;
  const float n = (x * 1.44269504088896341f + kRoundingShift) - kRoundingShift;
  // ln 2 in two parts, so n * ln2 is exact to float precision.
  float r = x - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * r * r + r + 1.0f;
  const auto exponent = static_cast<std::uint32_t>(static_cast<std::int32_t>(n) + 127) << 23;
  const float result = p * std::bit_cast<float>(exponent);
  return underflow ? 0.0f : result;
}

// Replaces NaN by -inf and +inf by the largest float, in place; returns the
// largest value afterwards (-inf when every value is -inf or was NaN).
float sanitize_and_find_max(std::span<float> logits) noexcept;

// The first index holding `value` (which must occur).
std::size_t first_index_of(std::span<const float> logits, float value) noexcept;

// Writes exp(logit - max) for every logit and returns their sum.
double exp_shifted(std::span<const float> logits, float max, std::span<float> out) noexcept;

// The sum of `exps` over the logits >= threshold.
double mass_at_or_above(std::span<const float> logits, std::span<const float> exps,
                        float threshold) noexcept;

}  // namespace hearth::sampling::detail
