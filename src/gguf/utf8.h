// Names made safe to print in errors (validation itself is hearth/util/utf8.h).
#pragma once

#include <string>
#include <string_view>

#include "hearth/util/utf8.h"

namespace hearth::gguf {

// `text` made fit for one line of an error message: control characters, and
// every byte past ASCII when `text` is not valid UTF-8, are written as \xNN;
// past 128 bytes it is cut short with "...".
std::string printable(std::string_view text);

}  // namespace hearth::gguf
