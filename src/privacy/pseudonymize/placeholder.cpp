#include "placeholder.h"

#include <fmt/format.h>

#include <array>
#include <bit>
#include <cstdint>

namespace hearth::privacy {
namespace {

char ascii_upper(char c) {
  return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// The type names as they appear in a placeholder, followed by the '_'
// before the number: "PERSON_", "CREDIT_CARD_".
const std::array<std::string, kEntityTypeCount>& name_prefixes() {
  static const std::array<std::string, kEntityTypeCount> prefixes = [] {
    std::array<std::string, kEntityTypeCount> built;
    for (std::size_t i = 0; i < kEntityTypeCount; ++i) {
      built[i] = std::string(entity_type_name(static_cast<EntityType>(i))) + '_';
    }
    return built;
  }();
  return prefixes;
}

// One bit per entity type; the types fit with room to spare.
using TypeSet = std::uint32_t;
static_assert(kEntityTypeCount <= 32);
constexpr TypeSet kAllTypes = (TypeSet{1} << kEntityTypeCount) - 1;

}  // namespace

std::string format_placeholder(EntityType type, std::size_t number) {
  return fmt::format("<{}_{}>", entity_type_name(type), number);
}

PlaceholderCandidate read_placeholder(std::string_view text, std::size_t max_number) {
  const auto verdict = [](PlaceholderScan scan) { return PlaceholderCandidate{scan, 0, {}}; };
  if (max_number == 0) return verdict(PlaceholderScan::none);  // an empty vault issued nothing
  std::size_t at = 1;                                          // past the '<'

  // Reads up to kMaxPlaceholderSpaces spaces; false when there are more.
  const auto skip_spaces = [&] {
    std::size_t spaces = 0;
    while (at < text.size() && text[at] == ' ') {
      if (++spaces > kMaxPlaceholderSpaces) return false;
      ++at;
    }
    return true;
  };

  if (!skip_spaces()) return verdict(PlaceholderScan::none);
  if (at == text.size()) return verdict(PlaceholderScan::incomplete);

  // The types whose name prefix agrees with every letter read so far, kept
  // as a set and narrowed per letter: a text of nothing but "<PERS" costs a
  // few comparisons per byte.
  const auto& prefixes = name_prefixes();
  TypeSet candidates = kAllTypes;
  std::size_t name_length = 0;
  while (at < text.size() && is_name_char(text[at])) {
    const char letter = ascii_upper(text[at++]);
    for (TypeSet left = candidates; left != 0; left &= left - 1) {
      const int type = std::countr_zero(left);
      const std::string& prefix = prefixes[static_cast<std::size_t>(type)];
      if (name_length >= prefix.size() || prefix[name_length] != letter) {
        candidates &= ~(TypeSet{1} << type);
      }
    }
    ++name_length;
    if (candidates == 0) return verdict(PlaceholderScan::none);
  }
  if (at == text.size()) return verdict(PlaceholderScan::incomplete);
  const std::string* name = nullptr;
  for (TypeSet left = candidates; left != 0; left &= left - 1) {
    const std::string& prefix = prefixes[static_cast<std::size_t>(std::countr_zero(left))];
    if (prefix.size() == name_length) name = &prefix;
  }
  if (name == nullptr) return verdict(PlaceholderScan::none);

  const std::size_t digits_begin = at;
  std::size_t number = 0;
  while (at < text.size() && is_digit(text[at])) {
    const auto digit = static_cast<std::size_t>(text[at] - '0');
    // number * 10 + digit > max_number, written so that nothing overflows
    if (digit > max_number || number > (max_number - digit) / 10) {
      return verdict(PlaceholderScan::none);
    }
    number = number * 10 + digit;
    // Numbers start at 1 and have no leading zeros.
    if (number == 0) return verdict(PlaceholderScan::none);
    ++at;
  }
  if (at == text.size()) return verdict(PlaceholderScan::incomplete);
  if (at == digits_begin) return verdict(PlaceholderScan::none);
  const std::string_view digits = text.substr(digits_begin, at - digits_begin);

  if (!skip_spaces()) return verdict(PlaceholderScan::none);
  if (at == text.size()) return verdict(PlaceholderScan::incomplete);
  if (text[at] != '>') return verdict(PlaceholderScan::none);

  std::string canonical;
  canonical.reserve(name->size() + digits.size() + 2);
  canonical += '<';
  canonical += *name;
  canonical.append(digits);
  canonical += '>';
  return {PlaceholderScan::found, at + 1, std::move(canonical)};
}

}  // namespace hearth::privacy
