#include "stats_text.h"

#include <cctype>

namespace hearth::testing {

std::vector<long> numbers_after(std::string_view text, std::string_view label) {
  std::vector<long> numbers;
  for (std::size_t at = text.find(label); at != std::string_view::npos;
       at = text.find(label, at + 1)) {
    std::size_t digit = at + label.size();
    if (digit >= text.size() || !std::isdigit(static_cast<unsigned char>(text[digit]))) continue;
    long number = 0;
    for (; digit < text.size() && std::isdigit(static_cast<unsigned char>(text[digit])); ++digit) {
      number = number * 10 + (text[digit] - '0');
    }
    numbers.push_back(number);
  }
  return numbers;
}

}  // namespace hearth::testing
