// Every shape the structured pass looks for, as Hyperscan patterns, and what
// confirms a candidate of each shape. The table is the single source for the
// combined database and for the one-database-per-pattern reference scan.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace hearth::privacy::structured {

// How a candidate is confirmed once Hyperscan reports it.
enum class CandidateKind : std::uint8_t {
  email,                    // anchor "x@y"; the address is grown around the '@'
  phone,                    // digits with separators; libphonenumber decides
  credit_card,              // grouped digits; network range, length, Luhn
  digit_run,                // 9 digits (an SSN next to "SSN") or 13-19 (a card number)
  iban,                     // country code, check digits, BBAN; length and mod-97
  ssn_separated,            // 123-45-6789 or 123 45 6789
  ipv4,                     // dotted quad
  ipv6,                     // anchor "::" or "h:h:"; the address is grown around it
  mac_address,              // three notations
  url,                      // anchor scheme:// or www.; the URL is grown to its end
  birth_date_keyword,       // "DOB", "born on", ...; a date must follow
  zip_after_state,          // "CA 94107": two capitals, a space, five digits
  zip_after_state_name,     // "Portland, Maine 04101"
  australian_postcode,      // "Parramatta NSW 2150"
  postal_code_keyword,      // "ZIP", "postcode", "PLZ", ...; a code must follow
  postal_code_before_city,  // ", 50933 Köln" / "\n1015 CJ Amsterdam": code, capitalized city
  postal_code_after_city,   // "Rotorua 3010." / "Cape Town, 8001" at a line's end
  uk_postcode,              // SW1A 1AA, and Irish Eircodes (D02 X285)
  canadian_postcode,        // K1A 0B1
                            // street
  passport_keyword,         // "passport no."; a number must follow
  drivers_license_keyword,  // "driver's license", "DL#"; a number must follow
  license_keyword,          // a bare "license": a number and other ID words must be near
  column_header,            // "dob" / "zip" / "password" as a CSV header cell or SQL column
  private_key_begin,        // -----BEGIN ... PRIVATE KEY-----; the END line closes it
  jwt,                      // anchor eyJ...; three base64url parts
  api_key,                  // a documented prefix; see api_key_formats.h
  password_assignment,      // password= / "password": / DB_PASSWORD: ...
  password_flag,            // --password X, sshpass -p X, keytool -storepass X
  password_attached_flag,   // mysql -pX, 7z -pX: the value follows the flag without a space
  password_sentence,        // "my password is X", "the password for the router is X"
  password_element,         // <password>X</password>
  sql_identified_by,        // IDENTIFIED BY 'X' / WITH PASSWORD 'X' / LOGIN PASSWORD 'X'
  password_quoted,          // password 'X': a quoted value right after the word
  secret_setting,           // <add key="WebhookSecret" value="X" />
  url_password,             // scheme://user:X@ for schemes other than http(s)/ftp
  pgpass_line,              // host:port:database:user:X
  secret_sentence,          // "the API key is X"
  secret_assignment,        // client_secret= / api-key: / AUTH_TOKEN= ...
  php_constant,             // define('DB_PASSWORD', 'X') / define('AUTH_KEY', 'X')
  bearer_token,             // Bearer X / Authorization: Token X
  basic_credentials,        // Authorization: Basic base64(user:password)
  credential_call,          // mysqli(host, user, X), HTTPBasicAuth(user, X), AWS SDK credentials
  credential_phrase,        // "login admin / X", "creds: app:X"
  user_colon_password,      // curl -u user:X
};

struct CandidatePattern {
  std::string_view expression;
  unsigned hyperscan_flags;  // HS_FLAG_CASELESS where needed; SOM is added from reports_start
  // Compiled with HS_FLAG_SOM_LEFTMOST so the candidate's start is known.
  // Keyword anchors only need their end (the value follows it), which keeps
  // them cheaper and lets Hyperscan compile them without SOM tracking.
  bool reports_start;
  CandidateKind kind;
  std::uint16_t api_key_format = 0;  // index into api_key_formats() for CandidateKind::api_key
};

std::span<const CandidatePattern> candidate_patterns();

// The longest text any pattern can match. The scanner feeds Hyperscan
// overlapping windows of a long input, and a window's margin must cover
// every match that crosses its edge; the scanner checks each pattern's
// width against this bound when it compiles them.
inline constexpr std::size_t kMaxPatternWidth = 512;

}  // namespace hearth::privacy::structured
