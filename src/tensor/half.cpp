#include "hearth/tensor/half.h"

#include <bit>

namespace hearth::tensor {
namespace {

constexpr std::uint32_t kFp32SignMask = 0x8000'0000u;
constexpr std::uint32_t kFp32Infinity = 0x7f80'0000u;
constexpr std::uint32_t kFp32QuietBit = 0x0040'0000u;
constexpr int kFp32MantissaBits = 23;
constexpr int kFp32ExponentBias = 127;
constexpr int kFp16ExponentBias = 15;
constexpr int kDroppedMantissaBits = kFp32MantissaBits - 10;

constexpr std::uint16_t kFp16Infinity = 0x7c00;
// ggml's portable conversion turns every NaN into this one quiet NaN (keeping
// the sign); matching it keeps our F16 bytes identical to ggml's.
constexpr std::uint16_t kFp16QuietNan = 0x7e00;

// The smallest fp32 magnitude that rounds to fp16 infinity: halfway between
// 65504 (the largest half) and 65536, where ties-to-even goes up.
constexpr std::uint32_t kFp16OverflowThreshold = 0x477f'f000u;
// 2^-14, the smallest normal half.
constexpr std::uint32_t kFp16SmallestNormal = 0x3880'0000u;

std::uint16_t round_to_subnormal_half(std::uint32_t magnitude) {
  const int biased_exponent = static_cast<int>(magnitude >> kFp32MantissaBits);
  // Below 2^-25 even the smallest subnormal half is more than twice away.
  constexpr int kLowestExponentThatCanRoundUp = kFp32ExponentBias - 25;
  if (biased_exponent < kLowestExponentThatCanRoundUp) return 0;

  // The value is significand * 2^(e - 150); in units of the smallest half
  // subnormal (2^-24) that is significand >> (126 - e).
  const std::uint32_t significand = (magnitude & 0x007f'ffffu) | 0x0080'0000u;
  const int shift = kFp32ExponentBias - 1 - biased_exponent;
  std::uint32_t units = significand >> shift;
  const std::uint32_t remainder = significand & ((1u << shift) - 1);
  const std::uint32_t halfway = 1u << (shift - 1);
  if (remainder > halfway || (remainder == halfway && (units & 1u) != 0)) ++units;
  // A carry out of the 10 mantissa bits lands on exponent 1: the smallest
  // normal half, which is exactly the right encoding.
  return static_cast<std::uint16_t>(units);
}

std::uint16_t round_to_normal_half(std::uint32_t magnitude) {
  constexpr std::uint32_t kRebias =
      static_cast<std::uint32_t>(kFp32ExponentBias - kFp16ExponentBias) << kFp32MantissaBits;
  const std::uint32_t rebased = magnitude - kRebias;
  const std::uint32_t lowest_kept_bit = (rebased >> kDroppedMantissaBits) & 1u;
  // Adding just under half plus the kept bit's parity rounds ties to even; a
  // mantissa carry correctly bumps the exponent.
  const std::uint32_t rounded =
      rebased + ((1u << (kDroppedMantissaBits - 1)) - 1) + lowest_kept_bit;
  return static_cast<std::uint16_t>(rounded >> kDroppedMantissaBits);
}

}  // namespace

std::uint16_t fp32_to_fp16(float value) noexcept {
  const auto bits = std::bit_cast<std::uint32_t>(value);
  const auto sign = static_cast<std::uint16_t>((bits & kFp32SignMask) >> 16);
  const std::uint32_t magnitude = bits & ~kFp32SignMask;

  if (magnitude > kFp32Infinity) return sign | kFp16QuietNan;
  if (magnitude >= kFp16OverflowThreshold) return sign | kFp16Infinity;
  if (magnitude < kFp16SmallestNormal) return sign | round_to_subnormal_half(magnitude);
  return sign | round_to_normal_half(magnitude);
}

float fp16_to_fp32(std::uint16_t value) noexcept {
  const std::uint32_t sign = static_cast<std::uint32_t>(value & 0x8000u) << 16;
  const std::uint32_t exponent = (value >> 10) & 0x1fu;
  const std::uint32_t mantissa = value & 0x03ffu;

  if (exponent == 0x1f) {
    const std::uint32_t payload = mantissa << kDroppedMantissaBits;
    if (mantissa == 0) return std::bit_cast<float>(sign | kFp32Infinity);
    // NaN keeps its payload but is made quiet, as F16C hardware and ggml's
    // portable conversion both do, so no signalling NaN reaches arithmetic.
    return std::bit_cast<float>(sign | kFp32Infinity | kFp32QuietBit | payload);
  }
  if (exponent == 0) {
    // Zero or subnormal: mantissa * 2^-24 is exact in fp32.
    const float magnitude = static_cast<float>(mantissa) * 0x1p-24f;
    return std::bit_cast<float>(sign | std::bit_cast<std::uint32_t>(magnitude));
  }
  const std::uint32_t rebased_exponent = exponent + (kFp32ExponentBias - kFp16ExponentBias);
  return std::bit_cast<float>(sign | (rebased_exponent << kFp32MantissaBits) |
                              (mantissa << kDroppedMantissaBits));
}

std::uint16_t fp32_to_bf16(float value) noexcept {
  const auto bits = std::bit_cast<std::uint32_t>(value);
  if ((bits & ~kFp32SignMask) > kFp32Infinity) {
    // Truncating could drop every payload bit and leave infinity; setting the
    // top mantissa bit keeps it a (quiet) NaN.
    constexpr std::uint16_t kBf16QuietBit = 0x0040;
    return static_cast<std::uint16_t>(bits >> 16) | kBf16QuietBit;
  }
  const std::uint32_t lowest_kept_bit = (bits >> 16) & 1u;
  return static_cast<std::uint16_t>((bits + 0x7fffu + lowest_kept_bit) >> 16);
}

float bf16_to_fp32(std::uint16_t value) noexcept {
  return std::bit_cast<float>(static_cast<std::uint32_t>(value) << 16);
}

}  // namespace hearth::tensor
