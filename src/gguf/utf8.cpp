#include "utf8.h"

#include <fmt/format.h>

#include <cstddef>
#include <cstdint>

#include "hearth/util/utf8.h"

namespace hearth::gguf {

std::string printable(std::string_view text) {
  constexpr std::size_t kMaxShown = 128;
  const std::string_view shown = text.substr(0, kMaxShown);
  const bool escape_non_ascii = !is_valid_utf8(shown);
  std::string out;
  out.reserve(shown.size() + 3);
  for (const char c : shown) {
    const auto byte = static_cast<std::uint8_t>(c);
    if (byte < 0x20 || byte == 0x7f || (byte >= 0x80 && escape_non_ascii)) {
      out += fmt::format("\\x{:02x}", byte);
    } else {
      out += c;
    }
  }
  if (shown.size() < text.size()) out += "...";
  return out;
}

}  // namespace hearth::gguf
