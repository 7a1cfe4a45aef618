#include "hearth/util/utf8.h"

namespace hearth {
namespace {

// Length a lead byte announces, or 0 for a byte that cannot start a sequence.
std::size_t announced_length(unsigned char lead) noexcept {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// The allowed range of the second byte, which is where overlong forms,
// surrogates and code points past U+10FFFF are excluded (Unicode table 3-7).
bool second_byte_ok(unsigned char lead, unsigned char second) noexcept {
  switch (lead) {
    case 0xE0:
      return second >= 0xA0 && second <= 0xBF;
    case 0xED:
      return second >= 0x80 && second <= 0x9F;
    case 0xF0:
      return second >= 0x90 && second <= 0xBF;
    case 0xF4:
      return second >= 0x80 && second <= 0x8F;
    default:
      return second >= 0x80 && second <= 0xBF;
  }
}

bool is_continuation(unsigned char byte) noexcept {
  return (byte & 0xC0) == 0x80;
}

// How many bytes from `position` form the maximal prefix of a valid sequence;
// equals the announced length when the sequence is complete and valid.
std::size_t valid_prefix(std::string_view text, std::size_t position,
                         std::size_t& announced) noexcept {
  const auto lead = static_cast<unsigned char>(text[position]);
  announced = announced_length(lead);
  if (announced <= 1) return announced;
  std::size_t length = 1;
  while (length < announced && position + length < text.size()) {
    const auto byte = static_cast<unsigned char>(text[position + length]);
    const bool ok = length == 1 ? second_byte_ok(lead, byte) : is_continuation(byte);
    if (!ok) break;
    ++length;
  }
  return length;
}

}  // namespace

std::size_t valid_sequence_length(std::string_view text, std::size_t position) noexcept {
  if (position >= text.size()) return 0;
  std::size_t announced = 0;
  const std::size_t length = valid_prefix(text, position, announced);
  return length == announced ? length : 0;
}

char32_t decode_utf8(std::string_view text, std::size_t& position) noexcept {
  std::size_t announced = 0;
  const std::size_t length = valid_prefix(text, position, announced);
  if (announced == 0 || length != announced) {
    position += length == 0 ? 1 : length;
    return kReplacementCharacter;
  }
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[position + i]); };
  char32_t code_point = 0;
  switch (length) {
    case 1:
      code_point = byte(0);
      break;
    case 2:
      code_point = (char32_t{byte(0)} & 0x1F) << 6 | (byte(1) & 0x3F);
      break;
    case 3:
      code_point =
          (char32_t{byte(0)} & 0x0F) << 12 | (char32_t{byte(1)} & 0x3F) << 6 | (byte(2) & 0x3F);
      break;
    default:
      code_point = (char32_t{byte(0)} & 0x07) << 18 | (char32_t{byte(1)} & 0x3F) << 12 |
                   (char32_t{byte(2)} & 0x3F) << 6 | (byte(3) & 0x3F);
      break;
  }
  position += length;
  return code_point;
}

void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out.push_back(static_cast<char>(code_point));
  } else if (code_point < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (code_point >> 6)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else if (code_point < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (code_point >> 12)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (code_point >> 18)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((code_point >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (code_point & 0x3F)));
  }
}

bool is_valid_utf8(std::string_view text) noexcept {
  std::size_t position = 0;
  while (position < text.size()) {
    if (static_cast<unsigned char>(text[position]) < 0x80) {
      ++position;
      continue;
    }
    const std::size_t length = valid_sequence_length(text, position);
    if (length == 0) return false;
    position += length;
  }
  return true;
}

std::string sanitize_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t position = 0;
  while (position < text.size()) {
    const std::size_t length = valid_sequence_length(text, position);
    if (length > 0) {
      out.append(text.substr(position, length));
      position += length;
    } else {
      decode_utf8(text, position);
      append_utf8(out, kReplacementCharacter);
    }
  }
  return out;
}

std::size_t incomplete_utf8_suffix(std::string_view text) noexcept {
  // A sequence is at most 4 bytes, so only the last 3 can start an incomplete one.
  const std::size_t first = text.size() > 3 ? text.size() - 3 : 0;
  for (std::size_t start = text.size(); start-- > first;) {
    std::size_t announced = 0;
    const std::size_t length = valid_prefix(text, start, announced);
    if (announced > 1) {
      const bool runs_to_end = start + length == text.size();
      return runs_to_end && length < announced ? text.size() - start : 0;
    }
    if (announced == 1) return 0;
  }
  return 0;
}

}  // namespace hearth
