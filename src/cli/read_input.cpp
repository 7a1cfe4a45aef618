#include "read_input.h"

#include <iostream>
#include <iterator>

namespace hearth::cli {

std::string text_argument_or_stdin(const std::optional<std::string>& argument) {
  if (argument && *argument != "-") return *argument;
  std::cin >> std::noskipws;
  return {std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>()};
}

}  // namespace hearth::cli
