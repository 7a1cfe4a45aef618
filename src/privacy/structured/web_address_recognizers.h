// Email addresses and URLs. Both are grown from a short Hyperscan anchor to
// their natural end here, so no pattern has to match an unbounded run.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "../detection.h"

namespace hearth::privacy::structured {

// anchor_end: the end of the "x@y" anchor; the '@' is two bytes before it.
// Normalized: the address in lower case.
std::optional<Detection> confirm_email(std::string_view text, std::size_t anchor_end);

// begin: the scheme or "www.". The URL runs to the first byte no URL holds,
// minus trailing sentence punctuation and unbalanced closing brackets.
// Credentials in the authority, token-like query parameters and webhook
// hosts (Slack, Discord) raise the confidence: the URL is itself a secret,
// and is still reported once, as a URL.
// run_end receives the end of the run of URL bytes examined, confirmed or
// not, so that the anchors inside it are not grown again.
std::optional<Detection> confirm_url(std::string_view text, std::size_t begin,
                                     std::size_t& run_end);

}  // namespace hearth::privacy::structured
