#include "unicode_properties.h"

#include <utf8proc.h>

#include <array>
#include <map>

namespace hearth::tokenizer::detail {
namespace {

constexpr std::size_t kBlockSize = 256;

std::uint8_t category_flags(char32_t code_point) noexcept {
  switch (utf8proc_category(static_cast<utf8proc_int32_t>(code_point))) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
      return kLetter;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return kNumber;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
      return kPunctuation;
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
      return kSymbol;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
      return kMark;
    default:
      return 0;
  }
}

bool is_white_space(char32_t code_point) noexcept {
  if (code_point >= 0x0009 && code_point <= 0x000D) return true;
  if (code_point >= 0x2000 && code_point <= 0x200A) return true;
  switch (code_point) {
    case 0x0020:
    case 0x0085:
    case 0x00A0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return true;
    default:
      return false;
  }
}

}  // namespace

const UnicodeFlagTable& UnicodeFlagTable::instance() {
  static const UnicodeFlagTable table;
  return table;
}

UnicodeFlagTable::UnicodeFlagTable() : block_of_(kCodePointLimit / kBlockSize) {
  std::map<std::array<std::uint8_t, kBlockSize>, std::uint16_t> block_numbers;
  std::array<std::uint8_t, kBlockSize> block{};
  for (std::size_t block_index = 0; block_index < block_of_.size(); ++block_index) {
    for (std::size_t offset = 0; offset < kBlockSize; ++offset) {
      const auto code_point = static_cast<char32_t>(block_index * kBlockSize + offset);
      block[offset] = static_cast<std::uint8_t>(category_flags(code_point) |
                                                (is_white_space(code_point) ? kWhitespace : 0));
    }
    const auto next_number = static_cast<std::uint16_t>(block_numbers.size());
    const auto [position, inserted] = block_numbers.emplace(block, next_number);
    if (inserted) blocks_.insert(blocks_.end(), block.begin(), block.end());
    block_of_[block_index] = position->second;
  }
}

}  // namespace hearth::tokenizer::detail
