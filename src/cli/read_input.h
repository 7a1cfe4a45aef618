// Where a command's text comes from: the argument, or standard input.
#pragma once

#include <optional>
#include <string>

namespace hearth::cli {

// `argument` when given (and not "-"), otherwise all of standard input.
std::string text_argument_or_stdin(const std::optional<std::string>& argument);

}  // namespace hearth::cli
