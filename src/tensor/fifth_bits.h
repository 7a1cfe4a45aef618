// The 32-bit word in which Q5_0 and Q5_1 keep the fifth bit of each level.
#pragma once

#include <cstddef>
#include <cstdint>

namespace hearth::tensor::detail {

class FifthBits {
 public:
  static FifthBits load(const std::uint8_t (&bytes)[4]) {
    FifthBits bits;
    for (std::size_t i = 0; i < 4; ++i)
      bits.word_ |= static_cast<std::uint32_t>(bytes[i]) << (8 * i);
    return bits;
  }

  void store(std::uint8_t (&bytes)[4]) const {
    for (std::size_t i = 0; i < 4; ++i) bytes[i] = static_cast<std::uint8_t>(word_ >> (8 * i));
  }

  void set_from_level(std::size_t value_index, std::uint8_t level) {
    word_ |= static_cast<std::uint32_t>((level >> 4) & 1u) << value_index;
  }

  // The bit in place (0 or 16), ready to be or-ed onto the low nibble.
  int as_level_bit(std::size_t value_index) const {
    return static_cast<int>((word_ >> value_index) & 1u) << 4;
  }

 private:
  std::uint32_t word_ = 0;
};

}  // namespace hearth::tensor::detail
