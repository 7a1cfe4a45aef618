// Parsers for the network identifiers: dotted-quad IPv4, RFC 4291 IPv6 text
// (with :: compression and an embedded IPv4 tail) and the three MAC address
// notations.
#pragma once

#include <string_view>

namespace hearth::privacy::structured {

// Four decimal octets 0-255 without leading zeros ("010.1.1.1" is refused:
// it reads as octal to some tools and as a version string to people).
bool ipv4_valid(std::string_view text);

struct Ipv6Shape {
  bool valid = false;
  int written_groups = 0;  // groups actually written, an IPv4 tail counting as two
};
Ipv6Shape parse_ipv6(std::string_view text);

// 00:1a:2b:3c:4d:5e, 00-1A-2B-3C-4D-5E or 001a.2b3c.4d5e with one
// separator throughout; all-zero and broadcast addresses name no device.
bool mac_address_valid(std::string_view text);

}  // namespace hearth::privacy::structured
