#include "network_addresses.h"

#include <string>

#include "text_shape.h"

namespace hearth::privacy::structured {

bool ipv4_valid(std::string_view text) {
  int octets = 0;
  std::size_t i = 0;
  while (i <= text.size()) {
    const std::size_t start = i;
    int value = 0;
    while (i < text.size() && is_digit(text[i]) && i - start < 3)
      value = value * 10 + (text[i++] - '0');
    const std::size_t length = i - start;
    if (length == 0 || value > 255 || (length > 1 && text[start] == '0')) return false;
    ++octets;
    if (i == text.size()) break;
    if (text[i] != '.' || octets == 4) return false;
    ++i;
  }
  return octets == 4;
}

Ipv6Shape parse_ipv6(std::string_view text) {
  Ipv6Shape shape;
  if (text.size() < 2 || text.size() > 45) return shape;
  bool compressed = false;
  std::size_t i = 0;
  if (text.substr(0, 2) == "::") {
    compressed = true;
    i = 2;
    if (i == text.size()) {
      shape.valid = true;
      return shape;
    }
  } else if (text[0] == ':') {
    return shape;
  }
  while (i < text.size()) {
    const std::size_t start = i;
    while (i < text.size() && is_hex_digit(text[i]) && i - start < 5) ++i;
    const std::size_t length = i - start;
    if (i < text.size() && text[i] == '.') {
      // An IPv4 tail ends the address and stands for two groups.
      if (!ipv4_valid(text.substr(start))) return shape;
      shape.written_groups += 2;
      i = text.size();
      break;
    }
    if (length == 0 || length > 4) return shape;
    ++shape.written_groups;
    if (i == text.size()) break;
    if (text[i] != ':') return shape;
    ++i;
    if (i < text.size() && text[i] == ':') {
      if (compressed) return shape;
      compressed = true;
      ++i;
    } else if (i == text.size()) {
      return shape;  // a single trailing colon
    }
  }
  shape.valid = compressed ? shape.written_groups <= 7 : shape.written_groups == 8;
  return shape;
}

bool mac_address_valid(std::string_view text) {
  std::string compact;
  if (text.size() == 17) {
    const char separator = text[2];
    if (separator != ':' && separator != '-') return false;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (i % 3 == 2) {
        if (text[i] != separator) return false;
      } else {
        if (!is_hex_digit(text[i])) return false;
        compact.push_back(to_lower_ascii(text[i]));
      }
    }
  } else if (text.size() == 14) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (i % 5 == 4) {
        if (text[i] != '.') return false;
      } else {
        if (!is_hex_digit(text[i])) return false;
        compact.push_back(to_lower_ascii(text[i]));
      }
    }
  } else {
    return false;
  }
  // The broadcast address ff:ff:ff:ff:ff:ff is a real address ("brd" in `ip
  // link`); all zeros is a placeholder.
  return compact != "000000000000";
}

}  // namespace hearth::privacy::structured
