// Hand-built blocks, written byte by byte from ggml's block layouts
// (ggml-common.h) and decoded: these prove the bit layout itself, which a
// quantize-then-dequantize round trip cannot (it would pass with any
// self-consistent layout).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

#include "hearth/tensor/quantize.h"

namespace hearth::tensor {
namespace {

class BlockWriter {
 public:
  void u8(std::uint8_t value) { bytes_.push_back(static_cast<std::byte>(value)); }
  void i8(std::int8_t value) { u8(static_cast<std::uint8_t>(value)); }
  void u16(std::uint16_t value) {
    u8(static_cast<std::uint8_t>(value & 0xff));
    u8(static_cast<std::uint8_t>(value >> 8));
  }
  void f32(float value) {
    const auto bits = std::bit_cast<std::uint32_t>(value);
    for (int shift = 0; shift < 32; shift += 8) u8(static_cast<std::uint8_t>(bits >> shift));
  }
  const std::vector<std::byte>& bytes() const { return bytes_; }

 private:
  std::vector<std::byte> bytes_;
};

// Exact fp16 encodings, so every expected value below is exact in float.
constexpr std::uint16_t kHalfOne = 0x3c00;
constexpr std::uint16_t kHalfHalf = 0x3800;
constexpr std::uint16_t kHalfQuarter = 0x3400;
constexpr std::uint16_t kHalfMinusTwo = 0xc000;
constexpr std::uint16_t kHalfMinusOne = 0xbc00;
constexpr std::uint16_t kHalfMinusFour = 0xc400;

// Levels that look random: a linear pattern repeats with the power-of-two
// strides these layouts use, and would not notice two positions swapped.
int scrambled_level(int n, int levels) {
  return static_cast<int>((static_cast<std::uint32_t>(n + 1) * 0x9e37'79b1u) >> 20) % levels;
}

std::vector<float> decode(TensorType type, const BlockWriter& writer, std::size_t values) {
  std::vector<float> out(values);
  dequantize(type, writer.bytes(), out);
  return out;
}

TEST(Q8_0Layout, ScaleThenSignedLevels) {
  BlockWriter block;
  block.u16(kHalfHalf);
  for (int i = 0; i < 32; ++i) block.i8(static_cast<std::int8_t>(i * 8 - 128));
  block.u16(kHalfMinusTwo);
  for (int i = 0; i < 32; ++i) block.i8(static_cast<std::int8_t>(127 - i));

  const auto values = decode(TensorType::q8_0, block, 64);
  for (int i = 0; i < 32; ++i) {
    EXPECT_EQ(values[i], 0.5f * static_cast<float>(i * 8 - 128)) << i;
    EXPECT_EQ(values[32 + i], -2.0f * static_cast<float>(127 - i)) << i;
  }
}

TEST(Q4_0Layout, LowNibblesFirstHalfHighNibblesSecondHalf) {
  BlockWriter block;
  block.u16(kHalfOne);
  for (int j = 0; j < 16; ++j) block.u8(static_cast<std::uint8_t>(j | ((15 - j) << 4)));

  const auto values = decode(TensorType::q4_0, block, 32);
  for (int j = 0; j < 16; ++j) {
    EXPECT_EQ(values[j], static_cast<float>(j - 8)) << j;
    EXPECT_EQ(values[j + 16], static_cast<float>(15 - j - 8)) << j;
  }
}

TEST(Q4_1Layout, ScaleMinimumThenNibbles) {
  BlockWriter block;
  block.u16(kHalfHalf);
  block.u16(kHalfMinusFour);
  for (int j = 0; j < 16; ++j) block.u8(static_cast<std::uint8_t>(j | ((15 - j) << 4)));

  const auto values = decode(TensorType::q4_1, block, 32);
  for (int j = 0; j < 16; ++j) {
    EXPECT_EQ(values[j], 0.5f * static_cast<float>(j) - 4.0f) << j;
    EXPECT_EQ(values[j + 16], 0.5f * static_cast<float>(15 - j) - 4.0f) << j;
  }
}

constexpr std::uint32_t kFifthBits = 0xa5c3'0ff1u;

int fifth_bit(int index) {
  return static_cast<int>((kFifthBits >> index) & 1u) << 4;
}

void write_fifth_bits(BlockWriter& block) {
  for (int shift = 0; shift < 32; shift += 8)
    block.u8(static_cast<std::uint8_t>(kFifthBits >> shift));
}

TEST(Q5_0Layout, FifthBitsAreALittleEndianWordIndexedByValue) {
  BlockWriter block;
  block.u16(kHalfOne);
  write_fifth_bits(block);
  for (int j = 0; j < 16; ++j) block.u8(static_cast<std::uint8_t>(j | ((15 - j) << 4)));

  const auto values = decode(TensorType::q5_0, block, 32);
  for (int j = 0; j < 16; ++j) {
    EXPECT_EQ(values[j], static_cast<float>((j | fifth_bit(j)) - 16)) << j;
    EXPECT_EQ(values[j + 16], static_cast<float>(((15 - j) | fifth_bit(j + 16)) - 16)) << j;
  }
}

TEST(Q5_1Layout, ScaleMinimumFifthBitsThenNibbles) {
  BlockWriter block;
  block.u16(kHalfQuarter);
  block.u16(kHalfMinusOne);
  write_fifth_bits(block);
  for (int j = 0; j < 16; ++j) block.u8(static_cast<std::uint8_t>(j | ((15 - j) << 4)));

  const auto values = decode(TensorType::q5_1, block, 32);
  for (int j = 0; j < 16; ++j) {
    EXPECT_EQ(values[j], 0.25f * static_cast<float>(j | fifth_bit(j)) - 1.0f) << j;
    EXPECT_EQ(values[j + 16], 0.25f * static_cast<float>((15 - j) | fifth_bit(j + 16)) - 1.0f) << j;
  }
}

// Q4_K and Q5_K: d, dmin, then eight 6-bit scales and minimums in 12 bytes.
constexpr std::array<int, 8> kSubScales = {1, 17, 33, 63, 5, 40, 20, 62};
constexpr std::array<int, 8> kSubMins = {0, 1, 62, 3, 16, 31, 48, 7};

void write_k_scales_and_mins(BlockWriter& block) {
  std::array<std::uint8_t, 12> packed{};
  for (int j = 0; j < 4; ++j) {
    packed[j] = static_cast<std::uint8_t>(kSubScales[j] | ((kSubScales[j + 4] >> 4) << 6));
    packed[j + 4] = static_cast<std::uint8_t>(kSubMins[j] | ((kSubMins[j + 4] >> 4) << 6));
    packed[j + 8] =
        static_cast<std::uint8_t>((kSubScales[j + 4] & 15) | ((kSubMins[j + 4] & 15) << 4));
  }
  block.u16(kHalfOne);   // d
  block.u16(kHalfHalf);  // dmin
  for (const std::uint8_t byte : packed) block.u8(byte);
}

float k_affine_value(int n, int level) {
  const int sub_block = n / 32;
  return 1.0f * static_cast<float>(kSubScales[sub_block] * level) -
         0.5f * static_cast<float>(kSubMins[sub_block]);
}

TEST(Q4_KLayout, SubBlockPairsShareNibbleBytes) {
  const auto level_of = [](int n) { return scrambled_level(n, 16); };
  BlockWriter block;
  write_k_scales_and_mins(block);
  for (int pair = 0; pair < 4; ++pair) {
    for (int l = 0; l < 32; ++l) {
      block.u8(
          static_cast<std::uint8_t>(level_of(64 * pair + l) | (level_of(64 * pair + 32 + l) << 4)));
    }
  }

  const auto values = decode(TensorType::q4_k, block, 256);
  for (int n = 0; n < 256; ++n) EXPECT_EQ(values[n], k_affine_value(n, level_of(n))) << n;
}

TEST(Q5_KLayout, HighBitOfSubBlockKIsBitKOfByteL) {
  const auto level_of = [](int n) { return scrambled_level(n, 32); };
  BlockWriter block;
  write_k_scales_and_mins(block);
  for (int l = 0; l < 32; ++l) {
    int high_bits = 0;
    for (int sub_block = 0; sub_block < 8; ++sub_block) {
      high_bits |= (level_of(32 * sub_block + l) >> 4) << sub_block;
    }
    block.u8(static_cast<std::uint8_t>(high_bits));
  }
  for (int pair = 0; pair < 4; ++pair) {
    for (int l = 0; l < 32; ++l) {
      block.u8(static_cast<std::uint8_t>((level_of(64 * pair + l) & 15) |
                                         ((level_of(64 * pair + 32 + l) & 15) << 4)));
    }
  }

  const auto values = decode(TensorType::q5_k, block, 256);
  for (int n = 0; n < 256; ++n) EXPECT_EQ(values[n], k_affine_value(n, level_of(n))) << n;
}

TEST(Q6_KLayout, LowNibblesHighCrumbsScalesThenFactor) {
  constexpr std::array<int, 16> kScales = {-128, -100, -64, -1, 0, 1,   2,  3,
                                           50,   100,  127, -7, 9, -33, 64, 5};
  const auto level_of = [](int n) { return scrambled_level(n, 64); };
  std::array<std::uint8_t, 128> low_bits{};
  std::array<std::uint8_t, 64> high_bits{};
  for (int n = 0; n < 256; ++n) {
    const int half = n / 128;
    const int quarter = (n % 128) / 32;
    const int l = n % 32;
    low_bits[64 * half + 32 * (quarter % 2) + l] |=
        static_cast<std::uint8_t>((level_of(n) & 15) << (quarter < 2 ? 0 : 4));
    high_bits[32 * half + l] |= static_cast<std::uint8_t>((level_of(n) >> 4) << (2 * quarter));
  }
  BlockWriter block;
  for (const std::uint8_t byte : low_bits) block.u8(byte);
  for (const std::uint8_t byte : high_bits) block.u8(byte);
  for (const int scale : kScales) block.i8(static_cast<std::int8_t>(scale));
  block.u16(kHalfQuarter);
  // A second, all-zero block must decode to zeros: the stride is 210 bytes.
  for (int i = 0; i < 210; ++i) block.u8(0);

  const auto values = decode(TensorType::q6_k, block, 512);
  for (int n = 0; n < 256; ++n) {
    EXPECT_EQ(values[n], 0.25f * static_cast<float>(kScales[n / 16] * (level_of(n) - 32))) << n;
    EXPECT_EQ(values[256 + n], 0.0f) << n;
  }
}

TEST(Q2_KLayout, ScalesAndMinsQuantsThenFactors) {
  const auto level_of = [](int n) { return scrambled_level(n, 4); };
  const auto scale_of = [](int sub_block) { return (sub_block * 3 + 1) % 16; };
  const auto min_of = [](int sub_block) { return (15 - sub_block * 2) & 15; };
  BlockWriter block;
  for (int s = 0; s < 16; ++s) block.u8(static_cast<std::uint8_t>(scale_of(s) | (min_of(s) << 4)));
  std::array<std::uint8_t, 64> quants{};
  for (int n = 0; n < 256; ++n) {
    quants[32 * (n / 128) + n % 32] |=
        static_cast<std::uint8_t>(level_of(n) << (2 * ((n % 128) / 32)));
  }
  for (const std::uint8_t byte : quants) block.u8(byte);
  block.u16(kHalfHalf);     // d
  block.u16(kHalfQuarter);  // dmin

  const auto values = decode(TensorType::q2_k, block, 256);
  for (int n = 0; n < 256; ++n) {
    const int s = n / 16;
    EXPECT_EQ(values[n], 0.5f * static_cast<float>(scale_of(s) * level_of(n)) -
                             0.25f * static_cast<float>(min_of(s)))
        << n;
  }
}

TEST(Q3_KLayout, HighMaskQuantsSixBitScalesThenFactor) {
  const auto level_of = [](int n) { return scrambled_level(n, 8) - 4; };
  const auto scale_of = [](int sub_block) { return sub_block * 4 - 32 + (sub_block % 3); };
  std::array<std::uint8_t, 32> high_mask{};
  std::array<std::uint8_t, 64> quants{};
  for (int n = 0; n < 256; ++n) {
    const int stored = level_of(n) + 4;  // 0..7: bit 2 goes to the mask
    const int group = (n % 128) / 32;
    quants[32 * (n / 128) + n % 32] |= static_cast<std::uint8_t>((stored & 3) << (2 * group));
    high_mask[n % 32] |= static_cast<std::uint8_t>((stored >> 2) << (4 * (n / 128) + group));
  }
  std::array<std::uint8_t, 12> packed{};
  for (int s = 0; s < 16; ++s) {
    const int stored = scale_of(s) + 32;  // 0..63
    packed[s % 8] |= static_cast<std::uint8_t>((stored & 15) << (s < 8 ? 0 : 4));
    packed[8 + s % 4] |= static_cast<std::uint8_t>((stored >> 4) << (2 * (s / 4)));
  }
  BlockWriter block;
  for (const std::uint8_t byte : high_mask) block.u8(byte);
  for (const std::uint8_t byte : quants) block.u8(byte);
  for (const std::uint8_t byte : packed) block.u8(byte);
  block.u16(kHalfHalf);

  const auto values = decode(TensorType::q3_k, block, 256);
  for (int n = 0; n < 256; ++n) {
    EXPECT_EQ(values[n], 0.5f * static_cast<float>(scale_of(n / 16) * level_of(n))) << n;
  }
}

TEST(Q8_KLayout, Fp32ScaleLevelsThenIgnoredSums) {
  BlockWriter block;
  block.f32(0.125f);
  for (int i = 0; i < 256; ++i) block.i8(static_cast<std::int8_t>(i - 128));
  for (int i = 0; i < 16; ++i) block.u16(0xbeef);

  const auto values = decode(TensorType::q8_k, block, 256);
  for (int i = 0; i < 256; ++i) EXPECT_EQ(values[i], 0.125f * static_cast<float>(i - 128)) << i;
}

// The writing side of the same layouts, on inputs whose quantization is
// exact: the largest magnitude maps to the end of the level range with a
// scale of exactly one.
TEST(Q8_0Layout, QuantizeWritesScaleThenLevels) {
  std::array<float, 32> values{};
  for (int i = 0; i < 32; ++i) values[i] = static_cast<float>(127 - 8 * i);
  std::array<std::byte, 34> bytes{};
  quantize(TensorType::q8_0, values, bytes);
  EXPECT_EQ(bytes[0], std::byte{0x00});
  EXPECT_EQ(bytes[1], std::byte{0x3c});
  for (int i = 0; i < 32; ++i) EXPECT_EQ(bytes[2 + i], static_cast<std::byte>(127 - 8 * i)) << i;
}

// ggml's Q8_0 uses roundf, not the ties-to-even rounding of its k-quants.
TEST(Q8_0Layout, QuantizeRoundsHalfAwayFromZero) {
  std::array<float, 32> values{};
  const std::array<float, 6> ties = {127.0f, 2.5f,  -2.5f,
                                     0.5f,   -0.5f, 1.5f};  // a step of exactly 1
  std::copy(ties.begin(), ties.end(), values.begin());
  std::array<std::byte, 34> bytes{};
  quantize(TensorType::q8_0, values, bytes);
  const std::array<int, 6> expected = {127, 3, -3, 1, -1, 2};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(bytes[2 + i], static_cast<std::byte>(expected[i])) << ties[i];
  }
}

TEST(Q4_0Layout, QuantizeWritesScaleThenNibbles) {
  std::array<float, 32> values{};
  for (int j = 0; j < 16; ++j) {
    values[j] = static_cast<float>(j - 8);
    values[j + 16] = static_cast<float>(7 - j);
  }
  std::array<std::byte, 18> bytes{};
  quantize(TensorType::q4_0, values, bytes);
  // The extreme value is -8, so d = -8 / -8 = 1.
  EXPECT_EQ(bytes[0], std::byte{0x00});
  EXPECT_EQ(bytes[1], std::byte{0x3c});
  for (int j = 0; j < 16; ++j)
    EXPECT_EQ(bytes[2 + j], static_cast<std::byte>(j | ((15 - j) << 4))) << j;
}

}  // namespace
}  // namespace hearth::tensor
