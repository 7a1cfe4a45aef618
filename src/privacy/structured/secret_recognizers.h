// Credentials: PEM private keys, JSON Web Tokens and API keys with a
// documented shape. Passwords and other assigned secrets are in
// assignment_recognizers.h.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "../detection.h"
#include "api_key_formats.h"

namespace hearth::privacy::structured {

// Finds "-----END " markers for the BEGIN lines of one text without ever
// scanning a stretch of it twice: many BEGIN lines with no END (a log of
// truncated keys, hostile input) stay linear.
class PemEndMarkers {
 public:
  // The first "-----END " at or after from, or npos.
  std::size_t next(std::string_view text, std::size_t from);

 private:
  std::size_t searched_from_ = std::string_view::npos;
  std::size_t found_ = std::string_view::npos;
};

// begin/end: the "-----BEGIN ... PRIVATE KEY-----" line. The block runs
// through the closing "-----" of the matching END line; without one (a
// truncated paste) it covers the base64 lines that follow, at a lower
// confidence. Escaped newlines ("\n" inside a JSON string) are understood.
std::optional<Detection> confirm_private_key(std::string_view text, std::size_t begin,
                                             std::size_t end, PemEndMarkers& end_markers);

// begin: the "eyJ" that starts the header. Confirmed when the header decodes
// to a JSON object with "alg" and the payload to a JSON object.
std::optional<Detection> confirm_jwt(std::string_view text, std::size_t begin);

// begin/end: the anchor of `format`; the key is grown over its alphabet.
std::optional<Detection> confirm_api_key(std::string_view text, std::size_t begin, std::size_t end,
                                         const ApiKeyFormat& format);

}  // namespace hearth::privacy::structured
