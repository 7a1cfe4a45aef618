// Passwords and secrets given by name: the value of `password=`, `"client_
// secret":`, `--password`, "my password is ...", `Authorization: Bearer`.
// The name is the Hyperscan anchor; the value after it is read and judged
// here. Only the value is reported, without its quotes.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "../detection.h"
#include "assigned_values.h"

namespace hearth::privacy::structured {

// A value found without a name before it (a table cell under a "password"
// header, a call's password argument) judged as a password: placeholders,
// references, hashes and prose words are not.
std::optional<Detection> password_detection(std::string_view text, const AssignedValue& value);
// The same for a value in a place that holds a secret key or session token
// (an SDK call's secret argument): high-entropy values only.
std::optional<Detection> secret_detection(std::string_view text, const AssignedValue& value);

// separator_end: where the "password =" / "password:" anchor ends.
std::optional<Detection> confirm_password_assignment(std::string_view text,
                                                     std::size_t separator_end);
// flag_end: after "--password " or "--password=".
std::optional<Detection> confirm_password_flag(std::string_view text, std::size_t flag_end);
// flag_end: right after "-p" in "mysql -pX": only a value written without
// a space counts (a space after -p makes the tool prompt for it).
std::optional<Detection> confirm_password_attached_flag(std::string_view text,
                                                        std::size_t flag_end);
// phrase_end: after "password is" / "password was set to" ... or after the
// verb and its space in "the password for the lab router is ".
std::optional<Detection> confirm_password_sentence(std::string_view text, std::size_t phrase_end);
// phrase_end: after "the API key is" / "token was": the value is judged as
// a secret (high entropy, no placeholder).
std::optional<Detection> confirm_secret_sentence(std::string_view text, std::size_t phrase_end);
// tag_end: after "<password>".
std::optional<Detection> confirm_password_element(std::string_view text, std::size_t tag_end);
// phrase_end: after SQL's "IDENTIFIED BY ".
std::optional<Detection> confirm_sql_password(std::string_view text, std::size_t phrase_end);

// password 'X': a quoted value right after the word, quote_at on its
// opening quote.
std::optional<Detection> confirm_quoted_password(std::string_view text, std::size_t quote_at);
// at_end: after the '@' of "scheme://user:password@"; only schemes other
// than http(s)/ftp, whose URLs are reported whole.
std::optional<Detection> confirm_url_password(std::string_view text, std::size_t at_end);
// fields_end: after "host:port:database:user:" at the start of a .pgpass line.
std::optional<Detection> confirm_pgpass_password(std::string_view text, std::size_t fields_end);

// separator_end: where a "…secret…=", "…token…:", "…key…=" anchor ends. The
// full name before it decides whether the value could be a secret
// (client_secret, AWS_SECRET_ACCESS_KEY) or is something else that happens
// to contain the word (public_key, idempotency_key, max_tokens, sha256_key).
std::optional<Detection> confirm_secret_assignment(std::string_view text,
                                                   std::size_t separator_end);
// comma_end: after PHP's "define('NAME',": WordPress keeps its database
// password and salts as constants (DB_PASSWORD, AUTH_KEY).
// <add key="WebhookSecret" value="X" />: the value of an XML setting whose
// name says it is a secret.
std::optional<Detection> confirm_secret_setting(std::string_view text, std::size_t equals_end);

std::optional<Detection> confirm_php_constant(std::string_view text, std::size_t comma_end);
// scheme_end: after "Bearer ".
std::optional<Detection> confirm_bearer_token(std::string_view text, std::size_t scheme_end);
// scheme_end: after "Authorization: Basic ".
std::optional<Detection> confirm_basic_credentials(std::string_view text, std::size_t scheme_end);

}  // namespace hearth::privacy::structured
