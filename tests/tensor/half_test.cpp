#include "hearth/tensor/half.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace hearth::tensor {
namespace {

float from_bits(std::uint32_t bits) {
  return std::bit_cast<float>(bits);
}
std::uint32_t bits_of(float value) {
  return std::bit_cast<std::uint32_t>(value);
}

bool is_fp16_nan(std::uint16_t bits) {
  return (bits & 0x7c00) == 0x7c00 && (bits & 0x03ff) != 0;
}

TEST(Fp16, EncodesKnownValues) {
  EXPECT_EQ(fp32_to_fp16(1.0f), 0x3c00);
  EXPECT_EQ(fp32_to_fp16(-2.0f), 0xc000);
  EXPECT_EQ(fp32_to_fp16(0.5f), 0x3800);
  EXPECT_EQ(fp32_to_fp16(0.0f), 0x0000);
  EXPECT_EQ(fp32_to_fp16(-0.0f), 0x8000);
  EXPECT_EQ(fp32_to_fp16(65504.0f), 0x7bff);
  EXPECT_EQ(fp32_to_fp16(-65504.0f), 0xfbff);
  EXPECT_EQ(fp32_to_fp16(0x1p-14f), 0x0400);         // smallest normal
  EXPECT_EQ(fp32_to_fp16(0x1p-24f), 0x0001);         // smallest subnormal
  EXPECT_EQ(fp32_to_fp16(1023 * 0x1p-24f), 0x03ff);  // largest subnormal
  EXPECT_EQ(fp32_to_fp16(0.1f), 0x2e66);
}

TEST(Fp16, RoundsTiesToEven) {
  EXPECT_EQ(fp32_to_fp16(1.0f + 0x1p-11f), 0x3c00);      // halfway to 0x3c01: even is down
  EXPECT_EQ(fp32_to_fp16(1.0f + 3 * 0x1p-11f), 0x3c02);  // halfway to 0x3c02: even is up
  EXPECT_EQ(fp32_to_fp16(1.0f + 0x1p-11f + 0x1p-20f), 0x3c01);
  EXPECT_EQ(fp32_to_fp16(0x1p-25f), 0x0000);      // halfway between 0 and 2^-24
  EXPECT_EQ(fp32_to_fp16(3 * 0x1p-25f), 0x0002);  // halfway between 1 and 2 ulps
  EXPECT_EQ(fp32_to_fp16(std::nextafter(0x1p-25f, 1.0f)), 0x0001);
  EXPECT_EQ(fp32_to_fp16(0x1p-30f), 0x0000);
  EXPECT_EQ(fp32_to_fp16(2047 * 0x1p-25f), 0x0400);  // rounds up into the normals
}

TEST(Fp16, OverflowsToInfinity) {
  EXPECT_EQ(fp32_to_fp16(65519.996f), 0x7bff);
  EXPECT_EQ(fp32_to_fp16(65520.0f), 0x7c00);  // halfway to 2^16: even is infinity
  EXPECT_EQ(fp32_to_fp16(1e9f), 0x7c00);
  EXPECT_EQ(fp32_to_fp16(-1e9f), 0xfc00);
  EXPECT_EQ(fp32_to_fp16(std::numeric_limits<float>::infinity()), 0x7c00);
  EXPECT_EQ(fp32_to_fp16(-std::numeric_limits<float>::infinity()), 0xfc00);
}

TEST(Fp16, KeepsNanANan) {
  EXPECT_EQ(fp32_to_fp16(std::numeric_limits<float>::quiet_NaN()), 0x7e00);
  EXPECT_TRUE(is_fp16_nan(fp32_to_fp16(from_bits(0x7f80'0001u))));  // payload only in low bits
  EXPECT_TRUE(is_fp16_nan(fp32_to_fp16(from_bits(0xffc0'0000u))));
  EXPECT_EQ(fp32_to_fp16(from_bits(0xffc0'0000u)) & 0x8000, 0x8000);
}

TEST(Fp16, DecodesKnownValues) {
  EXPECT_EQ(fp16_to_fp32(0x3c00), 1.0f);
  EXPECT_EQ(fp16_to_fp32(0xc000), -2.0f);
  EXPECT_EQ(fp16_to_fp32(0x7bff), 65504.0f);
  EXPECT_EQ(fp16_to_fp32(0x0001), 0x1p-24f);
  EXPECT_EQ(fp16_to_fp32(0x03ff), 1023 * 0x1p-24f);
  EXPECT_EQ(fp16_to_fp32(0x0400), 0x1p-14f);
  EXPECT_EQ(bits_of(fp16_to_fp32(0x8000)), 0x8000'0000u);
  EXPECT_EQ(fp16_to_fp32(0x7c00), std::numeric_limits<float>::infinity());
  EXPECT_EQ(fp16_to_fp32(0xfc00), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(fp16_to_fp32(0x7e00)));
  // A signalling half NaN comes back as a quiet float NaN.
  EXPECT_EQ(bits_of(fp16_to_fp32(0x7c01)) & 0x0040'0000u, 0x0040'0000u);
}

TEST(Fp16, EveryHalfSurvivesARoundTrip) {
  for (std::uint32_t bits = 0; bits <= 0xffff; ++bits) {
    const auto half = static_cast<std::uint16_t>(bits);
    const std::uint16_t again = fp32_to_fp16(fp16_to_fp32(half));
    if (is_fp16_nan(half)) {
      EXPECT_TRUE(is_fp16_nan(again)) << std::hex << bits;
      EXPECT_EQ(again & 0x8000, half & 0x8000) << std::hex << bits;
    } else {
      EXPECT_EQ(again, half) << std::hex << bits;
    }
  }
}

// Every rounding decision sits at a midpoint between neighbouring halves,
// which is exact in float; checking each midpoint and the floats either side
// of it checks round-to-nearest-even everywhere.
TEST(Fp16, RoundsCorrectlyAtEveryMidpoint) {
  for (std::uint16_t low = 0; low < 0x7c00; ++low) {
    const auto high = static_cast<std::uint16_t>(low + 1);
    const float low_value = fp16_to_fp32(low);
    const float high_value = high == 0x7c00 ? 65536.0f : fp16_to_fp32(high);
    const float midpoint = (low_value + high_value) / 2;
    const std::uint16_t even = (low & 1) == 0 ? low : high;
    for (const std::uint16_t sign : {std::uint16_t{0}, std::uint16_t{0x8000}}) {
      const float direction = sign != 0 ? -1.0f : 1.0f;
      EXPECT_EQ(fp32_to_fp16(direction * midpoint), sign | even) << std::hex << low;
      EXPECT_EQ(fp32_to_fp16(direction * std::nextafter(midpoint, 0.0f)), sign | low)
          << std::hex << low;
      EXPECT_EQ(fp32_to_fp16(direction * std::nextafter(midpoint, 1e30f)), sign | high)
          << std::hex << low;
    }
  }
}

TEST(Bf16, EncodesKnownValues) {
  EXPECT_EQ(fp32_to_bf16(1.0f), 0x3f80);
  EXPECT_EQ(fp32_to_bf16(-2.0f), 0xc000);
  EXPECT_EQ(fp32_to_bf16(0.0f), 0x0000);
  EXPECT_EQ(fp32_to_bf16(-0.0f), 0x8000);
  EXPECT_EQ(fp32_to_bf16(std::numeric_limits<float>::infinity()), 0x7f80);
  EXPECT_EQ(fp32_to_bf16(-std::numeric_limits<float>::infinity()), 0xff80);
  // ggml keeps subnormals (no flush to zero) and rounds them like any value.
  EXPECT_EQ(fp32_to_bf16(from_bits(0x0001'8000u)), 0x0002);
}

TEST(Bf16, RoundsTiesToEven) {
  EXPECT_EQ(fp32_to_bf16(from_bits(0x3f80'8000u)), 0x3f80);
  EXPECT_EQ(fp32_to_bf16(from_bits(0x3f81'8000u)), 0x3f82);
  EXPECT_EQ(fp32_to_bf16(from_bits(0x3f80'8001u)), 0x3f81);
  EXPECT_EQ(fp32_to_bf16(from_bits(0x3f80'7fffu)), 0x3f80);
  EXPECT_EQ(fp32_to_bf16(from_bits(0x0000'8000u)), 0x0000);
  // The largest float is nearer to 2^128 than to the largest bf16.
  EXPECT_EQ(fp32_to_bf16(std::numeric_limits<float>::max()), 0x7f80);
}

TEST(Bf16, MakesNansQuiet) {
  EXPECT_EQ(fp32_to_bf16(from_bits(0x7f80'0001u)), 0x7fc0);  // truncation alone would give infinity
  EXPECT_EQ(fp32_to_bf16(from_bits(0xff80'0001u)), 0xffc0);
  EXPECT_EQ(fp32_to_bf16(std::numeric_limits<float>::quiet_NaN()), 0x7fc0);
  EXPECT_EQ(fp32_to_bf16(from_bits(0x7fa1'2345u)), 0x7fe1);
}

TEST(Bf16, EveryBf16SurvivesARoundTrip) {
  for (std::uint32_t bits = 0; bits <= 0xffff; ++bits) {
    const auto bf16 = static_cast<std::uint16_t>(bits);
    const float value = bf16_to_fp32(bf16);
    EXPECT_EQ(bits_of(value), bits << 16);
    const std::uint16_t again = fp32_to_bf16(value);
    if (std::isnan(value)) {
      EXPECT_EQ(again, bf16 | 0x0040) << std::hex << bits;
    } else {
      EXPECT_EQ(again, bf16) << std::hex << bits;
    }
  }
}

}  // namespace
}  // namespace hearth::tensor
