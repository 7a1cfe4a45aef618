// Credentials given by position rather than by name: the password argument
// of a connection or login call (`new mysqli("db", "app", "X", "shop")`),
// the secret arguments of an SDK's static-credentials constructor, a
// user/password pair in a message ("login admin / X", "creds: app:X") and
// curl's `-u user:X`. The call or the phrase is the Hyperscan anchor; where
// the value sits is read here.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "../detection.h"

namespace hearth::privacy::structured {

// paren_end: after the '(' of a call the pattern named. Appends one
// detection per credential argument that is a string literal and passes
// the password or secret checks; arguments that are variables are skipped.
void find_call_credentials(std::string_view text, std::size_t paren_end, Detections& out);

// phrase_end: after "login", "creds", "user/pass" ... The pair is read from
// the rest of the line: "user / password" anywhere in it, or "user:password"
// as the first thing after the phrase. Only a value shaped like a password
// (a letter and a digit, a symbol or mixed case) is reported: prose after
// "login" is far more common than credentials.
std::optional<Detection> confirm_credential_pair(std::string_view text, std::size_t phrase_end);

// value_start: after curl's "-u " or "--user=": the value is user:password.
std::optional<Detection> confirm_user_colon_password(std::string_view text,
                                                     std::size_t value_start);

}  // namespace hearth::privacy::structured
