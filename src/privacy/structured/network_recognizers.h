// IPv4, IPv6 and MAC addresses, with the look-alikes they must not be
// confused with: version strings ("v1.2.3.4", "Chrome/120.0.0.0"), times
// ("14:22:07"), C++ scopes ("std::move") and key fingerprints.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "../detection.h"

namespace hearth::privacy::structured {

std::optional<Detection> confirm_ipv4(std::string_view text, std::size_t begin, std::size_t end);

// anchor_end: the end of a "::" or "h:h:" anchor. The address is the run of
// hex digits, colons and dots around it; its end is stored in token_end so
// that the other anchors inside the same run are not examined again.
std::optional<Detection> confirm_ipv6(std::string_view text, std::size_t anchor_end,
                                      std::size_t& token_end);

// Normalized: lower-case, colon-separated.
std::optional<Detection> confirm_mac_address(std::string_view text, std::size_t begin,
                                             std::size_t end);

}  // namespace hearth::privacy::structured
