#include "byte_to_unicode.h"

#include <array>

namespace hearth::tokenizer::detail {
namespace {

constexpr bool stands_for_itself(unsigned byte) {
  return (byte >= 0x21 && byte <= 0x7E) || (byte >= 0xA1 && byte <= 0xAC) ||
         (byte >= 0xAE && byte <= 0xFF);
}

constexpr std::array<char32_t, 256> kCodePointOfByte = [] {
  std::array<char32_t, 256> table{};
  char32_t next_moved = 0x100;
  for (unsigned byte = 0; byte < 256; ++byte) {
    table[byte] = stands_for_itself(byte) ? char32_t{byte} : next_moved++;
  }
  return table;
}();

// Every moved byte lands below U+0100 + 68, so the inverse fits a small table.
constexpr char32_t kMappedLimit = 0x100 + 68;

constexpr std::array<std::int16_t, kMappedLimit> kByteOfCodePoint = [] {
  std::array<std::int16_t, kMappedLimit> table{};
  table.fill(-1);
  for (unsigned byte = 0; byte < 256; ++byte) {
    table[kCodePointOfByte[byte]] = static_cast<std::int16_t>(byte);
  }
  return table;
}();

}  // namespace

char32_t byte_to_code_point(std::uint8_t byte) noexcept {
  return kCodePointOfByte[byte];
}

std::optional<std::uint8_t> code_point_to_byte(char32_t code_point) noexcept {
  if (code_point >= kMappedLimit || kByteOfCodePoint[code_point] < 0) return std::nullopt;
  return static_cast<std::uint8_t>(kByteOfCodePoint[code_point]);
}

}  // namespace hearth::tokenizer::detail
